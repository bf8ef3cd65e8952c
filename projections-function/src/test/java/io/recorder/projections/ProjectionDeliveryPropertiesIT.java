package io.recorder.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.dynamodb.ReversalItems;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.ReversalId;
import io.recorder.ledger.SeriesId;
import io.recorder.dynamodb.SpendingRollups;
import io.recorder.ledger.recurring.MonthlyRollup;
import io.recorder.ledger.recurring.MonthlyRollup.Cell;
import io.recorder.ledger.recurring.MonthlySpending;
import java.util.TreeMap;
import io.recorder.ledger.recurring.RecurringSeries;
import io.recorder.ledger.recurring.RecurringSeriesFold;
import io.recorder.ledger.recurring.SeriesSummary;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesHistory;
import io.recorder.ledger.recurring.SeriesReversal;
import io.recorder.localengine.Dynalite;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The projection's correctness claim, tried on generated ledgers and hostile delivery histories
 * against the real engine: after delivering until Lambda would stop retrying, every stored series
 * equals the fold of the deduplicated ledger, and there is no other series.
 *
 * <p>The delivery emulates Lambda's stream consumer, then makes it worse: the stream is the ledger in
 * recording order (not payment order: late payments), split over shards delivered concurrently (each
 * payment has its own partition key, so one series' payments live on many shards); batches of random
 * size, shuffled across series, with duplicated records, earlier batches replayed, failed batches
 * bisected; store faults injected before a request leaves or after the store answered; poison records
 * mixed in. Retries resume from the lowest reported sequence number, like Lambda; a record that keeps
 * failing is parked (the on-failure destination), which only poison records may ever be.
 *
 * <p>Some payments are reversed (ADR 0009), in the payment's recording period or a later one. A reversal
 * is its own item, so its record may sit on another shard than its payment's and reach the projection
 * first, or twice; the fold is then of the payments that stand.
 *
 * <p>Deliveries honour the stream's 24-hour retention, as the deduplication window relies on (ADR
 * 0007): payments are recorded in one to three periods of at most 20 hours, 30 hours apart (so that
 * recent ids are forgotten along the way), and each period is delivered, replays included, before
 * the next one starts. No payment may then be taken as applied for being older than the window.
 */
class ProjectionDeliveryPropertiesIT {
    private static final Instant BASE = Instant.parse("2021-01-04T00:00:00Z");
    private static final Instant AS_OF = BASE.plusSeconds(86_400L * 1_300);
    /** Recording periods: each at most 20 hours long, starting 30 hours apart. */
    private static final long PERIOD_SECONDS = 20 * 3_600;
    private static final long PERIOD_START_EVERY_SECONDS = 30 * 3_600;
    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final List<String> NAMES = List.of("Gym", "Coffee", "Rent", "Netflix", "Water bill");
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "JPY", "BHD");
    /** A record retried this often as the lowest failure is parked; far beyond what the fault budget can cause. */
    private static final int PARK_AFTER = 20;
    private static final AtomicInteger TRIES = new AtomicInteger();

    private static Dynalite engine;
    private static StoreFaults faults;
    private static DynamoDbClient dynamo;
    private static String tableName;

    @BeforeContainer
    static void startEngine() {
        engine = Dynalite.inMemory();
        faults = new StoreFaults();
        dynamo = StoreFaults.client(engine.endpoint(), faults);
        tableName = "ledger-properties";
        new LedgerTable(dynamo, tableName).createIfMissing();
    }

    @AfterContainer
    static void stopEngine() {
        dynamo.close();
        engine.close();
    }

    /** One payment as generated: which series variant, when, how much. */
    record PaymentSpec(int day, int secondOfDay, long minorUnits, int spelling) {
    }

    record SeriesSpec(String name, String currency, List<PaymentSpec> payments) {
    }

    /** How hostile the delivery is; the randomness itself comes from the seed. */
    record Hostility(int shards, int maxBatch, int duplicatePercent, int shufflePercent, int replayPercent,
                     int bisectPercent, int faultPercent, int faultBudget, int poisonRecords, long seed) {
    }

    @Property(tries = 100)
    void after_any_delivery_history_every_stored_series_equals_the_fold_of_the_deduplicated_ledger(
            @ForAll("ledgers") List<List<SeriesSpec>> clients, @ForAll("hostility") Hostility hostility) throws Exception {
        int attempt = TRIES.incrementAndGet();
        Random random = new Random(hostility.seed());
        List<List<LedgerEvent>> periods = withReversals(recordingPeriods(ledger(attempt, clients), random), hostility, random);
        List<LedgerEvent> events = periods.stream().flatMap(List::stream).toList();
        List<PaymentRecorded> ledger = events.stream().filter(PaymentRecorded.class::isInstance).map(PaymentRecorded.class::cast).toList();
        List<PaymentReversed> reversals = events.stream().filter(PaymentReversed.class::isInstance).map(PaymentReversed.class::cast).toList();
        faults.reset();
        faults.plan(faultPlan(hostility, random.nextLong()));
        AtomicInteger seriesFailures = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger beforeWindow = new AtomicInteger();
        ProjectionsHandler handler = new ProjectionsHandler(dynamo, Clock.fixed(AS_OF, ZoneOffset.UTC), tableName,
                new FunctionTelemetry(MetricNames.SERVICE_PROJECTIONS), new Counting(seriesFailures, conflicts, beforeWindow));

        Set<String> parked = new java.util.HashSet<>();
        Set<String> poison = new java.util.HashSet<>();
        BigDecimal[] sequence = {new BigDecimal("49600000000000000000000000000").add(BigDecimal.valueOf(attempt * 1_000_000L))};
        for (List<LedgerEvent> period : periods) {
            // Everything recorded in this period is delivered before the next period starts: the retention.
            parked.addAll(deliver(stream(period, hostility, random, sequence, poison), hostility, random, handler));
        }
        faults.none();
        Statistics.label("store faults injected").collect(bucket(faults.injected().size()));
        Statistics.label("payments in the ledger").collect(bucket(ledger.size()));
        Statistics.label("poison records parked").collect(parked.size());
        Statistics.label("series failures reported").collect(bucket(seriesFailures.get()));
        Statistics.label("lost races (optimistic conflicts)").collect(bucket(conflicts.get()));
        Statistics.label("recording periods").collect(periods.size());
        Statistics.label("reversals in the ledger").collect(bucket(reversals.size()));

        assertThat(parked).as("parked records (on-failure destination)").isEqualTo(poison);
        assertThat(beforeWindow.get()).as("payments taken as applied for being older than the window").isZero();
        Set<ClientId> clientIds = ledger.stream().map(PaymentRecorded::clientId).collect(Collectors.toSet());
        SeriesProjections projections = new SeriesProjections(new LedgerTable(dynamo, tableName));
        List<StoredSeries> stored = new ArrayList<>();
        for (ClientId client : clientIds) {
            stored.addAll(projections.listForClient(client));
        }
        Set<PaymentId> reversed = reversals.stream().map(PaymentReversed::paymentId).collect(Collectors.toSet());
        Map<SeriesId, List<SeriesPayment>> paymentsBySeries = ledger.stream().collect(Collectors.groupingBy(
                PaymentRecorded::seriesId, Collectors.mapping(SeriesPayment::of, Collectors.toList())));
        Map<SeriesId, List<SeriesReversal>> reversalsBySeries = reversals.stream().collect(Collectors.groupingBy(
                PaymentReversed::seriesId, Collectors.mapping(SeriesReversal::of, Collectors.toList())));
        Map<SeriesId, SeriesHistory> expectedHistories = new HashMap<>();
        paymentsBySeries.forEach((series, payments) -> expectedHistories.put(series,
                SeriesHistory.of(payments, reversalsBySeries.getOrDefault(series, List.of()))));
        assertThat(stored.stream().collect(Collectors.toMap(StoredSeries::series, StoredSeries::history)))
                .isEqualTo(expectedHistories);

        // The oracle, apart from the projection's code: per series, the summary of the payments that stand; the
        // name is that of the latest payment, reversed or not. A series with none standing has no summary.
        List<RecurringSeries> fromLedger = new ArrayList<>();
        ledger.stream().collect(Collectors.groupingBy(PaymentRecorded::seriesId)).forEach((series, payments) -> {
            List<SeriesPayment> standing = payments.stream().filter(p -> !reversed.contains(p.paymentId()))
                    .map(SeriesPayment::of).toList();
            if (!standing.isEmpty()) {
                PaymentRecorded latest = payments.stream().max(Comparator.comparing(SeriesPayment::of, SeriesPayment.PAYMENT_ORDER)).orElseThrow();
                fromLedger.add(RecurringSeriesFold.summarize(latest.clientId(), series, latest.description().text(), latest.currency(),
                        SeriesHistory.of(standing), AS_OF));
            }
        });
        fromLedger.sort(Comparator.comparing((RecurringSeries s) -> s.clientId().value()).thenComparing(s -> s.seriesId().value()));
        List<RecurringSeries> fromProjection = stored.stream()
                .filter(s -> !s.history().isEmpty())
                .map(s -> RecurringSeriesFold.summarize(s.client(), s.series(), s.description(), s.currency(), s.history(), AS_OF))
                .sorted(Comparator.comparing((RecurringSeries s) -> s.clientId().value()).thenComparing(s -> s.seriesId().value()))
                .toList();
        assertThat(fromProjection).isEqualTo(fromLedger);
        assertThat(RecurringSeriesFold.summarizeLedger(events, AS_OF)).isEqualTo(fromLedger);

        // The stored summaries and the byDue index (ADR 0008) are the fold of the deduplicated ledger too.
        List<SeriesSummary> storedSummaries = new ArrayList<>();
        List<SeriesSummary> indexed = new ArrayList<>();
        for (ClientId client : clientIds) {
            storedSummaries.addAll(projections.all(client, Optional.empty(), s -> true, 100_000).items());
            indexed.addAll(projections.recurring(client, java.util.List.of(SeriesProjections.DueRange.all()), java.util.Optional.empty(), s -> true, 100_000).items());
        }
        List<SeriesSummary> expectedSummaries = fromLedger.stream().map(RecurringSeries::summary).toList();
        assertThat(storedSummaries).containsExactlyInAnyOrderElementsOf(expectedSummaries);
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(expectedSummaries.stream().filter(SeriesSummary::recurred).toList());

        // The monthly spending cells (ADR 0011) too: per client, month and currency, the exact sum of the payments
        // that stand (the oracle sums the ledger itself), and each stored cell is the fold of its own events.
        SpendingRollups rollups = new SpendingRollups(new LedgerTable(dynamo, tableName));
        Map<Cell, MonthlyRollup> foldedCells = MonthlyRollup.foldLedger(events, SpendingRollups.CELL_OF);
        for (ClientId client : clientIds) {
            Map<String, BigDecimal> expectedSpending = new TreeMap<>();
            ledger.stream().filter(p -> p.clientId().equals(client) && !reversed.contains(p.paymentId()))
                    .forEach(p -> expectedSpending.merge(MonthlyRollup.monthOf(p.paymentTimestamp()) + " " + p.currency().code(),
                            p.amount().amount(), BigDecimal::add));
            Map<String, BigDecimal> storedSpending = new TreeMap<>();
            MonthlySpending.ofRollups(client, rollups.between(client, Optional.empty(), Optional.empty()), Optional.empty(), Optional.empty())
                    .months().forEach((month, perCurrency) -> perCurrency.forEach((currency, total) ->
                            storedSpending.put(month + " " + currency, total.amount())));
            assertThat(storedSpending).as("monthly spending of " + client).usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                    .isEqualTo(expectedSpending);
            rollups.forClient(client, cell -> assertThat(cell.rollup()).isEqualTo(foldedCells.get(cell.rollup().cell())));
        }
    }

    /**
     * Reverses about one payment in four (more when the seed says so): each reversal is recorded after its
     * payment, in the payment's period or a later one, and the periods stay in recording order.
     */
    private static List<List<LedgerEvent>> withReversals(List<List<PaymentRecorded>> periods, Hostility hostility, Random random) {
        List<List<LedgerEvent>> out = new ArrayList<>();
        periods.forEach(period -> out.add(new ArrayList<>(period)));
        Instant recordingStart = BASE.plusSeconds(86_400L * 1_250);
        int oneIn = 2 + Math.floorMod(hostility.seed(), 4);
        for (int p = 0; p < periods.size(); p++) {
            for (PaymentRecorded payment : periods.get(p)) {
                if (random.nextInt(oneIn) != 0) {
                    continue;
                }
                int q = p + random.nextInt(periods.size() - p);
                Instant periodEnd = recordingStart.plusSeconds(q * PERIOD_START_EVERY_SECONDS + PERIOD_SECONDS);
                Instant from = q == p ? payment.recordedAt() : recordingStart.plusSeconds(q * PERIOD_START_EVERY_SECONDS);
                long room = Math.max(0, periodEnd.getEpochSecond() - from.getEpochSecond());
                Instant reversedAt = from.plusSeconds(random.nextInt((int) room + 1)).plusMillis(1);
                ReversalId id = new ReversalId("rev_" + payment.paymentId().value().substring(4));
                out.get(q).add(new PaymentReversed(id, payment.paymentId(), payment.clientId(), payment.seriesId(),
                        payment.paymentTimestamp(), payment.description(), payment.amount(), payment.recordedAt(),
                        Optional.empty(), reversedAt, "fp-" + id));
            }
        }
        out.forEach(period -> period.sort(Comparator.comparing(LedgerEvent::recordedAt)));
        return out;
    }

    /** Counts what the statistics show; reports nothing else. */
    private record Counting(AtomicInteger seriesFailures, AtomicInteger conflicts, AtomicInteger beforeWindow)
            implements ProjectionEvents {
        @Override
        public void applied(ClientId client, SeriesId series, int added, long version) {
        }

        @Override
        public void beforeWindow(ClientId client, SeriesId series, int records) {
            beforeWindow.addAndGet(records);
        }

        @Override
        public void duplicates(ClientId client, SeriesId series, int records) {
        }

        @Override
        public void ignored(String sequenceNumber, String reason) {
        }

        @Override
        public void poison(String sequenceNumber, String reason) {
        }

        @Override
        public void seriesFailed(ClientId client, SeriesId series, String sequenceNumber, RuntimeException cause) {
            seriesFailures.incrementAndGet();
        }

        @Override
        public void rollupFailed(Cell cell, String sequenceNumber, RuntimeException cause) {
            seriesFailures.incrementAndGet();
        }

        @Override
        public void versionWentBack(ClientId client, SeriesId series, long loadedVersion, long lastSavedVersion) {
            throw new AssertionError("version went back on " + series + ": " + loadedVersion + " < " + lastSavedVersion);
        }

        @Override
        public void cellWentBack(Cell cell, long loadedVersion, long lastSavedVersion) {
            throw new AssertionError("version went back on " + cell + ": " + loadedVersion + " < " + lastSavedVersion);
        }

        @Override
        public void batch(BatchSummary summary) {
            conflicts.addAndGet(summary.conflicts());
        }
    }

    private static String bucket(int n) {
        return n == 0 ? "0" : n < 5 ? "1-4" : n < 20 ? "5-19" : "20+";
    }

    // ---------------------------------------------------------------- the ledger

    @Provide
    Arbitrary<List<List<SeriesSpec>>> ledgers() {
        Arbitrary<PaymentSpec> payment = Combinators.combine(
                Arbitraries.integers().between(0, 1_200),
                Arbitraries.integers().between(0, 86_399),
                Arbitraries.longs().between(1, 200_000),
                Arbitraries.integers().between(0, 2)).as(PaymentSpec::new);
        Arbitrary<SeriesSpec> series = Combinators.combine(
                Arbitraries.of(NAMES),
                Arbitraries.of(CURRENCIES),
                payment.list().ofMinSize(1).ofMaxSize(12)).as(SeriesSpec::new);
        return series.list().ofMinSize(1).ofMaxSize(4).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Hostility> hostility() {
        Arbitrary<int[]> shape = Combinators.combine(
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(0, 30),
                Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 30),
                Arbitraries.integers().between(0, 100)).as((a, b, c, d, e, f) -> new int[] {a, b, c, d, e, f});
        return Combinators.combine(
                shape,
                Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(0, 2),
                Arbitraries.longs()).as((s, faultPercent, faultBudget, poison, seed) ->
                        new Hostility(s[0], s[1], s[2], s[3], s[4], s[5], faultPercent, faultBudget, poison, seed));
    }

    /** Payments of per-try clients (tries share one table), ids unique, spellings of one name in one series. */
    private static List<PaymentRecorded> ledger(int attempt, List<List<SeriesSpec>> clients) {
        List<PaymentRecorded> ledger = new ArrayList<>();
        long id = 0;
        for (int c = 0; c < clients.size(); c++) {
            ClientId client = new ClientId("t" + attempt + "-c" + c);
            for (SeriesSpec series : clients.get(c)) {
                CurrencyCode currency = CurrencyCode.of(series.currency());
                for (PaymentSpec spec : series.payments()) {
                    Description description = new Description(spelling(series.name(), spec.spelling()));
                    Instant at = BASE.plusSeconds(86_400L * spec.day() + spec.secondOfDay());
                    BigDecimal amount = BigDecimal.valueOf(spec.minorUnits(), currency.minorUnits());
                    ledger.add(new PaymentRecorded(paymentId(attempt, id++), client, SeriesId.of(client, description, currency),
                            at, description, new Money(amount, currency), at, "fp-" + id)); // recordedAt: see recordingPeriods

                }
            }
        }
        return ledger;
    }

    private static String spelling(String name, int variant) {
        return switch (variant) {
            case 0 -> name;
            case 1 -> name.toUpperCase(java.util.Locale.ROOT);
            default -> name.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static PaymentId paymentId(int attempt, long n) {
        StringBuilder digits = new StringBuilder();
        long rest = ((long) attempt << 20) | n;
        for (int i = 0; i < 26; i++) {
            digits.append(ALPHABET.charAt((int) (rest & 31)));
            rest >>>= 5;
        }
        return new PaymentId(PaymentId.PREFIX + digits.reverse());
    }

    // ---------------------------------------------------------------- the stream

    /**
     * The recording order and times: the ledger shuffled (late payments, back-fills: any payment time),
     * cut into one to three periods; within period {@code p}, increasing recording times between
     * {@code p × 30 h} and {@code p × 30 h + 20 h}, some in the same second.
     */
    private static List<List<PaymentRecorded>> recordingPeriods(List<PaymentRecorded> ledger, Random random) {
        List<PaymentRecorded> order = new ArrayList<>(ledger);
        Collections.shuffle(order, random);
        int count = Math.min(order.size(), 1 + random.nextInt(3));
        List<Integer> cuts = new ArrayList<>();
        for (int p = 1; p < count; p++) {
            cuts.add(1 + random.nextInt(order.size() - 1));
        }
        cuts.add(0);
        cuts.add(order.size());
        List<Integer> bounds = cuts.stream().distinct().sorted().toList();
        Instant recordingStart = BASE.plusSeconds(86_400L * 1_250);
        List<List<PaymentRecorded>> periods = new ArrayList<>();
        for (int p = 0; p + 1 < bounds.size(); p++) {
            List<PaymentRecorded> slice = order.subList(bounds.get(p), bounds.get(p + 1));
            List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < slice.size(); i++) {
                offsets.add(random.nextInt(4) == 0 && !offsets.isEmpty() ? offsets.get(offsets.size() - 1)
                        : (long) random.nextInt((int) PERIOD_SECONDS + 1));
            }
            Collections.sort(offsets);
            List<PaymentRecorded> period = new ArrayList<>();
            for (int i = 0; i < slice.size(); i++) {
                PaymentRecorded q = slice.get(i);
                Instant recordedAt = recordingStart.plusSeconds(p * PERIOD_START_EVERY_SECONDS + offsets.get(i)).plusMillis(random.nextInt(1_000));
                period.add(new PaymentRecorded(q.paymentId(), q.clientId(), q.seriesId(), q.paymentTimestamp(), q.description(),
                        q.amount(), recordedAt, q.fingerprint()));
            }
            periods.add(period);
        }
        return periods;
    }

    /** One period's stream per shard: recording order, increasing sequence numbers, poison records mixed in. */
    private static List<List<DynamodbStreamRecord>> stream(List<LedgerEvent> period, Hostility hostility, Random random,
                                                           BigDecimal[] sequence, Set<String> poison) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (LedgerEvent event : period) {
            items.add(event instanceof PaymentRecorded payment ? PaymentItems.toItem(payment)
                    : ReversalItems.toItem((PaymentReversed) event));
        }
        for (int p = 0; p < hostility.poisonRecords(); p++) {
            Map<String, AttributeValue> bad = new HashMap<>(items.get(random.nextInt(items.size())));
            bad.put("paymentId", AttributeValue.fromS("not-a-payment-id-" + p));
            items.add(random.nextInt(items.size() + 1), bad);
        }
        List<List<DynamodbStreamRecord>> shards = new ArrayList<>();
        for (int s = 0; s < hostility.shards(); s++) {
            shards.add(new ArrayList<>());
        }
        for (Map<String, AttributeValue> item : items) {
            sequence[0] = sequence[0].add(BigDecimal.valueOf(1 + random.nextInt(1_000)));
            String seq = sequence[0].toPlainString();
            if (item.get("paymentId").s().startsWith("not-")) {
                poison.add(seq);
            }
            // By item key: a reversal shares its payment's partition key but is another item, whose record may be on another shard.
            int shard = Math.floorMod((item.get(LedgerTable.PK).s() + item.get(LedgerTable.SK).s()).hashCode(), hostility.shards());
            shards.get(shard).add(StreamRecordFixtures.insertOf(item, seq, AS_OF));
        }
        return shards;
    }

    // ---------------------------------------------------------------- the hostile consumer

    /**
     * Random single faults, and hot keys: a projection item whose calls all fail for a while (throttling on a
     * hot partition), long enough to outlast the handler's own retries. Bounded by the budget, so delivery ends.
     */
    private static StoreFaults.Plan faultPlan(Hostility hostility, long seed) {
        Random random = new Random(seed);
        AtomicInteger budget = new AtomicInteger(hostility.faultBudget());
        Map<String, Integer> hot = new HashMap<>();
        return (String operation, SdkRequest request) -> {
            String key = request instanceof GetItemRequest get ? get.key().get(LedgerTable.SK).s()
                    : request instanceof PutItemRequest put ? put.item().get(LedgerTable.SK).s() : null;
            synchronized (random) {
                if (key == null || budget.get() <= 0) {
                    return null;
                }
                int streak = hot.getOrDefault(key, 0);
                if (streak > 0) {
                    // Throttled: the request is refused, nothing is written.
                    hot.put(key, streak - 1);
                    budget.decrementAndGet();
                    return StoreFaults.When.BEFORE_SENDING;
                }
                if (random.nextInt(100) >= hostility.faultPercent()) {
                    return null;
                }
                budget.decrementAndGet();
                if (random.nextInt(3) == 0) {
                    hot.put(key, SeriesProjector.MAX_TRANSIENT_ATTEMPTS + random.nextInt(3) - 1);
                    return StoreFaults.When.BEFORE_SENDING;
                }
                return random.nextBoolean() ? StoreFaults.When.BEFORE_SENDING : StoreFaults.When.AFTER_STORE_ANSWERED;
            }
        };
    }

    /** Delivers every shard concurrently; returns the sequence numbers parked on the on-failure destination. */
    private static Set<String> deliver(List<List<DynamodbStreamRecord>> shards, Hostility hostility, Random random,
                                       ProjectionsHandler handler) throws Exception {
        Set<String> parked = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(shards.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (List<DynamodbStreamRecord> shard : shards) {
                long shardSeed = random.nextLong();
                running.add(pool.submit(() -> {
                    new ShardConsumer(shard, hostility, new Random(shardSeed), handler, parked).run();
                    return null;
                }));
            }
            for (Future<?> shard : running) {
                shard.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return parked;
    }

    /** Lambda's event source mapping for one shard, made hostile. */
    private static final class ShardConsumer {
        private final List<DynamodbStreamRecord> shard;
        private final Hostility hostility;
        private final Random random;
        private final ProjectionsHandler handler;
        private final Set<String> parked;
        private final List<List<DynamodbStreamRecord>> delivered = new ArrayList<>();
        private final Map<String, Integer> lowestFailureCounts = new TreeMap<>();

        ShardConsumer(List<DynamodbStreamRecord> shard, Hostility hostility, Random random, ProjectionsHandler handler,
                      Set<String> parked) {
            this.shard = shard;
            this.hostility = hostility;
            this.random = random;
            this.handler = handler;
            this.parked = parked;
        }

        void run() {
            int position = 0;
            while (position < shard.size()) {
                int size = Math.min(1 + random.nextInt(hostility.maxBatch()), shard.size() - position);
                List<DynamodbStreamRecord> batch = shard.subList(position, position + size);
                if (!delivered.isEmpty() && percent(hostility.replayPercent())) {
                    deliverUntilDone(delivered.get(random.nextInt(delivered.size()))); // a replay of an earlier batch
                }
                deliverUntilDone(batch);
                delivered.add(batch);
                position += size;
            }
        }

        /** Retries from the lowest reported failure until none is left, bisecting on request. */
        private void deliverUntilDone(List<DynamodbStreamRecord> batch) {
            List<DynamodbStreamRecord> pending = batch;
            for (int round = 0; !pending.isEmpty(); round++) {
                assertThat(round).as("delivery rounds for one batch").isLessThan(500);
                if (pending.size() > 1 && round > 0 && percent(hostility.bisectPercent())) {
                    int half = pending.size() / 2;
                    deliverUntilDone(pending.subList(0, half));
                    pending = pending.subList(half, pending.size());
                    continue;
                }
                StreamsEventResponse response = handler.handleRequest(StreamRecordFixtures.event(hostile(pending)), null);
                List<String> failed = response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList();
                if (failed.isEmpty()) {
                    return;
                }
                assertThat(failed).doesNotContainNull();
                String lowest = failed.stream().min(StreamRecords.SEQUENCE_ORDER).orElseThrow();
                int from = indexOf(pending, lowest);
                if (lowestFailureCounts.merge(lowest, 1, Integer::sum) >= PARK_AFTER) {
                    parked.add(lowest); // bisected down to this one record, retries exhausted: on-failure destination
                    from++;
                }
                pending = pending.subList(from, pending.size());
            }
        }

        /** The batch as delivered: maybe shuffled across series, maybe with duplicated records. */
        private List<DynamodbStreamRecord> hostile(List<DynamodbStreamRecord> batch) {
            List<DynamodbStreamRecord> out = new ArrayList<>(batch);
            for (DynamodbStreamRecord record : batch) {
                if (percent(hostility.duplicatePercent())) {
                    out.add(random.nextInt(out.size() + 1), record);
                }
            }
            if (percent(hostility.shufflePercent())) {
                Collections.shuffle(out, random);
            }
            return out;
        }

        private boolean percent(int chance) {
            return random.nextInt(100) < chance;
        }

        private static int indexOf(List<DynamodbStreamRecord> records, String sequenceNumber) {
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).getDynamodb().getSequenceNumber().equals(sequenceNumber)) {
                    return i;
                }
            }
            throw new AssertionError("reported failure " + sequenceNumber + " is not in the batch");
        }
    }
}
