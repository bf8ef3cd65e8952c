package io.recorder.query;

import io.recorder.dynamodb.LedgerReads;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiResponse;
import io.recorder.ledger.ClientId;
import io.recorder.telemetry.lambda.SnapStartPriming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming for the query function (ADR 0601, as IngestPriming for ingest): before the
 * snapshot, every route runs once — read-only — so a restored environment has the event parsing, the
 * SDK's GetItem and Query marshalling, the readers, the JSON writers, the log layout and the EMF
 * serializer loaded and initialized.
 *
 * <p>The real handler is called with an API key id that cannot exist ({@code '#'} is not in API
 * Gateway's alphabet): a real GetItem, a 403. Each route is then served for a client that owns nothing
 * ({@code snapstart-priming}): real reads of empty partitions. Nothing is written; no metric is
 * emitted. A failure is logged and swallowed: priming must never fail the checkpoint.
 */
public final class QueryPriming extends SnapStartPriming {
    private static final Logger LOG = LoggerFactory.getLogger(QueryPriming.class);
    static final ClientId PRIMING_CLIENT = new ClientId(SnapStartPriming.PRIMING_CLIENT);
    /** resource, path, query string (JSON), path parameters (JSON): one request per route. */
    private static final String[][] ROUTES = {
        {QueryEndpoint.PAYMENTS, "/payments", "{\"limit\":\"7\"}", "null"},
        {QueryEndpoint.PAYMENT, "/payments/pay_00000000000000000000000000", "null", "{\"paymentId\":\"pay_00000000000000000000000000\"}"},
        {QueryEndpoint.SERIES_LIST, "/recurring-payments", "{\"status\":\"ACTIVE\"}", "null"},
        {QueryEndpoint.UPCOMING, "/recurring-payments/upcoming", "{\"within\":\"P30D\"}", "null"},
        {QueryEndpoint.SERIES, "/recurring-payments/ser_00000000000000000000000000", "null", "{\"seriesId\":\"ser_00000000000000000000000000\"}"},
        {QueryEndpoint.MONTHLY_SPENDING, "/spending/monthly", "{\"from\":\"2024-01\",\"to\":\"2024-12\"}", "null"},
    };

    private final QueryHandler handler;
    private final QueryEndpoint dryEndpoint;

    QueryPriming(QueryHandler handler, LedgerTable table, Clock clock) {
        this.handler = handler;
        LedgerReads reads = new LedgerReads(table);
        this.dryEndpoint = new QueryEndpoint(apiKeyId -> Optional.of(PRIMING_CLIENT), new PaymentQueries(reads),
                new SeriesQueries(new SeriesProjections(table), reads, clock), QueryEvents.NONE); // no metrics, no access logs
    }

    /** Registers priming for a handler built by the Lambda runtime (the no-arg constructor). */
    static void register(QueryHandler handler, LedgerTable table, Clock clock) {
        register(new QueryPriming(handler, table, clock));
    }

    /** The registered priming, for running it where there is no checkpoint (benchmarks). */
    public static Optional<QueryPriming> registered() {
        return registered(QueryPriming.class);
    }

    @Override
    protected boolean primeRequests() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event(ROUTES[0], "priming-handler"), out, lambdaContext("recorder-query"));
        statuses.add(ApiGatewayEvents.readResponse(new ByteArrayInputStream(out.toByteArray())).statusCode());
        for (String[] route : ROUTES) {
            ApiResponse response = dryEndpoint.handle(ApiGatewayEvents.read(event(route, "priming-" + route[0])));
            ApiGatewayEvents.write(response, new ByteArrayOutputStream());
            statuses.add(response.statusCode());
        }
        // 403 for the impossible key; then 200s, and 404s for the single payment and series that don't exist.
        boolean expected = statuses.get(0) == 403 && statuses.stream().skip(1).allMatch(s -> s == 200 || s == 404);
        if (!expected) {
            LOG.warn("SnapStart priming got statuses {} (expected 403, then 200 or 404)", statuses);
        }
        return expected;
    }

    /** A REST proxy GET event as API Gateway sends it, from the impossible key id. */
    private static ByteArrayInputStream event(String[] route, String requestId) {
        String json = "{\"resource\":\"" + route[0] + "\",\"path\":\"" + route[1] + "\",\"httpMethod\":\"GET\","
                + "\"headers\":{\"Accept\":\"application/json\"},\"multiValueHeaders\":{\"Accept\":[\"application/json\"]},"
                + "\"queryStringParameters\":" + route[2] + ",\"multiValueQueryStringParameters\":" + multi(route[2]) + ","
                + "\"pathParameters\":" + route[3] + ","
                + "\"requestContext\":{\"requestId\":\"" + requestId + "\",\"identity\":{\"apiKeyId\":\"" + IMPOSSIBLE_API_KEY_ID + "\"}},"
                + "\"body\":null,\"isBase64Encoded\":false}";
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    /** {"a":"1"} as API Gateway's multi-value form {"a":["1"]}. */
    private static String multi(String single) {
        return single.equals("null") ? "null" : single.replaceAll(":(\"[^\"]*\")", ":[$1]");
    }
}
