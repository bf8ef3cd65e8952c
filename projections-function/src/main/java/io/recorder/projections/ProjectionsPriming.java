package io.recorder.projections;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.dynamodb.RefusedWritesClient;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.Description;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import io.recorder.telemetry.lambda.SnapStartPriming;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming for the projections function (ADR 0601, as {@code IngestPriming} for ingest):
 * before the snapshot, a stream batch runs through the real handler — record decoding, the log layout
 * with a Lambda context, the batch metrics (all zero) — and a payment of a client that owns nothing
 * ({@code snapstart-priming}) runs through a second handler whose writes DynamoDB refuses: the
 * projection's strongly consistent GetItem, the fold, the item encoding and the conditional PutItem's
 * marshalling, signing, HTTP and error unmarshalling.
 *
 * <p>It never writes: the real handler gets an update record, which the projection ignores, and every
 * PutItem of the second handler also carries a condition no item can satisfy. A failure is logged and
 * swallowed: priming must never fail the checkpoint.
 */
public final class ProjectionsPriming extends SnapStartPriming {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionsPriming.class);
    static final ClientId PRIMING_CLIENT = new ClientId(SnapStartPriming.PRIMING_CLIENT);

    private final ProjectionsHandler handler;
    private final ProjectionsHandler dryHandler;
    private final Clock clock;

    ProjectionsPriming(ProjectionsHandler handler, DynamoDbClient dynamo, String tableName, Clock clock) {
        this.handler = handler;
        this.dryHandler = new ProjectionsHandler(new RefusedWritesClient(dynamo), clock, tableName,
                new FunctionTelemetry(MetricNames.SERVICE_PROJECTIONS), ProjectionEvents.NONE);
        this.clock = clock;
    }

    @Override
    protected boolean primeRequests() {
        Instant now = clock.instant();
        Description description = new Description("Gym");
        Money amount = Money.of("500", "USD");
        PaymentRecorded payment = new PaymentRecorded(new PaymentId(PaymentId.PREFIX + "0".repeat(26)), PRIMING_CLIENT,
                SeriesId.of(PRIMING_CLIENT, description, amount.currency()), now, description, amount, now, "snapstart-priming");
        DynamodbStreamRecord update = StreamRecords.inserted(PaymentItems.toItem(payment), "1", now);
        update.setEventName("MODIFY");
        StreamsEventResponse ignored = handler.handleRequest(event(update), lambdaContext("recorder-projections"));
        StreamsEventResponse applied = dryHandler.handleRequest(
                event(StreamRecords.inserted(PaymentItems.toItem(payment), "2", now)), lambdaContext("recorder-projections"));
        boolean expected = ignored.getBatchItemFailures().isEmpty() && applied.getBatchItemFailures().isEmpty();
        if (!expected) {
            LOG.warn("SnapStart priming reported failures {} and {} (expected none)",
                    ignored.getBatchItemFailures().size(), applied.getBatchItemFailures().size());
        }
        return expected;
    }

    private static DynamodbEvent event(DynamodbStreamRecord record) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
    }
}
