package io.recorder.query;

import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.ApiResponses;
import io.recorder.http.Problem;
import io.recorder.ledger.ClientDirectory;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.LedgerUnavailableException;
import java.util.Optional;

/**
 * The read API: identifies the caller's client from its API key, routes on the API Gateway resource
 * and method, and turns failures into problems. Never a 5xx for a client mistake; a 503 with
 * Retry-After when the store is busy; a 500 that leaks nothing otherwise.
 */
public final class QueryEndpoint {
    /** The routes this function serves: API Gateway resource templates, all GET. */
    public static final String PAYMENTS = "/payments";
    public static final String PAYMENT = "/payments/{paymentId}";
    public static final String SERIES_LIST = "/recurring-payments";
    public static final String SERIES = "/recurring-payments/{seriesId}";
    public static final String UPCOMING = "/recurring-payments/upcoming";
    public static final String MONTHLY_SPENDING = "/spending/monthly";

    /** Seconds a client should wait after a 503. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final ClientDirectory clients;
    private final PaymentQueries payments;
    private final SeriesQueries series;
    private final QueryEvents events;

    QueryEndpoint(ClientDirectory clients, PaymentQueries payments, SeriesQueries series, QueryEvents events) {
        this.clients = clients;
        this.payments = payments;
        this.series = series;
        this.events = events;
    }

    public ApiResponse handle(ApiRequest request) {
        String requestId = request.requestId();
        try {
            Optional<ClientId> client = request.apiKeyIdentity().flatMap(clients::clientFor);
            if (client.isEmpty()) {
                events.unknownApiKey(requestId);
                return ApiResponses.problem(Problem.forbidden(), requestId);
            }
            String resource = request.resource() == null ? "" : request.resource();
            ApiResponse response = QueryCsv.wanted(request, resource)
                    ? QueryCsv.of(resource, route(request, client.get()))
                    : route(request, client.get());
            events.served(requestId, client.get(), request.method() + " " + request.resource(), response.statusCode());
            return response;
        } catch (LedgerUnavailableException e) {
            events.storeUnavailable(requestId, e);
            return ApiResponses.problem(Problem.readUnavailable(RETRY_AFTER_SECONDS), requestId);
        } catch (RuntimeException e) {
            events.internalError(requestId, e);
            return ApiResponses.problem(Problem.internalError(), requestId);
        }
    }

    private ApiResponse route(ApiRequest request, ClientId client) {
        String resource = request.resource() == null ? "" : request.resource();
        if (request.method().equals("GET")) {
            switch (resource) {
                case PAYMENTS:
                    return payments.list(request, client);
                case PAYMENT:
                    return payments.one(request, client);
                case SERIES_LIST:
                    return series.list(request, client);
                case SERIES:
                    return series.one(request, client);
                case UPCOMING:
                    return series.upcoming(request, client);
                case MONTHLY_SPENDING:
                    return series.monthlySpending(request, client);
                default:
                    break;
            }
        }
        // API Gateway only sends the routes above; anything else is a wiring mistake, answered like an unknown id.
        return ApiResponses.problem(Problem.notFound(request.method() + " " + resource), request.requestId());
    }
}
