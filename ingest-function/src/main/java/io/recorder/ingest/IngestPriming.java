package io.recorder.ingest;

import io.recorder.dynamodb.DynamoDbPaymentLedger;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.RefusedWritesClient;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiResponse;
import io.recorder.http.RestProxyEvent;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.PaymentRecorder;
import io.recorder.telemetry.lambda.SnapStartPriming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming for the ingest function: before the snapshot is taken, runs every code path a
 * first request needs (event parsing, strict body parsing, validation, fingerprinting, the event
 * item, the SDK's PutItem and GetItem marshalling, signing and HTTP, problem and payment JSON, the
 * Powertools log layout with a Lambda context, the EMF serializer), so a restored environment starts
 * with those classes loaded and initialised instead of paying for them on its first request (ADR 0601).
 *
 * <p>It never writes. The GetItem (through the real handler) asks for an API key id that cannot
 * exist — API Gateway key ids have no {@code '#'} — and answers 403. The second request runs through
 * the real ledger over a {@link RefusedWritesClient}: its PutItem also carries a condition no item can
 * satisfy, so DynamoDB refuses it whatever is stored, and the ledger then takes its success path.
 */
public final class IngestPriming extends SnapStartPriming {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPriming.class);
    static final ClientId PRIMING_CLIENT = new ClientId(SnapStartPriming.PRIMING_CLIENT);
    private static final String BODY =
            "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"Dollars\",\"amount\":500}";

    private final IngestHandler handler;
    private final RecordPaymentEndpoint dryEndpoint;

    IngestPriming(IngestHandler handler, LedgerTable table, Clock clock) {
        this.handler = handler;
        this.dryEndpoint = new RecordPaymentEndpoint(
                apiKeyId -> Optional.of(PRIMING_CLIENT),
                new PaymentRecorder(new DynamoDbPaymentLedger(new LedgerTable(new RefusedWritesClient(table.dynamo()), table.name())), clock),
                IngestEvents.NONE);
    }

    @Override
    protected boolean primeRequests() throws IOException {
        ApiResponse forbidden = ApiGatewayEvents.readResponse(invoke(handler, event("priming-handler").toStream(), "recorder-ingest"));
        ApiResponse recorded = dryEndpoint.handle(event("priming-apikey").toRequest());
        ApiGatewayEvents.write(recorded, new ByteArrayOutputStream());
        boolean expected = forbidden.statusCode() == 403 && recorded.statusCode() == 201;
        if (!expected) {
            LOG.warn("SnapStart priming got {} and {} (expected 403 and 201)", forbidden.statusCode(), recorded.statusCode());
        }
        return expected;
    }

    /** The published example, from the impossible key id. */
    private static RestProxyEvent event(String requestId) {
        return RestProxyEvent.of("POST", "/payments")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "snapstart-priming")
                .requestId(requestId)
                .apiKeyId(IMPOSSIBLE_API_KEY_ID)
                .body(BODY);
    }
}
