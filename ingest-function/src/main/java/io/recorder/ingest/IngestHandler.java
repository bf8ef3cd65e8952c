package io.recorder.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.DynamoDbPaymentLedger;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.CorsPolicy;
import io.recorder.ledger.PaymentRecorder;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionEnvironment;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import io.recorder.telemetry.lambda.SnapStartPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda entry point for POST /payments (API Gateway REST proxy integration). A thin adapter: the
 * event is read as a stream (see ApiGatewayEvents for why), the endpoint does the rest.
 */
public final class IngestHandler implements RequestStreamHandler {
    private static final FunctionEnvironment<DynamoDbClient> LAMBDA =
            new FunctionEnvironment<>(MetricNames.SERVICE_INGEST, DynamoDbClients::fromEnvironment);

    private final RecordPaymentEndpoint endpoint;
    private final FunctionTelemetry telemetry;
    /** Browser origins whose requests get CORS headers (CORS_ALLOWED_ORIGINS in Lambda; none unless given). */
    private final CorsPolicy cors;

    /** Used by the Lambda runtime: configuration from the environment. */
    public IngestHandler() {
        this(endpoint(LAMBDA.client(), Clock.systemUTC(), LAMBDA.tableName(), new PowertoolsIngestEvents(LAMBDA.telemetry())),
                LAMBDA.telemetry(), CorsPolicy.fromEnvironment(System.getenv()));
        SnapStartPriming.register(new IngestPriming(this, new LedgerTable(LAMBDA.client(), LAMBDA.tableName()), Clock.systemUTC()));
    }

    /** Used by the local runtime and tests: outcomes go to {@code events} (in Lambda, {@link PowertoolsIngestEvents}). */
    public IngestHandler(DynamoDbClient dynamo, Clock clock, String tableName, FunctionTelemetry telemetry, IngestEvents events) {
        this(endpoint(dynamo, clock, tableName, events), telemetry, CorsPolicy.none());
    }

    private IngestHandler(RecordPaymentEndpoint endpoint, FunctionTelemetry telemetry, CorsPolicy cors) {
        this.endpoint = endpoint;
        this.telemetry = telemetry;
        this.cors = cors;
    }

    /** This handler answering browsers from {@code cors}'s origins (the local runtime's --cors-origin). */
    public IngestHandler withCors(CorsPolicy cors) {
        return new IngestHandler(endpoint, telemetry, cors);
    }

    private static RecordPaymentEndpoint endpoint(DynamoDbClient dynamo, Clock clock, String tableName, IngestEvents events) {
        LedgerTable table = new LedgerTable(dynamo, tableName);
        return new RecordPaymentEndpoint(
                new ApiKeyClients(table, clock),
                new PaymentRecorder(new DynamoDbPaymentLedger(table), clock),
                events);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiRequest request = ApiGatewayEvents.read(input);
        ApiResponse response = telemetry.invocation(context, request.requestId(), () -> endpoint.handle(request));
        ApiGatewayEvents.write(cors.decorate(request, response), output);
    }
}
