package io.recorder.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.recorder.dynamodb.DynamoDbPaymentLedger;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.ReversalItems;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.dynamodb.SpendingRollups;
import io.recorder.ledger.recurring.MonthlyRollup;
import io.recorder.ledger.recurring.MonthlySpending;
import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.ReversalId;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesHistory;
import io.recorder.localengine.Dynalite;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The rebuild and audit command, run as a user runs it (arguments in, exit code and lines out),
 * against a ledger written by the real ledger adapter and projected by the real handler.
 */
class ProjectionsCommandIT {
    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final Instant NOW = Instant.parse("2025-01-10T00:00:00Z");
    private static final ClientId ACME = new ClientId("acme");
    private static final ClientId GLOBEX = new ClientId("globex");

    private static Dynalite engine;
    private static DynamoDbClient dynamo;
    private String tableName;
    private SeriesProjections projections;
    private final List<PaymentRecorded> ledger = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private int nextId;

    @BeforeAll
    static void startEngine() {
        engine = Dynalite.inMemory();
        dynamo = engine.client();
    }

    @AfterAll
    static void stopEngine() {
        dynamo.close();
        engine.close();
    }

    @BeforeEach
    void aProjectedLedger() {
        tableName = "ledger-" + UUID.randomUUID();
        LedgerTable table = new LedgerTable(dynamo, tableName);
        table.createIfMissing();
        projections = new SeriesProjections(table);
        for (int month = 1; month <= 12; month++) {
            record(ACME, "Gym", String.format("2024-%02d-01T07:00:00Z", month), "500", "USD");
        }
        record(ACME, "Coffee", "2024-11-03T08:10:00Z", "3.80", "EUR");
        record(ACME, "coffee", "2024-12-19T08:40:00Z", "4.10", "EUR");
        record(GLOBEX, "Rent", "2024-11-30T09:00:00Z", "1200", "GBP");
        record(GLOBEX, "Rent", "2024-12-31T09:00:00Z", "1200", "GBP");
        project(ledger);
    }

    @Test
    void the_audit_of_projections_kept_by_the_stream_finds_no_difference() {
        int exit = command("audit");

        assertThat(exit).isZero();
        assertThat(stdout()).contains("audit: 16 events read, 3 series in the ledger, 3 stored; 16 monthly spending cells in the ledger, 16 stored; 0 differences");
        assertThat(stderr()).contains("ledger: 16 events read, done");
    }

    @Test
    void the_audit_reports_missing_extra_and_differing_series_and_the_rebuild_repairs_them() {
        SeriesId gym = series(ACME, "Gym", "USD");
        SeriesId coffee = series(ACME, "Coffee", "EUR");
        SeriesId rent = series(GLOBEX, "Rent", "GBP");
        StoredSeries storedGym = projections.load(ACME, gym).orElseThrow();
        List<SeriesPayment> corrupted = new ArrayList<>(ledger.subList(0, 12).stream().map(SeriesPayment::of).toList());
        corrupted.remove(3);
        SeriesPayment last = corrupted.remove(corrupted.size() - 1);
        corrupted.add(new SeriesPayment(last.paymentId(), last.paymentTimestamp(), Money.of("5000", "USD"), last.recordedAt()));
        projections.save(new StoredSeries(ACME, gym, "Gym", storedGym.currency(), SeriesHistory.of(corrupted), storedGym.version() + 1));
        projections.delete(ACME, coffee);
        SeriesId ghost = series(GLOBEX, "Ghost", "USD");
        projections.save(new StoredSeries(GLOBEX, ghost, "Ghost", CurrencyCode.of("USD"),
                SeriesHistory.of(List.of(new SeriesPayment(paymentId(999), NOW, Money.of("1", "USD"), NOW))), 1));

        int exit = command("audit", "--settle", "0");

        assertThat(exit).isEqualTo(1);
        assertThat(stdout()).contains(
                "DIFFERS  client=acme series=" + gym + " count 12 → stored 11; total 6000.00 → stored 10000.00;"
                        + " missing payments 2024-04-01T07:00:00Z 500.00 USD, 2024-12-01T07:00:00Z 500.00 USD;"
                        + " unexpected payments 2024-12-01T07:00:00Z 5000.00 USD",
                "MISSING  client=acme series=" + coffee + " ledger: 2 payments, total 7.90 EUR; no projection stored",
                "EXTRA    client=globex series=" + ghost + " stored: 1 payments, but no payment of this series is in the ledger",
                "audit: 16 events read, 3 series in the ledger, 3 stored; 16 monthly spending cells in the ledger, 16 stored; 3 differences");
        assertThat(stdout()).doesNotContain(rent.value());

        out.reset();
        assertThat(command("rebuild")).isZero();
        assertThat(stdout()).contains("rebuild: 16 events read, 3 series in the ledger; 2 written, 1 already right, 1 deleted");
        assertThat(projections.load(ACME, coffee).orElseThrow().description()).isEqualTo("coffee"); // the latest payment's text

        out.reset();
        assertThat(command("audit")).isZero();
        assertThat(stdout()).contains("0 differences");
    }

    @Test
    void the_audit_reports_missing_and_wrong_monthly_spending_cells_and_the_rebuild_repairs_them() {
        SpendingRollups rollups = new SpendingRollups(new LedgerTable(dynamo, tableName));
        List<SpendingRollups.StoredRollup> acme = new ArrayList<>();
        rollups.forClient(ACME, acme::add);
        SpendingRollups.StoredRollup march = acme.stream()
                .filter(c -> c.rollup().cell().month().equals(java.time.YearMonth.of(2024, 3))).findFirst().orElseThrow();
        SpendingRollups.StoredRollup november = acme.stream()
                .filter(c -> c.rollup().cell().month().equals(java.time.YearMonth.of(2024, 11))
                        && c.rollup().cell().currency().code().equals("EUR")).findFirst().orElseThrow();
        MonthlyRollup m = march.rollup();
        assertThat(rollups.save(new MonthlyRollup(m.cell(), m.total().plus(Money.of("0.01", "USD")), m.payments(), m.recent()),
                march.version() + 1)).isTrue();
        // What a deployment before monthly cells existed has: no cell for payments it recorded.
        assertThat(rollups.delete(november.rollup().cell(), november.version())).isTrue();

        assertThat(command("audit", "--settle", "0")).isEqualTo(1);
        assertThat(stdout()).contains(
                "DIFFERS  " + RollupMaintenance.describe(m.cell()) + " total 500.00 → stored 500.01",
                "MISSING  " + RollupMaintenance.describe(november.rollup().cell()) + " ledger: 1 payments, total 3.80 EUR",
                "; 2 differences");
        assertThat(get(ACME, "2024-03", "2024-03")).isEqualTo("{\"2024-03\":{\"USD\":\"500.01\"}}");

        out.reset();
        assertThat(command("rebuild")).isZero();
        assertThat(stdout()).contains("monthly spending cells: 16 in the ledger, 2 written, 14 already right, 0 deleted");
        assertThat(get(ACME, "2024-03", "2024-03")).isEqualTo("{\"2024-03\":{\"USD\":\"500.00\"}}");
        assertThat(get(ACME, "2024-11", "2024-11")).isEqualTo("{\"2024-11\":{\"EUR\":\"3.80\",\"USD\":\"500.00\"}}");
        out.reset();
        assertThat(command("audit")).isZero();
    }

    /** The client's monthly spending as month → currency → total, read from the cells as the API reads them. */
    private String get(ClientId client, String from, String to) {
        SpendingRollups rollups = new SpendingRollups(new LedgerTable(dynamo, tableName));
        StringBuilder out = new StringBuilder("{");
        MonthlySpending.ofRollups(client, rollups.between(client, Optional.of(java.time.YearMonth.parse(from)),
                        Optional.of(java.time.YearMonth.parse(to))), Optional.empty(), Optional.empty()).months()
                .forEach((month, perCurrency) -> {
                    out.append(out.length() > 1 ? "," : "").append('"').append(month).append("\":{");
                    StringBuilder currencies = new StringBuilder();
                    perCurrency.forEach((currency, total) -> currencies.append(currencies.length() > 0 ? "," : "")
                            .append('"').append(currency).append("\":\"").append(total.toPlainString()).append('"'));
                    out.append(currencies).append('}');
                });
        return out.append('}').toString();
    }

    @Test
    void items_written_before_summaries_were_stored_are_audited_as_such_and_upgraded_by_the_rebuild() {
        SeriesId gym = series(ACME, "Gym", "USD");
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key = Map.of(
                LedgerTable.PK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(LedgerTable.recurringPk(ACME)),
                LedgerTable.SK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(gym.value()));
        // What the code before ADR 0008 wrote: the history, no summary attributes, no byDue keys.
        dynamo.updateItem(r -> r.tableName(tableName).key(key)
                .updateExpression("REMOVE t, a, la, fp, lp, k, cf, nx, lt, sa, gsi3pk, gsi3sk"));
        assertThat(projections.load(ACME, gym).orElseThrow().storedSummary()).isEmpty();
        assertThat(projections.recurring(ACME, java.util.List.of(SeriesProjections.DueRange.all()), java.util.Optional.empty(), s -> true, 10).items()).extracting(s -> s.seriesId()).doesNotContain(gym);
        assertThat(projections.all(ACME, java.util.Optional.empty(), s -> true, 10).items())
                .anySatisfy(s -> assertThat(s.seriesId()).isEqualTo(gym)); // still listed when asked for every series

        assertThat(command("audit", "--settle", "0")).isEqualTo(1);
        assertThat(stdout()).contains("DIFFERS  client=acme series=" + gym + " no stored summary");

        out.reset();
        assertThat(command("rebuild")).isZero();
        assertThat(stdout()).contains("1 written");
        assertThat(projections.load(ACME, gym).orElseThrow().storedSummary()).isPresent();
        assertThat(projections.recurring(ACME, java.util.List.of(SeriesProjections.DueRange.all()), java.util.Optional.empty(), s -> true, 10).items()).extracting(s -> s.seriesId()).contains(gym);
        out.reset();
        assertThat(command("audit")).isZero();
    }

    @Test
    void a_rebuild_of_one_client_touches_no_other_client() {
        SeriesId rent = series(GLOBEX, "Rent", "GBP");
        projections.delete(GLOBEX, rent);
        SeriesId gym = series(ACME, "Gym", "USD");
        StoredSeries storedGym = projections.load(ACME, gym).orElseThrow();
        projections.save(new StoredSeries(ACME, gym, "wrong", storedGym.currency(), storedGym.history(), storedGym.version() + 1));

        assertThat(command("rebuild", "--client", "acme")).isZero();

        assertThat(stdout()).contains("rebuild: 14 events read, 2 series in the ledger; 1 written, 1 already right, 0 deleted");
        assertThat(projections.load(ACME, gym).orElseThrow().description()).isEqualTo("Gym");
        assertThat(projections.load(GLOBEX, rent)).isEmpty();
        out.reset();
        assertThat(command("audit", "--client", "globex", "--settle", "0")).isEqualTo(1);
        assertThat(stdout()).contains("MISSING  client=globex series=" + rent);
    }

    @Test
    void a_payment_recorded_and_projected_while_the_rebuild_reads_the_ledger_is_kept() {
        // Traffic during the rebuild: right after the ledger scan's first page, a payment is recorded and the
        // stream applies it. The scan has passed it; the projection has it; the rebuild must not drop it.
        PaymentRecorded late = payment(ACME, "Gym", "2025-01-01T07:00:00Z", "550", "USD");
        AtomicBoolean once = new AtomicBoolean();
        ExecutionInterceptor traffic = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof ScanRequest scan && scan.filterExpression() != null
                        && once.compareAndSet(false, true)) {
                    new DynamoDbPaymentLedger(new LedgerTable(dynamo, tableName)).append(late);
                    project(List.of(late));
                }
            }
        };
        try (DynamoDbClient withTraffic = StoreFaults.client(engine.endpoint(), traffic)) {
            ProjectionMaintenance.RebuildReport report = new ProjectionMaintenance(withTraffic, tableName,
                    new PrintStream(err, true, StandardCharsets.UTF_8)).rebuild(java.util.Optional.empty());
            assertThat(report.events()).isEqualTo(16); // the scan did not see it
        }

        StoredSeries gym = projections.load(ACME, series(ACME, "Gym", "USD")).orElseThrow();
        assertThat(gym.history().recentlyApplied(late.paymentId())).isTrue();
        assertThat(gym.history().size()).isEqualTo(13);
        assertThat(command("audit", "--settle", "0")).isZero();
    }

    @Test
    void a_first_delivery_later_than_the_window_is_taken_as_applied_and_the_audit_finds_it_and_the_rebuild_repairs_it() {
        // What only an outage past the stream's retention can cause: a payment recorded ten days before the
        // series' newest (December 1st) reaches the projection for the first time now. ADR 0007: taken as applied.
        SeriesId gym = series(ACME, "Gym", "USD");
        Description text = new Description("Gym");
        PaymentRecorded lateFirst = new PaymentRecorded(paymentId(nextId++), ACME, gym, Instant.parse("2024-11-15T07:00:00Z"),
                text, Money.of("42", "USD"), Instant.parse("2024-11-21T07:00:00Z"), "fp-late");
        new DynamoDbPaymentLedger(new LedgerTable(dynamo, tableName)).append(lateFirst);
        project(List.of(lateFirst));
        assertThat(projections.load(ACME, gym).orElseThrow().history().size()).isEqualTo(12);

        assertThat(command("audit", "--settle", "0")).isEqualTo(1);
        assertThat(stdout()).contains("DIFFERS  client=acme series=" + gym + " count 13 → stored 12; total 6042.00 → stored 6000.00;"
                + " missing payments 2024-11-15T07:00:00Z 42.00 USD");

        out.reset();
        assertThat(command("rebuild")).isZero();
        assertThat(projections.load(ACME, gym).orElseThrow().history().size()).isEqualTo(13);
        out.reset();
        assertThat(command("audit")).isZero();
    }

    @Test
    void bad_arguments_exit_with_2_and_the_usage() {
        assertThat(command("rebiuld")).isEqualTo(2);
        assertThat(stderr()).contains("the first argument is rebuild or audit", "Usage:");
        assertThat(command("audit", "--client", "no spaces allowed")).isEqualTo(2);
    }

    // ------------------------------------------------------------------------------------------

    @Test
    void a_reversal_the_stream_missed_is_found_by_the_audit_and_the_rebuild_takes_the_payment_out() {
        SeriesId rent = series(GLOBEX, "Rent", "GBP");
        PaymentRecorded wrong = payment(GLOBEX, "Rent", "2025-01-02T09:00:00Z", "12000", "GBP");
        DynamoDbPaymentLedger store = new DynamoDbPaymentLedger(new LedgerTable(dynamo, tableName));
        store.append(wrong);
        project(List.of(wrong));
        PaymentReversed reversal = PaymentReversed.of(wrong, new ReversalId("rev_" + wrong.paymentId().value().substring(4)),
                Optional.empty(), wrong.recordedAt().plusSeconds(60), "fp-reversal");
        store.append(reversal); // written, but its stream record never reached the projection

        int auditExit = command("audit");
        String audit = stdout();
        int rebuildExit = command("rebuild");
        int auditAfter = command("audit");

        assertThat(auditExit).isEqualTo(1);
        assertThat(audit).contains("18 events read").contains(rent.value()).contains("total 2400.00 → stored 14400.00");
        assertThat(rebuildExit).isZero();
        assertThat(auditAfter).isZero();
        StoredSeries stored = projections.load(GLOBEX, rent).orElseThrow();
        assertThat(stored.history().size()).isEqualTo(2);
        assertThat(stored.history().reversedEntries()).hasSize(1);
        assertThat(stored.storedSummary().orElseThrow().total().amount()).isEqualByComparingTo("2400");
    }

    @Test
    void a_series_whose_only_payment_is_reversed_is_kept_for_deduplication_but_has_no_summary() {
        PaymentRecorded once = payment(ACME, "Taxi", "2025-01-03T22:00:00Z", "35", "EUR");
        DynamoDbPaymentLedger store = new DynamoDbPaymentLedger(new LedgerTable(dynamo, tableName));
        store.append(once);
        PaymentReversed reversal = PaymentReversed.of(once, new ReversalId("rev_" + once.paymentId().value().substring(4)),
                Optional.empty(), once.recordedAt().plusSeconds(5), "fp-reversal");
        store.append(reversal);
        // The reversal reaches the projection before its payment, then both are redelivered.
        List<DynamodbStreamRecord> records = List.of(
                StreamRecordFixtures.insertOf(ReversalItems.toItem(reversal), "2000001", NOW),
                StreamRecordFixtures.insert(once, "2000002", NOW),
                StreamRecordFixtures.insertOf(ReversalItems.toItem(reversal), "2000003", NOW),
                StreamRecordFixtures.insert(once, "2000004", NOW));
        assertThat(new ProjectionsHandler(dynamo, Clock.fixed(NOW, ZoneOffset.UTC), tableName, new FunctionTelemetry(MetricNames.SERVICE_PROJECTIONS), ProjectionEvents.NONE)
                .handleRequest(StreamRecordFixtures.event(records), null).getBatchItemFailures()).isEmpty();

        StoredSeries taxi = projections.load(ACME, once.seriesId()).orElseThrow();
        assertThat(taxi.history().isEmpty()).isTrue();
        assertThat(taxi.history().reversedEntries()).hasSize(1);
        assertThat(taxi.storedSummary()).isEmpty();
        assertThat(projections.all(ACME, Optional.empty(), s -> true, 100).items())
                .noneMatch(summary -> summary.seriesId().equals(once.seriesId()));
        assertThat(command("audit")).isZero();
    }

    private int command(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", engine.endpoint().toString(), "--table", tableName));
        return ProjectionsCommand.run(all.toArray(String[]::new), Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void record(ClientId client, String description, String at, String amount, String currency) {
        PaymentRecorded payment = payment(client, description, at, amount, currency);
        new DynamoDbPaymentLedger(new LedgerTable(dynamo, tableName)).append(payment);
        ledger.add(payment);
    }

    private PaymentRecorded payment(ClientId client, String description, String at, String amount, String currency) {
        Description text = new Description(description);
        Money money = Money.of(amount, currency);
        Instant time = Instant.parse(at);
        return new PaymentRecorded(paymentId(nextId++), client, SeriesId.of(client, text, money.currency()), time, text,
                money, time.plusSeconds(2), "fp-" + nextId);
    }

    private void project(List<PaymentRecorded> payments) {
        List<DynamodbStreamRecord> records = new ArrayList<>();
        for (PaymentRecorded payment : payments) {
            records.add(StreamRecordFixtures.insert(payment, Long.toString(1_000_000 + records.size()), payment.recordedAt()));
        }
        assertThat(new ProjectionsHandler(dynamo, Clock.fixed(NOW, ZoneOffset.UTC), tableName, new FunctionTelemetry(MetricNames.SERVICE_PROJECTIONS),
                ProjectionEvents.NONE)
                .handleRequest(StreamRecordFixtures.event(records), null).getBatchItemFailures()).isEmpty();
    }

    private static SeriesId series(ClientId client, String description, String currency) {
        return SeriesId.of(client, new Description(description), CurrencyCode.of(currency));
    }

    private static PaymentId paymentId(long n) {
        StringBuilder digits = new StringBuilder();
        long rest = n;
        for (int i = 0; i < 26; i++) {
            digits.append(ALPHABET.charAt((int) (rest & 31)));
            rest >>>= 5;
        }
        return new PaymentId(PaymentId.PREFIX + digits.reverse());
    }
}
