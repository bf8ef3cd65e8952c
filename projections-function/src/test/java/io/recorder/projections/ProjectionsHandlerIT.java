package io.recorder.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import io.recorder.dynamodb.DynamoDbPaymentLedger;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.dynamodb.SpendingRollups;
import io.recorder.ledger.recurring.MonthlyRollup;
import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.Description;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.MonthlyRollup.Cell;
import io.recorder.ledger.recurring.Cadence;
import io.recorder.ledger.recurring.RecurringSeries;
import io.recorder.ledger.recurring.RecurringSeriesFold;
import io.recorder.ledger.recurring.SeriesProjection;
import io.recorder.ledger.recurring.SeriesState;
import io.recorder.localengine.Dynalite;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The real handler, fed verbatim DynamoDB Streams events (read by the Lambda runtime's own
 * serializer), writing through the real SDK to a real DynamoDB-compatible engine. Each test gets its
 * own table.
 */
class ProjectionsHandlerIT {
    private static final ClientId ACME = new ClientId("acme");
    private static final SeriesId GYM = new SeriesId("ser_3hhfd46e58q08tyx8nkvs5e2xj");
    private static final SeriesId COFFEE = new SeriesId("ser_5vzmb91k3ydw43nyka83fn3a3d");
    private static final Instant NOW = Instant.parse("2024-08-10T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static Dynalite engine;
    private static DynamoDbClient dynamo;
    private static final StoreFaults faults = new StoreFaults();
    private final RecordingEvents events = new RecordingEvents();
    private String tableName;
    private SeriesProjections projections;
    private ProjectionsHandler handler;
    private final List<PaymentRecorded> ledger = new ArrayList<>();
    private int nextId;
    private long nextSequence = 1_000_000;

    @BeforeAll
    static void startEngine() {
        engine = Dynalite.inMemory();
        dynamo = StoreFaults.client(engine.endpoint(), faults);
    }

    @AfterAll
    static void stopEngine() {
        dynamo.close();
        engine.close();
    }

    @BeforeEach
    void freshTable() {
        faults.reset();
        tableName = "ledger-" + UUID.randomUUID();
        LedgerTable table = new LedgerTable(dynamo, tableName);
        table.createIfMissing();
        projections = new SeriesProjections(table);
        handler = new ProjectionsHandler(dynamo, CLOCK, tableName, new FunctionTelemetry(MetricNames.SERVICE_PROJECTIONS), events);
    }

    @Test
    void an_insert_batch_is_applied_with_one_write_per_series_whatever_the_arrival_order() {
        StreamsEventResponse response = handler.handleRequest(StreamEventJson.fixture("dynamodb-insert-payments.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        StoredSeries gym = projections.load(ACME, GYM).orElseThrow();
        assertThat(gym.version()).isEqualTo(1);
        assertThat(gym.description()).isEqualTo("Gym");
        RecurringSeries summary = summary(gym);
        assertThat(summary.count()).isEqualTo(3);
        assertThat(summary.total().amount()).isEqualByComparingTo("1550.00");
        assertThat(summary.lastAmount().toPlainString()).isEqualTo("550.00");
        assertThat(summary.firstPaymentAt()).isEqualTo(Instant.parse("2024-06-01T07:00:00Z"));
        assertThat(summary.cadence()).isEqualTo(Cadence.MONTHLY);
        assertThat(summary.nextExpectedDate()).contains(LocalDate.parse("2024-09-01"));
        assertThat(summary.amountChanges()).singleElement()
                .satisfies(change -> assertThat(change.to().toPlainString()).isEqualTo("550.00"));
        StoredSeries coffee = projections.load(ACME, COFFEE).orElseThrow();
        assertThat(coffee.currency().code()).isEqualTo("EUR");
        assertThat(summary(coffee).total().amount()).isEqualByComparingTo("3.80");
        assertThat(events.batches).singleElement().satisfies(batch -> {
            assertThat(batch.records()).isEqualTo(4);
            assertThat(batch.applied()).isEqualTo(4);
            assertThat(batch.lagMillis()).isEqualTo(NOW.toEpochMilli() - Instant.parse("2024-07-01T07:00:03Z").toEpochMilli());
        });
    }

    @Test
    void a_redelivered_batch_is_recognised_and_writes_nothing() {
        DynamodbEvent batch = StreamEventJson.fixture("dynamodb-insert-payments.json");
        handler.handleRequest(batch, null);

        StreamsEventResponse again = handler.handleRequest(batch, null);

        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(projections.load(ACME, GYM).orElseThrow().version()).isEqualTo(1);
        assertThat(projections.load(ACME, COFFEE).orElseThrow().version()).isEqualTo(1);
        assertThat(events.batches.get(1).duplicates()).isEqualTo(4);
        assertThat(events.batches.get(1).applied()).isZero();
        assertThat(events.regressions).isEmpty();
        // June's and July's ids are no longer remembered (recorded more than 48 h before August's): taken as applied
        assertThat(events.beforeWindow).containsExactly(GYM + ": 2");
    }

    @Test
    void updates_deletes_and_items_other_than_payments_are_ignored() {
        StreamsEventResponse response = handler.handleRequest(
                StreamEventJson.fixture("dynamodb-modify-remove-and-other-items.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(projections.listForClient(ACME)).isEmpty();
        assertThat(events.ignored).containsExactly(
                "4421584700000000017450441100: eventName MODIFY",
                "4421584700000000017450441200: eventName REMOVE",
                "4421584700000000017450441300: not a ledger event item",
                "4421584700000000017450441400: not a ledger event item");
    }

    @Test
    void a_poison_record_is_reported_alone_and_the_rest_of_the_batch_still_applies() {
        StreamsEventResponse response = handler.handleRequest(StreamEventJson.fixture("dynamodb-poison-record.json"), null);

        assertThat(response.getBatchItemFailures()).extracting(BatchItemFailure::getItemIdentifier)
                .containsExactly("4421584600000000017450440600");
        assertThat(events.poison).singleElement().asString()
                .startsWith("4421584600000000017450440600: malformed payment item: IllegalArgumentException");
        assertThat(projections.load(ACME, GYM)).isPresent();
        assertThat(projections.load(ACME, COFFEE)).isPresent();
        assertThat(projections.listForClient(ACME)).hasSize(2);
    }

    @Test
    void a_series_whose_write_keeps_failing_is_reported_from_its_earliest_record_and_the_others_apply() {
        faults.failWhen((operation, request) -> request instanceof PutItemRequest put
                && put.item().get(LedgerTable.SK).s().equals(GYM.value()), StoreFaults.When.BEFORE_SENDING);

        StreamsEventResponse response = handler.handleRequest(StreamEventJson.fixture("dynamodb-insert-payments.json"), null);

        // Gym's records are 091, 092 and 094: Lambda redelivers from 091, and Coffee's 093 again (a no-op).
        assertThat(response.getBatchItemFailures()).extracting(BatchItemFailure::getItemIdentifier)
                .containsExactly("4421584500000000017450439091");
        assertThat(faults.injected()).hasSize(SeriesProjector.MAX_TRANSIENT_ATTEMPTS);
        assertThat(projections.load(ACME, GYM)).isEmpty();
        assertThat(projections.load(ACME, COFFEE)).isPresent();

        faults.none();
        StreamsEventResponse retried = handler.handleRequest(StreamEventJson.fixture("dynamodb-insert-payments.json"), null);
        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(summary(projections.load(ACME, GYM).orElseThrow()).count()).isEqualTo(3);
        assertThat(projections.load(ACME, COFFEE).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void a_write_that_reached_the_store_but_lost_its_answer_is_a_no_op_when_redelivered() {
        AtomicBoolean once = new AtomicBoolean();
        faults.plan((operation, request) -> request instanceof PutItemRequest && once.compareAndSet(false, true)
                ? StoreFaults.When.AFTER_STORE_ANSWERED : null);

        StreamsEventResponse first = handler.handleRequest(StreamEventJson.fixture("dynamodb-insert-payments.json"), null);
        // The handler's own retry reloads, finds its write already there and stops: nothing to report.
        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(faults.injected()).containsExactly("PutItem:AFTER_STORE_ANSWERED");
        assertThat(projections.load(ACME, GYM).orElseThrow().version()).isEqualTo(1);
        assertThat(summary(projections.load(ACME, GYM).orElseThrow()).count()).isEqualTo(3);
    }

    @Test
    void a_race_lost_to_another_writer_is_reloaded_and_both_writes_survive() {
        // Another shard's batch writes the series between this batch's read and its write.
        AtomicBoolean interfered = new AtomicBoolean();
        ExecutionInterceptor rival = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof GetItemRequest && interfered.compareAndSet(false, true)) {
                    try (DynamoDbClient other = StoreFaults.client(engine.endpoint(), new StoreFaults())) {
                        new ProjectionsHandler(other, CLOCK, tableName, new FunctionTelemetry(MetricNames.SERVICE_PROJECTIONS), ProjectionEvents.NONE)
                                .handleRequest(StreamEventJson.fixture("dynamodb-poison-record.json"), null);
                    }
                }
            }
        };
        try (DynamoDbClient racing = StoreFaults.client(engine.endpoint(), rival)) {
            StreamsEventResponse response = new ProjectionsHandler(racing, CLOCK, tableName, new FunctionTelemetry(MetricNames.SERVICE_PROJECTIONS), events)
                    .handleRequest(StreamEventJson.fixture("dynamodb-insert-payments.json"), null);

            assertThat(response.getBatchItemFailures()).isEmpty();
        }
        StoredSeries gym = projections.load(ACME, GYM).orElseThrow();
        assertThat(gym.version()).isEqualTo(2); // the rival's write, then ours on top
        assertThat(summary(gym).count()).isEqualTo(3);
        assertThat(events.batches.get(0).conflicts()).isEqualTo(1);
        assertThat(events.regressions).as("a version moved forward by another writer is no regression").isEmpty();
    }

    // ---- a version gone back (issue 12): the series' item put back as it was, as a table restore or a stale engine read would

    @Test
    void a_version_gone_back_is_reported_once_and_the_series_is_rebuilt_from_the_ledger_before_the_batch_applies() {
        project(recorded("2024-07-01T07:00:00Z", "50.00"), recorded("2024-07-08T07:00:00Z", "50.00"));
        Map<String, AttributeValue> versionOne = rawItem();
        project(recorded("2024-07-15T07:00:00Z", "50.00"), recorded("2024-07-22T07:00:00Z", "55.00"));
        assertThat(projections.load(ACME, GYM).orElseThrow().version()).isEqualTo(2);

        dynamo.putItem(r -> r.tableName(tableName).item(versionOne)); // the store goes back to version 1
        project(recorded("2024-07-29T07:00:00Z", "55.00"));

        assertThat(events.regressions).containsExactly(GYM + ": 1 < 2");
        StoredSeries stored = projections.load(ACME, GYM).orElseThrow();
        assertThat(stored.history()).isEqualTo(foldOfLedger().history());
        assertThat(stored.history().size()).isEqualTo(5);

        // The rebuilt item's version is below the one remembered before: not another regression.
        project(recorded("2024-08-05T07:00:00Z", "55.00"));
        assertThat(events.regressions).hasSize(1);
        assertThat(projections.load(ACME, GYM).orElseThrow().history()).isEqualTo(foldOfLedger().history());
    }

    @Test
    void a_monthly_spending_cell_gone_back_is_reported_and_rebuilt_from_the_ledger_before_the_batch_applies() {
        PaymentRecorded first = recorded("2024-07-01T07:00:00Z", "50.00");
        project(first);
        Cell cell = Cell.of(first, SpendingRollups.CELL_OF);
        SpendingRollups rollups = new SpendingRollups(new LedgerTable(dynamo, tableName));
        Map<String, AttributeValue> versionOne = dynamo.getItem(r -> r.tableName(tableName).consistentRead(true)
                .key(Map.of(LedgerTable.PK, AttributeValue.fromS(LedgerTable.spendingPk(ACME)),
                        LedgerTable.SK, AttributeValue.fromS(LedgerTable.spendingSk(cell.month(), cell.currency(), cell.index())))))
                .item();
        project(inCell(cell, "2024-07-08T07:00:00Z", "50.00"));
        assertThat(rollups.load(cell).orElseThrow().version()).isEqualTo(2);

        dynamo.putItem(r -> r.tableName(tableName).item(versionOne)); // the cell goes back to version 1
        project(inCell(cell, "2024-07-15T07:00:00Z", "55.00"));

        assertThat(events.regressions).containsExactly(cell.month() + "#" + cell.index() + ": 1 < 2");
        MonthlyRollup stored = rollups.load(cell).orElseThrow().rollup();
        assertThat(stored).isEqualTo(MonthlyRollup.foldLedger(ledger, SpendingRollups.CELL_OF).get(cell));
        assertThat(stored.payments()).isEqualTo(3);
        assertThat(stored.total()).isEqualTo(Money.of("155.00", "USD"));
    }

    /** Records payments of Gym until one falls in {@code cell}; the others stay in the ledger, unprojected. */
    private PaymentRecorded inCell(Cell cell, String at, String amount) {
        while (true) {
            PaymentRecorded payment = recorded(at, amount);
            if (Cell.of(payment, SpendingRollups.CELL_OF).equals(cell)) {
                return payment;
            }
            ledger.remove(payment);
            dynamo.deleteItem(r -> r.tableName(tableName).key(Map.of(
                    LedgerTable.PK, AttributeValue.fromS(LedgerTable.paymentPk(ACME, payment.paymentId())),
                    LedgerTable.SK, AttributeValue.fromS(LedgerTable.EVENT_SK))));
        }
    }

    @Test
    void a_rebuild_that_fails_fails_the_series_and_the_redelivery_detects_the_regression_again() {
        project(recorded("2024-07-01T07:00:00Z", "50.00"));
        Map<String, AttributeValue> versionOne = rawItem();
        project(recorded("2024-07-08T07:00:00Z", "50.00"));
        dynamo.putItem(r -> r.tableName(tableName).item(versionOne));
        PaymentRecorded third = recorded("2024-07-15T07:00:00Z", "50.00");
        faults.failWhen((operation, request) -> request instanceof QueryRequest query
                && LedgerTable.GSI2.equals(query.indexName()), StoreFaults.When.BEFORE_SENDING);

        assertThat(handler.handleRequest(StreamRecordFixtures.event(List.of(
                StreamRecordFixtures.insert(third, "9000001", third.recordedAt()))), null).getBatchItemFailures())
                .extracting(BatchItemFailure::getItemIdentifier).containsExactly("9000001");
        assertThat(projections.load(ACME, GYM).orElseThrow().version()).as("nothing built on version 1").isEqualTo(1);

        faults.none();
        project(third);
        assertThat(events.regressions).hasSize(2);
        assertThat(projections.load(ACME, GYM).orElseThrow().history()).isEqualTo(foldOfLedger().history());
    }

    @Test
    void normal_saves_and_another_writer_moving_the_version_forward_report_nothing() {
        project(recorded("2024-07-01T07:00:00Z", "50.00"));
        project(recorded("2024-07-08T07:00:00Z", "50.00"), recorded("2024-07-15T07:00:00Z", "50.00"));
        // Another writer (the rebuild command) moves the series ahead of what this handler saved.
        StoredSeries current = projections.load(ACME, GYM).orElseThrow();
        assertThat(projections.save(new StoredSeries(current.client(), current.series(), current.description(),
                current.currency(), current.history(), current.version() + 1))).isTrue();
        project(recorded("2024-07-22T07:00:00Z", "55.00"));
        project(ledger.get(0)); // a redelivery: nothing written

        assertThat(events.regressions).isEmpty();
        StoredSeries stored = projections.load(ACME, GYM).orElseThrow();
        assertThat(stored.version()).isEqualTo(4);
        assertThat(stored.history()).isEqualTo(foldOfLedger().history());
    }

    private PaymentRecorded recorded(String at, String amount) {
        Instant time = Instant.parse(at);
        PaymentRecorded payment = new PaymentRecorded(new PaymentId(PaymentId.PREFIX + String.format("%026d", nextId++)),
                ACME, GYM, time, new Description("Gym"), Money.of(amount, "USD"), time.plusSeconds(2), "fp-" + nextId);
        new DynamoDbPaymentLedger(new LedgerTable(dynamo, tableName)).append(payment);
        ledger.add(payment);
        return payment;
    }

    /** One stream batch through the same handler, so it remembers what it saved, as one execution environment does. */
    private void project(PaymentRecorded... payments) {
        List<DynamodbStreamRecord> records = new ArrayList<>();
        for (PaymentRecorded payment : payments) {
            records.add(StreamRecordFixtures.insert(payment, Long.toString(nextSequence++), payment.recordedAt()));
        }
        assertThat(handler.handleRequest(StreamRecordFixtures.event(records), null).getBatchItemFailures()).isEmpty();
    }

    /** The series' projection item as stored (C#acme#RECURRING / its series id), every attribute. */
    private Map<String, AttributeValue> rawItem() {
        return dynamo.scan(r -> r.tableName(tableName)).items().stream()
                .filter(item -> GYM.value().equals(item.get(LedgerTable.SK).s()))
                .findFirst().orElseThrow();
    }

    private SeriesState foldOfLedger() {
        return SeriesProjection.foldLedger(List.<LedgerEvent>copyOf(ledger)).get(GYM);
    }

    private static RecurringSeries summary(StoredSeries stored) {
        return RecurringSeriesFold.summarize(stored.client(), stored.series(), stored.description(), stored.currency(),
                stored.history(), NOW);
    }

    /** Records what the handler reports. */
    static final class RecordingEvents implements ProjectionEvents {
        final List<String> ignored = new ArrayList<>();
        final List<String> poison = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        final List<String> beforeWindow = new ArrayList<>();
        final List<BatchSummary> batches = new ArrayList<>();
        final List<String> regressions = new ArrayList<>();
        final List<String> rollupFailures = new ArrayList<>();

        @Override
        public void applied(ClientId client, SeriesId series, int added, long version) {
        }

        @Override
        public void duplicates(ClientId client, SeriesId series, int records) {
        }

        @Override
        public void beforeWindow(ClientId client, SeriesId series, int records) {
            beforeWindow.add(series + ": " + records);
        }

        @Override
        public void ignored(String sequenceNumber, String reason) {
            ignored.add(sequenceNumber + ": " + reason);
        }

        @Override
        public void poison(String sequenceNumber, String reason) {
            poison.add(sequenceNumber + ": " + reason);
        }

        @Override
        public void seriesFailed(ClientId client, SeriesId series, String sequenceNumber, RuntimeException cause) {
            failed.add(series + "@" + sequenceNumber + ": " + cause.getMessage());
        }

        @Override
        public void rollupFailed(Cell cell, String sequenceNumber, RuntimeException cause) {
            rollupFailures.add(cell + "@" + sequenceNumber + ": " + cause.getMessage());
        }

        @Override
        public void versionWentBack(ClientId client, SeriesId series, long loadedVersion, long lastSavedVersion) {
            regressions.add(series + ": " + loadedVersion + " < " + lastSavedVersion);
        }

        @Override
        public void cellWentBack(Cell cell, long loadedVersion, long lastSavedVersion) {
            regressions.add(cell.month() + "#" + cell.index() + ": " + loadedVersion + " < " + lastSavedVersion);
        }

        @Override
        public void batch(BatchSummary summary) {
            batches.add(summary);
        }
    }
}
