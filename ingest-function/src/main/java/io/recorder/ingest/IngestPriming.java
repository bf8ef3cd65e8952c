package io.recorder.ingest;

import io.recorder.dynamodb.DynamoDbPaymentLedger;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.RefusedWritesClient;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.PaymentRecorder;
import io.recorder.ledger.PaymentReverser;
import io.recorder.telemetry.lambda.SnapStartPriming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    private static final String REVERSAL_BODY = "{\"reason\":\"priming\"}";
    /** A well-formed payment id no payment has (ids are hashes): the reversal path runs to its 404. */
    private static final String NO_SUCH_PAYMENT = "pay_00000000000000000000000000";

    private final IngestHandler handler;
    private final RecordPaymentEndpoint dryEndpoint;
    private final ReversePaymentEndpoint dryReversals;

    IngestPriming(IngestHandler handler, LedgerTable table, Clock clock) {
        this.handler = handler;
        DynamoDbPaymentLedger dryLedger = new DynamoDbPaymentLedger(new LedgerTable(new RefusedWritesClient(table.dynamo()), table.name()));
        this.dryEndpoint = new RecordPaymentEndpoint(
                apiKeyId -> Optional.of(PRIMING_CLIENT), new PaymentRecorder(dryLedger, clock), new SilentEvents());
        this.dryReversals = new ReversePaymentEndpoint(
                apiKeyId -> Optional.of(PRIMING_CLIENT), new PaymentReverser(dryLedger, clock), new SilentEvents());
    }

    /** Registers priming for a handler built by the Lambda runtime (the no-arg constructor). */
    static void register(IngestHandler handler, LedgerTable table, Clock clock) {
        register(new IngestPriming(handler, table, clock));
    }

    /** The registered priming, for running it where there is no checkpoint (benchmarks). */
    public static Optional<IngestPriming> registered() {
        return registered(IngestPriming.class);
    }

    @Override
    protected boolean primeRequests() throws IOException {
        ApiResponse forbidden = throughHandler();
        ApiResponse recorded = dryEndpoint.handle(request(BODY, "priming-apikey"));
        ApiGatewayEvents.write(recorded, new ByteArrayOutputStream());
        ApiResponse reversal = dryReversals.handle(ApiGatewayEvents.read(new ByteArrayInputStream(
                reversalEvent().getBytes(StandardCharsets.UTF_8))));
        boolean expected = forbidden.statusCode() == 403 && recorded.statusCode() == 201 && reversal.statusCode() == 404;
        if (!expected) {
            LOG.warn("SnapStart priming got {}, {} and {} (expected 403, 201 and 404)", forbidden.statusCode(),
                    recorded.statusCode(), reversal.statusCode());
        }
        return expected;
    }

    private ApiResponse throughHandler() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event(BODY, "priming-handler").getBytes(StandardCharsets.UTF_8)), out,
                lambdaContext("recorder-ingest"));
        return ApiGatewayEvents.readResponse(new ByteArrayInputStream(out.toByteArray()));
    }

    private static ApiRequest request(String body, String requestId) throws IOException {
        return ApiGatewayEvents.read(new ByteArrayInputStream(event(body, requestId).getBytes(StandardCharsets.UTF_8)));
    }

    /** A REST proxy event as API Gateway sends it, from the impossible key id. */
    private static String event(String body, String requestId) {
        return "{\"resource\":\"/payments\",\"path\":\"/payments\",\"httpMethod\":\"POST\","
                + "\"headers\":{\"Content-Type\":\"application/json\",\"Idempotency-Key\":\"snapstart-priming\"},"
                + "\"multiValueHeaders\":{\"Content-Type\":[\"application/json\"],\"Idempotency-Key\":[\"snapstart-priming\"]},"
                + "\"queryStringParameters\":null,\"multiValueQueryStringParameters\":null,\"pathParameters\":null,"
                + "\"requestContext\":{\"requestId\":\"" + requestId + "\",\"identity\":{\"apiKeyId\":\"" + IMPOSSIBLE_API_KEY_ID + "\"}},"
                + "\"body\":" + jsonString(body) + ",\"isBase64Encoded\":false}";
    }

    /** A reversal of a payment nobody has, as API Gateway sends it. */
    private static String reversalEvent() {
        return event(REVERSAL_BODY, "priming-reversal")
                .replace("\"resource\":\"/payments\",\"path\":\"/payments\"",
                        "\"resource\":\"" + ReversePaymentEndpoint.RESOURCE + "\",\"path\":\"/payments/" + NO_SUCH_PAYMENT + "/reversal\"")
                .replace("\"pathParameters\":null", "\"pathParameters\":{\"paymentId\":\"" + NO_SUCH_PAYMENT + "\"}");
    }

    private static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Priming outcomes are not business events: no metrics, no outcome logs. */
    private static final class SilentEvents implements IngestEvents {
        @Override
        public void outcome(String requestId, ClientId client, PaymentRecorder.Outcome outcome) {
        }

        @Override
        public void reversal(String requestId, ClientId client, PaymentReverser.Outcome outcome) {
        }

        @Override
        public void malformed(String requestId) {
        }

        @Override
        public void unknownApiKey(String requestId) {
        }

        @Override
        public void storeUnavailable(String requestId, RuntimeException cause) {
        }

        @Override
        public void internalError(String requestId, RuntimeException cause) {
        }
    }
}
