package io.recorder.query;

import io.recorder.dynamodb.LedgerReads;
import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.ApiResponses;
import io.recorder.http.PaymentJson;
import io.recorder.http.Problem;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.LedgerEntry;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.Timestamps;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** GET /payments and GET /payments/{paymentId}: the caller's ledger. */
final class PaymentQueries {
    static final String LISTING = "payments";
    private static final Set<String> LIST_PARAMETERS = Set.of("from", "to", "seriesId", "reversed", "limit", "cursor");

    private final LedgerReads reads;

    PaymentQueries(LedgerReads reads) {
        this.reads = reads;
    }

    ApiResponse list(ApiRequest request, ClientId client) {
        QueryParameters parameters = new QueryParameters(request.queryParameters(), LIST_PARAMETERS);
        Optional<Instant> from = parameters.instant("from");
        Optional<Instant> to = parameters.instant("to");
        Optional<SeriesId> series = parameters.seriesId("seriesId");
        LedgerReads.Reversals reversals = parameters.oneOf("reversed", LedgerReads.Reversals.class).orElse(LedgerReads.Reversals.INCLUDE);
        int limit = parameters.limit();
        Optional<String> token = parameters.cursor();
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            parameters.reject("from", "must be before to (from is inclusive, to exclusive)");
        }
        Cursors.Scope scope = new Cursors.Scope(LISTING, client, filters(from, to, series, reversals));
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
        LedgerReads.Page page = reads.payments(client, new LedgerReads.PaymentQuery(from, to, series, limit, after, reversals));
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
        Optional<LedgerEntry> payment = reads.payment(client, id.get());
        if (payment.isEmpty()) {
            // Same answer for an unknown id and another client's id: existence is never revealed.
            return ApiResponses.problem(Problem.notFound("payment " + id.get().value()), request.requestId());
        }
        return Endpoints.ok(PaymentJson.write(payment.get()));
    }

    /** The filters a cursor is bound to, canonical: the same instant written with another offset is the same filter. */
    private static String filters(Optional<Instant> from, Optional<Instant> to, Optional<SeriesId> series,
                                  LedgerReads.Reversals reversals) {
        // The default adds nothing: cursors handed out before the filter existed stay valid.
        return "from=" + from.map(Timestamps::sortable).orElse("")
                + "&to=" + to.map(Timestamps::sortable).orElse("")
                + "&seriesId=" + series.map(SeriesId::value).orElse("")
                + (reversals == LedgerReads.Reversals.INCLUDE ? "" : "&reversed=" + reversals.name());
    }
}
