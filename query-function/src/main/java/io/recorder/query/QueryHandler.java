package io.recorder.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.LedgerReads;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.dynamodb.SpendingRollups;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.CorsPolicy;
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
 * Lambda entry point for the read API (API Gateway REST proxy integration): GET /payments,
 * /payments/{paymentId}, /recurring-payments, /recurring-payments/{seriesId} and /spending/monthly.
 * A thin adapter: the event is read as a stream (ApiGatewayEvents explains why), the endpoint does the rest.
 */
public final class QueryHandler implements RequestStreamHandler {
    private static final FunctionEnvironment<DynamoDbClient> LAMBDA =
            new FunctionEnvironment<>(MetricNames.SERVICE_QUERY, DynamoDbClients::fromEnvironment);

    private final QueryEndpoint endpoint;
    private final FunctionTelemetry telemetry;
    /** Browser origins whose requests get CORS headers (CORS_ALLOWED_ORIGINS in Lambda; none unless given). */
    private final CorsPolicy cors;

    /** Used by the Lambda runtime: configuration from the environment. */
    public QueryHandler() {
        this(endpoint(LAMBDA.client(), Clock.systemUTC(), LAMBDA.tableName(), new PowertoolsQueryEvents(LAMBDA.telemetry())),
                LAMBDA.telemetry(), CorsPolicy.fromEnvironment(System.getenv()));
        SnapStartPriming.register(new QueryPriming(this, new LedgerTable(LAMBDA.client(), LAMBDA.tableName()), Clock.systemUTC()));
    }

    /** Used by the local runtime and tests: outcomes go to {@code events} (in Lambda, {@link PowertoolsQueryEvents}). */
    public QueryHandler(DynamoDbClient dynamo, Clock clock, String tableName, FunctionTelemetry telemetry, QueryEvents events) {
        this(endpoint(dynamo, clock, tableName, events), telemetry, CorsPolicy.none());
    }

    private QueryHandler(QueryEndpoint endpoint, FunctionTelemetry telemetry, CorsPolicy cors) {
        this.endpoint = endpoint;
        this.telemetry = telemetry;
        this.cors = cors;
    }

    /** This handler answering browsers from {@code cors}'s origins (the local runtime's --cors-origin). */
    public QueryHandler withCors(CorsPolicy cors) {
        return new QueryHandler(endpoint, telemetry, cors);
    }

    private static QueryEndpoint endpoint(DynamoDbClient dynamo, Clock clock, String tableName, QueryEvents events) {
        LedgerTable table = new LedgerTable(dynamo, tableName);
        LedgerReads reads = new LedgerReads(table);
        return new QueryEndpoint(
                new ApiKeyClients(table, clock),
                new PaymentQueries(reads),
                new SeriesQueries(new SeriesProjections(table), new SpendingRollups(table), reads, clock),
                events);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiRequest request = ApiGatewayEvents.read(input);
        ApiResponse response = telemetry.invocation(context, request.requestId(), () -> endpoint.handle(request));
        ApiGatewayEvents.write(cors.decorate(request, response), output);
    }
}
