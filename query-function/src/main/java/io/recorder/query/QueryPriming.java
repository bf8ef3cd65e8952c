package io.recorder.query;

import io.recorder.dynamodb.LedgerReads;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.dynamodb.SpendingRollups;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiResponse;
import io.recorder.http.RestProxyEvent;
import io.recorder.ledger.ClientId;
import io.recorder.telemetry.lambda.SnapStartPriming;
import java.io.ByteArrayOutputStream;
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
    private static final String NO_PAYMENT = "pay_00000000000000000000000000";
    private static final String NO_SERIES = "ser_00000000000000000000000000";

    private final QueryHandler handler;
    private final QueryEndpoint dryEndpoint;

    QueryPriming(QueryHandler handler, LedgerTable table, Clock clock) {
        this.handler = handler;
        LedgerReads reads = new LedgerReads(table);
        this.dryEndpoint = new QueryEndpoint(apiKeyId -> Optional.of(PRIMING_CLIENT), new PaymentQueries(reads),
                new SeriesQueries(new SeriesProjections(table), new SpendingRollups(table), reads, clock), QueryEvents.NONE);
    }

    @Override
    protected boolean primeRequests() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        statuses.add(ApiGatewayEvents.readResponse(invoke(handler, routes().get(0).requestId("priming-handler").toStream(), "recorder-query")).statusCode());
        for (RestProxyEvent route : routes()) {
            ApiResponse response = dryEndpoint.handle(route.toRequest());
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

    /** One GET per route, from the impossible key id. */
    private static List<RestProxyEvent> routes() {
        return List.of(
                get(QueryEndpoint.PAYMENTS).query("limit", "7"),
                get(QueryEndpoint.PAYMENT).path("/payments/" + NO_PAYMENT).pathParameter("paymentId", NO_PAYMENT),
                get(QueryEndpoint.SERIES_LIST).query("status", "ACTIVE"),
                get(QueryEndpoint.UPCOMING).query("within", "P30D"),
                get(QueryEndpoint.SERIES).path("/recurring-payments/" + NO_SERIES).pathParameter("seriesId", NO_SERIES),
                get(QueryEndpoint.MONTHLY_SPENDING).query("from", "2024-01").query("to", "2024-12"));
    }

    private static RestProxyEvent get(String resource) {
        return RestProxyEvent.of("GET", resource)
                .header("Accept", "application/json")
                .requestId("priming-" + resource)
                .apiKeyId(IMPOSSIBLE_API_KEY_ID);
    }
}
