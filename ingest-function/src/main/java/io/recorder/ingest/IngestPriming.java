package io.recorder.ingest;

import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentLedger;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentRecorder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * SnapStart priming for the ingest function: before the snapshot is taken, runs every code path a
 * first request needs (event parsing, strict body parsing, validation, fingerprinting, the event
 * item, the SDK's PutItem and GetItem marshalling, signing and HTTP, problem and payment JSON, the
 * Powertools log layout with a Lambda context, the EMF serializer), so a restored environment starts
 * with those classes loaded and initialised instead of paying for them on its first request (ADR 0601).
 *
 * <p>It never writes. The GetItem (through the real handler) asks for an API key id that cannot
 * exist — API Gateway key ids have no {@code '#'} — and answers 403. The PutItem carries a condition
 * no item can satisfy ({@code attribute_exists(pk) AND attribute_not_exists(pk)}), so DynamoDB refuses
 * it whatever is stored. The EMF document is serialized but never printed, so no metric is emitted. A
 * failure of priming is logged and swallowed: it must never fail the checkpoint, and so never the
 * deployment.
 */
public final class IngestPriming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPriming.class);
    /** Not a possible API Gateway key id (those are alphanumeric), so the lookup finds nothing. */
    static final String IMPOSSIBLE_API_KEY_ID = "snapstart#priming#no-such-key";
    static final ClientId PRIMING_CLIENT = new ClientId("snapstart-priming");
    private static final String NEVER_TRUE =
            "attribute_exists(" + LedgerTable.PK + ") AND attribute_not_exists(" + LedgerTable.PK + ")";
    private static final String BODY =
            "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"Dollars\",\"amount\":500}";

    /** CRaC holds registered resources weakly: this reference keeps the registered one alive. */
    private static volatile IngestPriming registered;

    private final IngestHandler handler;
    private final RecordPaymentEndpoint dryEndpoint;

    IngestPriming(IngestHandler handler, LedgerTable table, Clock clock) {
        this.handler = handler;
        this.dryEndpoint = new RecordPaymentEndpoint(
                apiKeyId -> Optional.of(PRIMING_CLIENT),
                new PaymentRecorder(new RefusedAppends(table), clock),
                new SilentEvents());
    }

    /** Registers priming for a handler built by the Lambda runtime (the no-arg constructor). */
    static void register(IngestHandler handler, LedgerTable table, Clock clock) {
        IngestPriming priming = new IngestPriming(handler, table, clock);
        registered = priming;
        Core.getGlobalContext().register(priming);
    }

    /**
     * The registered priming, for running it where there is no checkpoint (benchmarks, a CRaC-less
     * JVM): empty when the handler was not built by the Lambda runtime's constructor.
     */
    public static Optional<IngestPriming> registered() {
        return Optional.ofNullable(registered);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to reopen: the URL-connection client opens connections per request as needed.
    }

    /** Runs the priming requests; returns whether they all behaved as expected. Never throws. */
    public boolean prime() {
        try {
            ApiResponse forbidden = throughHandler();
            ApiResponse recorded = dryEndpoint.handle(request(BODY, "priming-apikey"));
            ApiGatewayEvents.write(recorded, new ByteArrayOutputStream());
            serializeMetrics();
            boolean expected = forbidden.statusCode() == 403 && recorded.statusCode() == 201;
            if (!expected) {
                LOG.warn("SnapStart priming got {} and {} (expected 403 and 201)", forbidden.statusCode(), recorded.statusCode());
            }
            return expected;
        } catch (Exception | LinkageError e) {
            LOG.warn("SnapStart priming failed; the first request will be slower", e);
            return false;
        }
    }

    private ApiResponse throughHandler() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event(BODY, "priming-handler").getBytes(StandardCharsets.UTF_8)), out,
                new PrimingContext());
        return ApiGatewayEvents.readResponse(new ByteArrayInputStream(out.toByteArray()));
    }

    /**
     * The EMF document a flush would print, built and serialized but not printed: no metric is emitted.
     * Also resolves EMF's environment (Lambda: stdout), which it caches for the life of the process.
     */
    private static void serializeMetrics() throws Exception {
        MetricsContext metrics = new MetricsContext();
        metrics.putMetric("SnapStartPriming", 1, Unit.COUNT);
        metrics.serialize();
        new EnvironmentProvider().resolveEnvironment().get(2, TimeUnit.SECONDS);
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

    private static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Builds the real item and sends the real PutItem, with a condition DynamoDB always refuses. */
    private static final class RefusedAppends implements PaymentLedger {
        private final LedgerTable table;

        RefusedAppends(LedgerTable table) {
            this.table = table;
        }

        @Override
        public AppendResult append(PaymentRecorded event) {
            try {
                table.dynamo().putItem(r -> r
                        .tableName(table.name())
                        .item(PaymentItems.toItem(event))
                        .conditionExpression(NEVER_TRUE));
                LOG.warn("SnapStart priming: a never-true condition was accepted by the table");
            } catch (ConditionalCheckFailedException expected) {
                // The refusal is the point: the request and the error were both (un)marshalled.
            }
            return new Appended();
        }

        @Override
        public Optional<PaymentRecorded> find(ClientId client, PaymentId id) {
            return Optional.empty();
        }
    }

    /** The context the runtime passes, so Powertools' logging initializes with one as on a real request. */
    private static final class PrimingContext implements com.amazonaws.services.lambda.runtime.Context {
        @Override
        public String getAwsRequestId() {
            return "snapstart-priming";
        }

        @Override
        public String getLogGroupName() {
            return System.getenv("AWS_LAMBDA_LOG_GROUP_NAME");
        }

        @Override
        public String getLogStreamName() {
            return System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
        }

        @Override
        public String getFunctionName() {
            return System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        }

        @Override
        public String getFunctionVersion() {
            return System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public com.amazonaws.services.lambda.runtime.CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public com.amazonaws.services.lambda.runtime.ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 10_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 0;
        }

        @Override
        public com.amazonaws.services.lambda.runtime.LambdaLogger getLogger() {
            return null;
        }
    }

    /** Priming outcomes are not business events: no metrics, no outcome logs. */
    private static final class SilentEvents implements IngestEvents {
        @Override
        public void outcome(String requestId, ClientId client, PaymentRecorder.Outcome outcome) {
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
