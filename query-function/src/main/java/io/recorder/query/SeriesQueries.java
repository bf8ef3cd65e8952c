package io.recorder.query;

import io.recorder.dynamodb.LedgerReads;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.ApiResponses;
import io.recorder.http.Problem;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.LedgerEntry;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.Cadence;
import io.recorder.ledger.recurring.MonthlySpending;
import io.recorder.ledger.recurring.RecurringSeries;
import io.recorder.ledger.recurring.RecurringSeriesFold;
import io.recorder.ledger.recurring.SeriesStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GET /recurring-payments, /recurring-payments/{seriesId} and /spending/monthly: the projected series,
 * summarized at request time so that their status is current (a series goes LATE without any new event).
 */
final class SeriesQueries {
    static final String LISTING = "recurring-payments";
    static final int RECENT_PAYMENTS = 12;
    private static final Set<String> LIST_PARAMETERS = Set.of("cadence", "currency", "status", "limit", "cursor");
    private static final Set<String> SPENDING_PARAMETERS = Set.of("from", "to");

    private final SeriesProjections projections;
    private final LedgerReads reads;
    private final Clock clock;

    SeriesQueries(SeriesProjections projections, LedgerReads reads, Clock clock) {
        this.projections = projections;
        this.reads = reads;
        this.clock = clock;
    }

    ApiResponse list(ApiRequest request, ClientId client) {
        QueryParameters parameters = new QueryParameters(request.queryParameters(), LIST_PARAMETERS);
        Optional<Cadence> cadence = parameters.oneOf("cadence", Cadence.class);
        Optional<CurrencyCode> currency = parameters.currency("currency");
        Optional<SeriesStatus> status = parameters.oneOf("status", SeriesStatus.class);
        int limit = parameters.limit();
        Optional<String> token = parameters.cursor();
        Cursors.Scope scope = new Cursors.Scope(LISTING, client, "cadence=" + cadence.map(Enum::name).orElse("")
                + "&currency=" + currency.map(CurrencyCode::code).orElse("")
                + "&status=" + status.map(Enum::name).orElse(""));
        Optional<SeriesId> after = Optional.empty();
        if (token.isPresent() && parameters.valid()) {
            after = Cursors.decode(scope, token.get()).flatMap(SeriesId::parse);
            if (after.isEmpty()) {
                parameters.reject("cursor", Endpoints.FOREIGN_CURSOR);
            }
        }
        if (!parameters.valid()) {
            return Endpoints.invalid(parameters.errors(), request);
        }
        Instant now = clock.instant();
        List<RecurringSeries> page = new ArrayList<>(limit);
        boolean more = false;
        // Series-id order (the projection's sort key); filters apply to the summary as of now.
        for (StoredSeries stored : projections.listForClient(client)) {
            if (stored.history().isEmpty()
                    || after.isPresent() && stored.series().value().compareTo(after.get().value()) <= 0) {
                continue;
            }
            if (currency.isPresent() && !stored.currency().equals(currency.get())) {
                continue;
            }
            RecurringSeries summary = summarize(stored, now);
            if (cadence.isPresent() && summary.cadence() != cadence.get()
                    || status.isPresent() && summary.status() != status.get()) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(summary);
        }
        Optional<String> next = more
                ? Optional.of(Cursors.encode(scope, page.get(page.size() - 1).seriesId().value()))
                : Optional.empty();
        return Endpoints.ok(QueryJson.seriesPage(page, next));
    }

    ApiResponse one(ApiRequest request, ClientId client) {
        QueryParameters parameters = new QueryParameters(request.queryParameters(), Set.of());
        Optional<SeriesId> id = SeriesId.parse(request.pathParameter("seriesId").orElse(null));
        if (id.isEmpty()) {
            parameters.reject("seriesId", "must be a series id (ser_ followed by 26 characters)");
        }
        if (!parameters.valid()) {
            return Endpoints.invalid(parameters.errors(), request);
        }
        Optional<StoredSeries> stored = projections.load(client, id.get()).filter(s -> !s.history().isEmpty());
        if (stored.isEmpty()) {
            return ApiResponses.problem(Problem.notFound("series " + id.get().value()), request.requestId());
        }
        List<LedgerEntry> recent = reads.recentInSeries(client, id.get(), RECENT_PAYMENTS);
        return Endpoints.ok(QueryJson.seriesDetail(summarize(stored.get(), clock.instant()), recent));
    }

    ApiResponse monthlySpending(ApiRequest request, ClientId client) {
        QueryParameters parameters = new QueryParameters(request.queryParameters(), SPENDING_PARAMETERS);
        Optional<YearMonth> from = parameters.month("from");
        Optional<YearMonth> to = parameters.month("to");
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            parameters.reject("from", "must not be after to (both months are included)");
        }
        if (!parameters.valid()) {
            return Endpoints.invalid(parameters.errors(), request);
        }
        Instant now = clock.instant();
        List<RecurringSeries> summaries = new ArrayList<>();
        for (StoredSeries stored : projections.listForClient(client)) {
            if (!stored.history().isEmpty()) {
                summaries.add(summarize(stored, now));
            }
        }
        return Endpoints.ok(QueryJson.monthlySpending(MonthlySpending.of(client, summaries, from, to)));
    }

    private static RecurringSeries summarize(StoredSeries stored, Instant now) {
        return RecurringSeriesFold.summarize(stored.client(), stored.series(), stored.description(), stored.currency(),
                stored.history(), now);
    }
}
