package io.recorder.benchmarks.cost;

import io.recorder.benchmarks.Machine;
import io.recorder.dynamodb.ItemSizes;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.dynamodb.SpendingRollups;
import io.recorder.ledger.recurring.MonthlyRollup;
import java.util.List;
import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesHistory;
import io.recorder.http.JsonBodies;
import io.recorder.ledger.IdempotencyKey;
import io.recorder.ledger.PaymentLedger;
import io.recorder.ledger.PaymentRecorder;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cost per recorded payment (driven by scripts/perf/cost.sh). dynalite reports no consumed capacity,
 * so request units are computed from the real items' sizes as DynamoDB bills them ({@link ItemSizes}):
 * the payment event item built by {@link PaymentItems} (plus its two ALL-projected index entries),
 * and the recurring-series projection item as it grows over ten years of monthly payments. Then
 * dollars per million payments at list prices, next to the common alternative: a separate
 * Powertools-style idempotency table (in-progress put + completion update + the event write).
 *
 * <p>Prices: us-east-1, on-demand, list prices as of 2026-01 (edit {@link Prices} to re-run for
 * another region or tier). Every assumption is printed next to the result.
 */
public final class CostPerPayment {
    private static final ClientId CLIENT = new ClientId("acme-corporation");
    private static final Description GYM = new Description("Gym membership");
    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final SeriesId SERIES = SeriesId.of(CLIENT, GYM, USD);
    /** DynamoDB adds this to each global secondary index entry (AWS: "Item sizes and formats"). */
    private static final int INDEX_ENTRY_OVERHEAD = 100;

    /** List prices, us-east-1 (USD). */
    record Prices(BigDecimal apiGatewayRestPerMillion, BigDecimal lambdaRequestsPerMillion, BigDecimal lambdaArmGbSecond,
                  BigDecimal writeRequestUnitPerMillion, BigDecimal readRequestUnitPerMillion, BigDecimal logsIngestionPerGb) {
        static final Prices US_EAST_1 = new Prices(new BigDecimal("3.50"), new BigDecimal("0.20"),
                new BigDecimal("0.0000133334"), new BigDecimal("0.625"), new BigDecimal("0.125"), new BigDecimal("0.50"));
    }

    /** Dollars are computed exactly (decimal), like all money in this project; only display rounds. */
    private static final MathContext MONEY = MathContext.DECIMAL64;

    private static BigDecimal dec(double quantity) {
        return BigDecimal.valueOf(quantity);
    }

    /** Lambda compute for one million invocations of {@code billedMs} at {@code memoryMb}, in dollars. */
    private static BigDecimal lambdaCompute(double billedMs, int memoryMb, Prices tariff) {
        BigDecimal gbSeconds = dec(1e6).multiply(dec(billedMs)).multiply(BigDecimal.valueOf(memoryMb))
                .divide(BigDecimal.valueOf(1000L * 1024L), MONEY);
        return gbSeconds.multiply(tariff.lambdaArmGbSecond(), MONEY);
    }

    /** What a function does per payment, in Lambda terms (assumptions, printed). */
    record Workload(int ingestMemoryMb, double ingestBilledMs, int projectionsMemoryMb, double projectionsBilledMsPerBatch,
                    int paymentsPerBatch, double logBytesPerIngest) {
    }

    public static void main(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Workload work = new Workload(1024,
                Double.parseDouble(o.getOrDefault("ingest-ms", "20")),
                1024,
                Double.parseDouble(o.getOrDefault("projections-ms-per-batch", "200")),
                Integer.parseInt(o.getOrDefault("payments-per-batch", "25")),
                Double.parseDouble(o.getOrDefault("log-bytes-per-ingest", "900")));
        Prices prices = Prices.US_EAST_1;

        System.out.printf("## Cost per payment%n%n%s%n%n", Machine.describe());

        PaymentRecorded payment = recordedThroughTheUseCase();
        Map<String, AttributeValue> eventItem = PaymentItems.toItem(payment);
        long eventBytes = ItemSizes.bytes(eventItem);
        long eventWcu = ItemSizes.writeUnits(eventBytes);
        long indexWcu = 2 * ItemSizes.writeUnits(eventBytes + INDEX_ENTRY_OVERHEAD);

        System.out.println("| item | size (bytes) | write units per write | read units per strongly consistent read |");
        System.out.println("|---|---|---|---|");
        System.out.printf("| PaymentRecorded event (table) | %d | %d | %d |%n", eventBytes, eventWcu, ItemSizes.stronglyConsistentReadUnits(eventBytes));
        System.out.printf("| its entry in byTime and in bySeries (ALL projection, +100 B each) | %d | %d each | – |%n",
                eventBytes + INDEX_ENTRY_OVERHEAD, ItemSizes.writeUnits(eventBytes + INDEX_ENTRY_OVERHEAD));
        int months = 120;
        double wcuSum = 0;
        double rcuSum = 0;
        double dueWcuSum = 0;
        long previousDueEntry = 0;
        SeriesHistory history = SeriesHistory.empty();
        for (int n = 1; n <= months; n++) {
            history = history.with(SeriesPayment.of(payment(n, LocalDate.of(2016, 1, 15).plusMonths(n - 1))));
            StoredSeries stored = new StoredSeries(CLIENT, SERIES, GYM.text(), USD, history, n);
            long bytes = ItemSizes.projection(stored);
            wcuSum += ItemSizes.writeUnits(bytes);
            // byDue (ADR 0008): no entry until paid twice; then each payment moves the next expected date,
            // which DynamoDB bills as a delete of the old entry and a put of the new one.
            long dueEntry = ItemSizes.dueIndexEntry(stored);
            if (dueEntry > 0) {
                dueWcuSum += ItemSizes.writeUnits(dueEntry) + (previousDueEntry > 0 ? ItemSizes.writeUnits(previousDueEntry) : 0);
            }
            previousDueEntry = dueEntry;
            // The projector reads the stored series (strongly consistent) before each conditional write; the first finds nothing.
            rcuSum += n == 1 ? 1 : ItemSizes.stronglyConsistentReadUnits(bytes);
            if (n == 1 || n == 12 || n == 60 || n == 120) {
                System.out.printf(Locale.ROOT, "| RecurringSeries projection, %d monthly payments | %d | %d (%.2f amortized over payments 1–%d) | %d |%n", n, bytes,
                        ItemSizes.writeUnits(bytes), wcuSum / n, n, ItemSizes.stronglyConsistentReadUnits(bytes));
            }
        }
        double projectionWcu = wcuSum / months;
        double projectionRcu = rcuSum / months;
        double dueIndexWcu = dueWcuSum / months;
        // Monthly spending cells (ADR 0011): each payment reads its cell (strongly consistent) and writes it, unless the
        // batch holds other payments of the same cell. A monthly series' payment is alone in its month's cell.
        MonthlyRollup cell = MonthlyRollup.empty(MonthlyRollup.Cell.of(payment, SpendingRollups.CELL_OF));
        cell = MonthlyRollup.evolve(cell, List.of(payment), SpendingRollups.CELL_OF).rollup();
        long cellBytes = ItemSizes.spendingCell(cell, 1);
        double cellWcu = ItemSizes.writeUnits(cellBytes);
        double cellRcu = 1;
        System.out.printf(Locale.ROOT, "%nMonthly spending cell (ADR 0011) holding one payment: %d B; %.2f write units and %.2f read units per payment"
                + " when each payment is alone in its cell in its batch (every payment of a monthly series is).%n", cellBytes, cellWcu, cellRcu);
        burst();
        System.out.printf(Locale.ROOT, "%nbyDue index entry (INCLUDE summary, +100 B): %d B at 120 payments; %.2f write units per payment amortized (a moved entry is a delete and a put).%n",
                previousDueEntry, dueIndexWcu);
        System.out.printf(Locale.ROOT, "%nProjection update, amortized over a 10-year monthly series (one stream batch per payment of a series): %.2f write units, %.2f read units per payment.%n%n",
                projectionWcu, projectionRcu);

        // Powertools idempotency (DynamoDB persistence store): one record per request key.
        Map<String, AttributeValue> inProgress = Map.of(
                "id", AttributeValue.fromS("recorder-ingest#3f2a1c9d0b8e7f6a5d4c3b2a19087f6e"),
                "expiration", AttributeValue.fromN("1722602101"),
                "in_progress_expiration", AttributeValue.fromN("1722515711000"),
                "status", AttributeValue.fromS("INPROGRESS"));
        Map<String, AttributeValue> completed = new HashMap<>(inProgress);
        completed.put("status", AttributeValue.fromS("COMPLETED"));
        completed.put("data", AttributeValue.fromS("{\"statusCode\":201,\"headers\":{\"Content-Type\":\"application/json; charset=utf-8\","
                + "\"Cache-Control\":\"no-store\",\"Location\":\"/payments/" + payment.paymentId().value() + "\"},\"body\":\""
                + "{\\\"paymentId\\\":\\\"" + payment.paymentId().value() + "\\\",\\\"paymentTimestamp\\\":\\\"2024-08-01T12:34:56Z\\\","
                + "\\\"paymentDescription\\\":\\\"Gym membership\\\",\\\"currency\\\":\\\"USD\\\",\\\"amount\\\":\\\"500.00\\\","
                + "\\\"seriesId\\\":\\\"" + SERIES.value() + "\\\",\\\"recordedAt\\\":\\\"2024-08-01T12:35:01Z\\\"}\",\"isBase64Encoded\":false}"));
        completed.put("validation", AttributeValue.fromS("9e107d9d372bb6826bd81d3542a419d6"));
        long inProgressWcu = ItemSizes.writeUnits(ItemSizes.bytes(inProgress));
        long completedWcu = ItemSizes.writeUnits(ItemSizes.bytes(completed));
        System.out.printf("Idempotency-table alternative: in-progress put %d B → %d WU, completion update %d B → %d WU (updates bill the larger of the item before and after).%n%n",
                ItemSizes.bytes(inProgress), inProgressWcu, ItemSizes.bytes(completed), completedWcu);

        double ours = eventWcu + indexWcu + projectionWcu + dueIndexWcu + cellWcu;
        double alternative = inProgressWcu + completedWcu + eventWcu + indexWcu + projectionWcu + dueIndexWcu + cellWcu;
        double reads = projectionRcu + cellRcu;
        System.out.println("| per recorded payment | this design (event is its own idempotency record) | separate idempotency table |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| write units: the append | %d | %d (in-progress) + %d (completion) + %d (event) |%n",
                eventWcu, inProgressWcu, completedWcu, eventWcu);
        System.out.printf(Locale.ROOT, "| write units: index entries | %d | %d |%n", indexWcu, indexWcu);
        System.out.printf(Locale.ROOT, "| write units: projection (amortized) | %.2f | %.2f |%n", projectionWcu, projectionWcu);
        System.out.printf(Locale.ROOT, "| write units: its byDue index entry (amortized) | %.2f | %.2f |%n", dueIndexWcu, dueIndexWcu);
        System.out.printf(Locale.ROOT, "| write units: its monthly spending cell | %.2f | %.2f |%n", cellWcu, cellWcu);
        System.out.printf(Locale.ROOT, "| read units: projection (amortized) and cell | %.2f | %.2f |%n", reads, reads);
        System.out.printf(Locale.ROOT, "| **write units, total** | **%.2f** | **%.2f** |%n%n", ours, alternative);

        BigDecimal lambdaIngest = prices.lambdaRequestsPerMillion()
                .add(lambdaCompute(work.ingestBilledMs(), work.ingestMemoryMb(), prices));
        BigDecimal lambdaProjections = prices.lambdaRequestsPerMillion()
                .add(lambdaCompute(work.projectionsBilledMsPerBatch(), work.projectionsMemoryMb(), prices))
                .divide(BigDecimal.valueOf(work.paymentsPerBatch()), MONEY);
        BigDecimal apiGateway = prices.apiGatewayRestPerMillion();
        BigDecimal logs = dec(1e6).multiply(dec(work.logBytesPerIngest())).divide(dec(1e9), MONEY).multiply(prices.logsIngestionPerGb());
        BigDecimal dynamoOurs = dec(ours).multiply(prices.writeRequestUnitPerMillion())
                .add(dec(reads).multiply(prices.readRequestUnitPerMillion()), MONEY);
        BigDecimal dynamoAlt = dec(alternative).multiply(prices.writeRequestUnitPerMillion())
                .add(dec(reads).multiply(prices.readRequestUnitPerMillion()), MONEY);
        // The alternative's extra DynamoDB round trips (two) also lengthen the ingest invocation: ~5 ms each in-region.
        BigDecimal lambdaIngestAlt = prices.lambdaRequestsPerMillion()
                .add(lambdaCompute(work.ingestBilledMs() + 10, work.ingestMemoryMb(), prices));
        System.out.println("| $ per million recorded payments (us-east-1 list prices) | this design | separate idempotency table |");
        System.out.println("|---|---|---|");
        row("API Gateway REST API ($3.50 per million requests)", apiGateway, apiGateway);
        row(String.format(Locale.ROOT, "Lambda ingest (arm64, %d MB, %.0f ms billed; +10 ms for two more calls)", work.ingestMemoryMb(), work.ingestBilledMs()),
                lambdaIngest, lambdaIngestAlt);
        row(String.format(Locale.ROOT, "Lambda projections (%.0f ms per batch of %d payments)", work.projectionsBilledMsPerBatch(), work.paymentsPerBatch()),
                lambdaProjections, lambdaProjections);
        row("DynamoDB on demand ($0.625 per million write units, $0.125 per million read units)", dynamoOurs, dynamoAlt);
        row(String.format(Locale.ROOT, "CloudWatch Logs ingestion (%.0f B of JSON log + EMF per request, $0.50/GB)", work.logBytesPerIngest()), logs, logs);
        BigDecimal total = apiGateway.add(lambdaIngest).add(lambdaProjections).add(dynamoOurs).add(logs);
        BigDecimal totalAlt = apiGateway.add(lambdaIngestAlt).add(lambdaProjections).add(dynamoAlt).add(logs);
        BigDecimal extraPercent = totalAlt.divide(total, MONEY).subtract(BigDecimal.ONE).movePointRight(2);
        System.out.printf(Locale.ROOT, "| **total** | **$%.2f** | **$%.2f** (+%.0f%%) |%n%n", total, totalAlt, extraPercent);
        System.out.println("Not included: storage ($0.25 per GB-month; an event is about " + eventBytes + " B in the table and as much again in each index),"
                + " DynamoDB Streams reads by Lambda (free), SnapStart for Java (no charge), data transfer, X-Ray/OTLP.");
        System.out.println();
        System.out.println("Budgets:");
        System.out.printf("%s write units per recorded payment for the append: %d (budget ≤ 1)%n", eventWcu <= 1 ? "PASS" : "FAIL", eventWcu);
        System.out.printf(Locale.ROOT, "%s write units per payment for projections, amortized: %.2f (budget ≤ 1)%n",
                projectionWcu <= 1 ? "PASS" : "FAIL", projectionWcu);
        BigDecimal budget = new BigDecimal("7.16"); // issue 11: what a payment cost before the read model's items and indexes
        System.out.printf(Locale.ROOT, "%s $ per million payments of a monthly series: $%.2f (budget ≤ $%s)%n",
                total.compareTo(budget) <= 0 ? "PASS" : "FAIL", total, budget.toPlainString());
        System.out.printf("REPORT the two ALL-projected indexes add %d write units per payment (%d in total per payment, before projections)%n",
                indexWcu, eventWcu + indexWcu);
    }

    /**
     * One client recording 10,000 payments of one month within minutes (the read-scale benchmark's one-offs),
     * delivered in batches of 100: each batch writes each cell it touches once, at the cell's size after it.
     */
    private static void burst() {
        int payments = 10_000;
        int batch = 100;
        Map<MonthlyRollup.Cell, MonthlyRollup> cells = new HashMap<>();
        long writeUnits = 0;
        long largest = 0;
        for (int first = 0; first < payments; first += batch) {
            Map<MonthlyRollup.Cell, List<PaymentRecorded>> touched = new HashMap<>();
            for (int n = first; n < first + batch; n++) {
                PaymentRecorded dated = payment(1_000 + n, LocalDate.of(2026, 11, 1 + n % 30));
                PaymentRecorded p = new PaymentRecorded(dated.paymentId(), CLIENT, SERIES, dated.paymentTimestamp(), GYM, dated.amount(),
                        Instant.parse("2026-11-30T10:00:00Z").plusMillis(20L * n), dated.fingerprint());
                touched.computeIfAbsent(MonthlyRollup.Cell.of(p, SpendingRollups.CELL_OF), c -> new java.util.ArrayList<>()).add(p);
            }
            for (Map.Entry<MonthlyRollup.Cell, List<PaymentRecorded>> entry : touched.entrySet()) {
                MonthlyRollup after = MonthlyRollup.evolve(cells.getOrDefault(entry.getKey(), MonthlyRollup.empty(entry.getKey())),
                        entry.getValue(), SpendingRollups.CELL_OF).rollup();
                cells.put(entry.getKey(), after);
                long bytes = ItemSizes.spendingCell(after, 1);
                largest = Math.max(largest, bytes);
                writeUnits += ItemSizes.writeUnits(bytes);
            }
        }
        System.out.printf(Locale.ROOT, "A burst of %,d payments of one client and month within 48 h, in batches of %d: %d cells, the largest %,d B;"
                + " %.2f write units per payment for the cells.%n%n", payments, batch, cells.size(), largest, (double) writeUnits / payments);
    }

    /** The event exactly as the ingest path builds it: the published example, through PaymentRecorder. */
    private static PaymentRecorded recordedThroughTheUseCase() {
        PaymentRecorded[] appended = new PaymentRecorded[1];
        PaymentLedger capture = new PaymentLedger() {
            @Override
            public AppendResult append(PaymentRecorded event) {
                appended[0] = event;
                return new Appended();
            }

            @Override
            public Optional<PaymentRecorded> find(ClientId client, PaymentId id) {
                return Optional.empty();
            }
        };
        var fields = ((JsonBodies.Fields) JsonBodies.parse(
                "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym membership\",\"currency\":\"USD\",\"amount\":500}")).fields();
        new PaymentRecorder(capture, Clock.fixed(Instant.parse("2024-08-01T12:35:01Z"), ZoneOffset.UTC))
                .record(CLIENT, Optional.of(new IdempotencyKey("7d0e2c1a-gym-2024-08")), fields);
        return appended[0];
    }

    private static void row(String what, BigDecimal ours, BigDecimal alternative) {
        System.out.printf(Locale.ROOT, "| %s | $%.2f | $%.2f |%n", what, ours, alternative);
    }

    private static PaymentRecorded payment(long n, LocalDate date) {
        Instant at = date.atTime(12, 34, 56).toInstant(ZoneOffset.UTC);
        String digits = Long.toString(n, 32).replace('i', 'x').replace('l', 'y').replace('o', 'z').replace('u', 'w');
        PaymentId id = new PaymentId("pay_01j4" + "0".repeat(22 - digits.length()) + digits);
        return new PaymentRecorded(id, CLIENT, SERIES, at, GYM, Money.of("500.00", "USD"), at.plusSeconds(5),
                "3f2a1c9d0b8e7f6a5d4c3b2a19087f6e3f2a1c9d0b8e7f6a5d4c3b2a19087f6e");
    }
}
