package io.recorder.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.LedgerReads;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.http.ApiGatewayEvents;
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
        static final DynamoDbClient DYNAMO = DynamoDbClients.fromEnvironment(ENV);
    }

    private final QueryEndpoint endpoint;

    /** Used by the Lambda runtime: configuration from the environment. */
    public QueryHandler() {
        this(Defaults.DYNAMO, Clock.systemUTC(), tableName(Defaults.ENV), new StderrQueryEvents(System.err, Clock.systemUTC()));
    }

    /** Used by tests and the local runtime. */
    public QueryHandler(DynamoDbClient dynamo, Clock clock, String tableName, QueryEvents events) {
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
        ApiGatewayEvents.write(endpoint.handle(ApiGatewayEvents.read(input)), output);
    }

    static String tableName(Map<String, String> env) {
        return Objects.requireNonNull(env.get(TABLE_NAME_ENV), TABLE_NAME_ENV + " must be set");
    }
}
