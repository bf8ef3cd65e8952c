package io.recorder.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.LedgerReads;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.CorsPolicy;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda entry point for the read API (API Gateway REST proxy integration): GET /payments,
 * /payments/{paymentId}, /recurring-payments, /recurring-payments/{seriesId} and /spending/monthly.
 * A thin adapter: the event is read as a stream (ApiGatewayEvents explains why), the endpoint does the rest.
 */
public final class QueryHandler implements RequestStreamHandler {
    public static final String TABLE_NAME_ENV = "TABLE_NAME";

    /** Built once per execution environment, during init (and before a SnapStart snapshot). */
    private static final class Defaults {
        static final Map<String, String> ENV = System.getenv();
        static final FunctionTelemetry TELEMETRY = new FunctionTelemetry(MetricNames.SERVICE_QUERY);
        static final DynamoDbClient DYNAMO = DynamoDbClients.fromEnvironment(ENV, TELEMETRY.tracing().sdkInterceptors());
    }

    private final QueryEndpoint endpoint;
    private final FunctionTelemetry telemetry;
    private final CorsPolicy cors;

    /** Used by the Lambda runtime: configuration from the environment. */
    public QueryHandler() {
        this(Defaults.DYNAMO, Clock.systemUTC(), tableName(Defaults.ENV), Defaults.TELEMETRY,
                CorsPolicy.fromEnvironment(Defaults.ENV));
        QueryPriming.register(this, new LedgerTable(Defaults.DYNAMO, tableName(Defaults.ENV)), Clock.systemUTC());
    }

    /** The same telemetry as in Lambda, no browser origin allowed. */
    public QueryHandler(DynamoDbClient dynamo, Clock clock, String tableName, FunctionTelemetry telemetry) {
        this(dynamo, clock, tableName, telemetry, CorsPolicy.none());
    }

    /** Used by the local runtime: the same telemetry as in Lambda, and the runtime's CORS origins. */
    public QueryHandler(DynamoDbClient dynamo, Clock clock, String tableName, FunctionTelemetry telemetry, CorsPolicy cors) {
        this(dynamo, clock, tableName, telemetry, new PowertoolsQueryEvents(telemetry), cors);
    }

    /** Used by tests: observe outcomes through {@code events}. */
    public QueryHandler(DynamoDbClient dynamo, Clock clock, String tableName, QueryEvents events) {
        this(dynamo, clock, tableName, new FunctionTelemetry(MetricNames.SERVICE_QUERY), events, CorsPolicy.none());
    }

    private QueryHandler(DynamoDbClient dynamo, Clock clock, String tableName, FunctionTelemetry telemetry, QueryEvents events,
            CorsPolicy cors) {
        this.cors = cors;
        this.telemetry = telemetry;
        LedgerTable table = new LedgerTable(dynamo, tableName);
        LedgerReads reads = new LedgerReads(table);
        this.endpoint = new QueryEndpoint(
                new ApiKeyClients(table, clock),
                new PaymentQueries(reads),
                new SeriesQueries(new SeriesProjections(table), reads, clock),
                events);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiRequest request = ApiGatewayEvents.read(input);
        ApiResponse response = telemetry.invocation(context, request.requestId(), () -> endpoint.handle(request));
        ApiGatewayEvents.write(cors.decorate(request, response), output);
    }

    static String tableName(Map<String, String> env) {
        return Objects.requireNonNull(env.get(TABLE_NAME_ENV), TABLE_NAME_ENV + " must be set");
    }
}
