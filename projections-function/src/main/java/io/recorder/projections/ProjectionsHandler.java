package io.recorder.projections;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.SeriesId;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionEnvironment;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import io.recorder.telemetry.lambda.SnapStartPriming;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.recorder.dynamodb.SpendingRollups;
import io.recorder.ledger.recurring.MonthlyRollup.Cell;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda entry point for the table's stream: keeps each recurring series' projection equal to the
 * fold of its payments in the ledger, under at-least-once, out-of-order delivery (ADR 0006, 0007).
 *
 * <p>A batch is grouped by series; each series costs one read and at most one write whatever the
 * number of its records. A series that cannot be updated now, or a record that can never be read,
 * is reported through {@code batchItemFailures} with the sequence number of its earliest record:
 * Lambda then redelivers from there, the other series of the batch keep their updates, and the
 * redelivered records that were already applied are no-ops. Nothing per record is ever thrown.
 */
public final class ProjectionsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final FunctionEnvironment<DynamoDbClient> LAMBDA =
            new FunctionEnvironment<>(MetricNames.SERVICE_PROJECTIONS, DynamoDbClients::fromEnvironment);

    private final SeriesProjector projector;
    private final RollupProjector rollups;
    private final Clock clock;
    private final ProjectionEvents events;
    private final FunctionTelemetry telemetry;

    /** Used by the Lambda runtime: configuration from the environment. */
    public ProjectionsHandler() {
        this(LAMBDA.client(), Clock.systemUTC(), LAMBDA.tableName(), LAMBDA.telemetry(), new PowertoolsProjectionEvents(LAMBDA.telemetry()));
        SnapStartPriming.register(new ProjectionsPriming(this, LAMBDA.client(), LAMBDA.tableName(), Clock.systemUTC()));
    }

    /**
     * Used by the local runtime, tests and the rebuild command: outcomes go to {@code events} (in Lambda,
     * {@link PowertoolsProjectionEvents}).
     */
    public ProjectionsHandler(DynamoDbClient dynamo, Clock clock, String tableName, FunctionTelemetry telemetry,
                              ProjectionEvents events) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        LedgerTable table = new LedgerTable(dynamo, tableName);
        ProjectionMaintenance maintenance = new ProjectionMaintenance(table, new PrintStream(OutputStream.nullOutputStream()));
        this.projector = new SeriesProjector(new SeriesProjections(table), maintenance::rebuildSeries, events::versionWentBack);
        this.rollups = new RollupProjector(new SpendingRollups(table), maintenance::rebuildCell, events::cellWentBack);
        this.telemetry = telemetry;
    }

    private void beforeWindow(SeriesKey key, int records) {
        if (records > 0) {
            events.beforeWindow(key.client(), key.series(), records);
        }
    }

    private record SeriesKey(ClientId client, SeriesId series) {
    }

    /**
     * The events (payments and reversals) of one series, or of one monthly spending cell, in this batch, and its
     * lowest sequence number: what to report if the group fails, since Lambda takes every record below the lowest
     * reported one as done. (Lambda's batches are in sequence order, so that is the group's first record; the
     * minimum does not rely on it.)
     */
    private static final class Group {
        String lowestSequenceNumber;
        final List<LedgerEvent> payments = new ArrayList<>();
        final List<String> sequenceNumbers = new ArrayList<>();

        void add(String sequenceNumber, LedgerEvent payment) {
            if (payments.isEmpty() || sequenceNumber == null
                    || (lowestSequenceNumber != null && StreamRecords.SEQUENCE_ORDER.compare(sequenceNumber, lowestSequenceNumber) < 0)) {
                lowestSequenceNumber = sequenceNumber; // null (unknown) wins: it makes Lambda retry the whole batch
            }
            payments.add(payment);
            sequenceNumbers.add(sequenceNumber);
        }
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return telemetry.invocation(context, null, () -> apply(event));
    }

    private StreamsEventResponse apply(DynamodbEvent event) {
        List<DynamodbStreamRecord> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        Map<SeriesKey, Group> groups = new LinkedHashMap<>();
        Map<Cell, Group> cells = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Set<String> failedInGroups = new HashSet<>();
        int ignored = 0;
        int failedRecords = 0;
        Optional<Instant> oldest = Optional.empty();
        for (DynamodbStreamRecord record : records) {
            StreamRecords.Decoded decoded = StreamRecords.decode(record);
            if (decoded instanceof StreamRecords.Event payment) {
                groups.computeIfAbsent(new SeriesKey(payment.client(), payment.series()), key -> new Group())
                        .add(payment.sequenceNumber(), payment.event());
                cells.computeIfAbsent(Cell.of(payment.event(), SpendingRollups.CELL_OF), cell -> new Group())
                        .add(payment.sequenceNumber(), payment.event());
                if (payment.createdAt().isPresent() && (oldest.isEmpty() || payment.createdAt().get().isBefore(oldest.get()))) {
                    oldest = payment.createdAt();
                }
            } else if (decoded instanceof StreamRecords.Ignored skip) {
                ignored++;
                events.ignored(skip.sequenceNumber(), skip.reason());
            } else if (decoded instanceof StreamRecords.Poison poison) {
                failedRecords++;
                failures.add(poison.sequenceNumber());
                events.poison(poison.sequenceNumber(), poison.reason());
            } else {
                throw new IllegalStateException("unhandled stream record " + decoded.getClass().getName());
            }
        }
        int applied = 0;
        int duplicates = 0;
        int conflicts = 0;
        for (Map.Entry<SeriesKey, Group> entry : groups.entrySet()) {
            SeriesKey key = entry.getKey();
            Group group = entry.getValue();
            SeriesProjector.Outcome outcome = projector.apply(key.client(), key.series(), group.payments);
            if (outcome instanceof SeriesProjector.Applied done) {
                beforeWindow(key, done.beforeWindow());
                applied += done.added();
                duplicates += group.payments.size() - done.added();
                conflicts += done.conflicts();
                events.applied(key.client(), key.series(), done.added(), done.version());
            } else if (outcome instanceof SeriesProjector.Unchanged unchanged) {
                beforeWindow(key, unchanged.beforeWindow());
                duplicates += group.payments.size();
                conflicts += unchanged.conflicts();
                events.duplicates(key.client(), key.series(), group.payments.size());
            } else if (outcome instanceof SeriesProjector.Failed failed) {
                failedInGroups.addAll(group.sequenceNumbers);
                conflicts += failed.conflicts();
                failures.add(group.lowestSequenceNumber);
                events.seriesFailed(key.client(), key.series(), group.lowestSequenceNumber, failed.cause());
            } else {
                throw new IllegalStateException("unhandled projection outcome " + outcome.getClass().getName());
            }
        }
        // Monthly spending cells (ADR 0011): a failed cell is retried like a failed series; the series and cells
        // that succeeded take the redelivered records as duplicates.
        for (Map.Entry<Cell, Group> entry : cells.entrySet()) {
            Group group = entry.getValue();
            SeriesProjector.Outcome outcome = rollups.apply(entry.getKey(), group.payments);
            conflicts += outcome.conflicts();
            if (outcome instanceof SeriesProjector.Failed failed) {
                failedInGroups.addAll(group.sequenceNumbers);
                failures.add(group.lowestSequenceNumber);
                events.rollupFailed(entry.getKey(), group.lowestSequenceNumber, failed.cause());
            }
        }
        failedRecords += failedInGroups.size();
        long lag = oldest.map(created -> Math.max(0, Duration.between(created, clock.instant()).toMillis())).orElse(0L);
        events.batch(new ProjectionEvents.BatchSummary(records.size(), applied, duplicates, ignored, failedRecords, conflicts, lag));
        failures.sort(StreamRecords.SEQUENCE_ORDER);
        List<BatchItemFailure> items = new ArrayList<>(failures.size());
        for (String sequenceNumber : failures) {
            // A null identifier makes Lambda retry the whole batch: the right thing for a record without one.
            items.add(new BatchItemFailure(sequenceNumber));
        }
        return new StreamsEventResponse(items);
    }
}
