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
import io.recorder.ledger.PaymentReverser;
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
 * Lambda entry point for the API's writes, POST /payments and POST /payments/{paymentId}/reversal (API
 * Gateway REST proxy integration; ADR 0009 says why one function serves both). A thin adapter: the event
 * is read as a stream (see ApiGatewayEvents for why), the endpoint of its resource does the rest.
 */
public final class IngestHandler implements RequestStreamHandler {
    private static final FunctionEnvironment<DynamoDbClient> LAMBDA =
            new FunctionEnvironment<>(MetricNames.SERVICE_INGEST, DynamoDbClients::fromEnvironment);

    /** The two writes, built on one ledger and one API key directory. */
    private record Endpoints(RecordPaymentEndpoint payments, ReversePaymentEndpoint reversals) {
    }

    private final Endpoints endpoints;
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

    private IngestHandler(Endpoints endpoints, FunctionTelemetry telemetry, CorsPolicy cors) {
        this.endpoints = endpoints;
        this.telemetry = telemetry;
        this.cors = cors;
    }

    /** This handler answering browsers from {@code cors}'s origins (the local runtime's --cors-origin). */
    public IngestHandler withCors(CorsPolicy cors) {
        return new IngestHandler(endpoints, telemetry, cors);
    }

    private static Endpoints endpoint(DynamoDbClient dynamo, Clock clock, String tableName, IngestEvents events) {
        LedgerTable table = new LedgerTable(dynamo, tableName);
        ApiKeyClients clients = new ApiKeyClients(table, clock);
        DynamoDbPaymentLedger ledger = new DynamoDbPaymentLedger(table);
        return new Endpoints(
                new RecordPaymentEndpoint(clients, new PaymentRecorder(ledger, clock), events),
                new ReversePaymentEndpoint(clients, new PaymentReverser(ledger, clock), events));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiRequest request = ApiGatewayEvents.read(input);
        ApiResponse response = telemetry.invocation(context, request.requestId(), () -> route(request));
        ApiGatewayEvents.write(cors.decorate(request, response), output);
    }

    /** API Gateway sends this function only its two routes; anything but the reversal is POST /payments. */
    private ApiResponse route(ApiRequest request) {
        return ReversePaymentEndpoint.RESOURCE.equals(request.resource())
                ? endpoints.reversals().handle(request)
                : endpoints.payments().handle(request);
    }
}
