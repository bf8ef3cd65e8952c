package io.recorder.query;

import io.recorder.dynamodb.LedgerReads;
import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.ApiResponses;
import io.recorder.http.PaymentJson;
import io.recorder.http.Problem;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.Timestamps;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** GET /payments and GET /payments/{paymentId}: the caller's ledger. */
final class PaymentQueries {
    static final String LISTING = "payments";
    private static final Set<String> LIST_PARAMETERS = Set.of("from", "to", "seriesId", "limit", "cursor");

    private final LedgerReads reads;

    PaymentQueries(LedgerReads reads) {
        this.reads = reads;
    }

    ApiResponse list(ApiRequest request, ClientId client) {
        QueryParameters parameters = new QueryParameters(request.queryParameters(), LIST_PARAMETERS);
        Optional<Instant> from = parameters.instant("from");
        Optional<Instant> to = parameters.instant("to");
        Optional<SeriesId> series = parameters.seriesId("seriesId");
        int limit = parameters.limit();
        Optional<String> token = parameters.cursor();
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            parameters.reject("from", "must be before to (from is inclusive, to exclusive)");
        }
        Cursors.Scope scope = new Cursors.Scope(LISTING, client, filters(from, to, series));
        Optional<String> after = Optional.empty();
        if (token.isPresent() && parameters.valid()) {
            after = Cursors.decode(scope, token.get()).filter(LedgerReads::isPosition);
            if (after.isEmpty()) {
                parameters.reject("cursor", Endpoints.FOREIGN_CURSOR);
            }
        }
        if (!parameters.valid()) {
            return Endpoints.invalid(parameters.errors(), request);
        }
        LedgerReads.Page page = reads.payments(client, new LedgerReads.PaymentQuery(from, to, series, limit, after));
        return Endpoints.ok(QueryJson.paymentPage(page.items(), page.next().map(position -> Cursors.encode(scope, position))));
    }

    ApiResponse one(ApiRequest request, ClientId client) {
        QueryParameters parameters = new QueryParameters(request.queryParameters(), Set.of());
        Optional<PaymentId> id = PaymentId.parse(request.pathParameter("paymentId").orElse(null));
        if (id.isEmpty()) {
            parameters.reject("paymentId", "must be a payment id (pay_ followed by 26 characters)");
        }
        if (!parameters.valid()) {
            return Endpoints.invalid(parameters.errors(), request);
        }
        Optional<PaymentRecorded> payment = reads.payment(client, id.get());
        if (payment.isEmpty()) {
            // Same answer for an unknown id and another client's id: existence is never revealed.
            return ApiResponses.problem(Problem.notFound("payment " + id.get().value()), request.requestId());
        }
        return Endpoints.ok(PaymentJson.write(payment.get()));
    }

    /** The filters a cursor is bound to, canonical: the same instant written with another offset is the same filter. */
    private static String filters(Optional<Instant> from, Optional<Instant> to, Optional<SeriesId> series) {
        return "from=" + from.map(Timestamps::sortable).orElse("")
                + "&to=" + to.map(Timestamps::sortable).orElse("")
                + "&seriesId=" + series.map(SeriesId::value).orElse("");
    }
}
