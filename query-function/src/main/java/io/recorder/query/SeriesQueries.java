package io.recorder.query;

import io.recorder.dynamodb.LedgerReads;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.dynamodb.SeriesProjections.DueRange;
import io.recorder.dynamodb.SpendingRollups;
import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import io.recorder.dynamodb.SeriesProjections.Window;
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
import io.recorder.ledger.recurring.SeriesSummary;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * GET /recurring-payments, /recurring-payments/upcoming, /recurring-payments/{seriesId} and
 * /spending/monthly. Listings read the summaries the projection stored (ADR 0008), a page at a time, and
 * monthly spending the projection's monthly cells (ADR 0011);
 * only the status is derived at request time, so that it is current (a series goes LATE without any
 * new event).
 */
final class SeriesQueries {
    static final String LISTING = "recurring-payments";
    static final String UPCOMING = "recurring-payments/upcoming";
    static final int RECENT_PAYMENTS = 12;
    private static final Set<String> LIST_PARAMETERS =
            Set.of("cadence", "currency", "status", "limit", "cursor", "includeSinglePayments");
    private static final Set<String> UPCOMING_PARAMETERS = Set.of("within", "limit", "cursor");
    private static final Set<String> SPENDING_PARAMETERS = Set.of("from", "to");

    private final SeriesProjections projections;
    private final SpendingRollups spending;
    private final LedgerReads reads;
    private final Clock clock;

    SeriesQueries(SeriesProjections projections, SpendingRollups spending, LedgerReads reads, Clock clock) {
        this.projections = projections;
        this.spending = spending;
        this.reads = reads;
        this.clock = clock;
    }

    ApiResponse list(ApiRequest request, ClientId client) {
        QueryParameters parameters = new QueryParameters(request.queryParameters(), LIST_PARAMETERS);
        Optional<Cadence> cadence = parameters.oneOf("cadence", Cadence.class);
        Optional<CurrencyCode> currency = parameters.currency("currency");
        Optional<SeriesStatus> status = parameters.oneOf("status", SeriesStatus.class);
        boolean includeSingle = parameters.flag("includeSinglePayments");
        int limit = parameters.limit();
        Optional<String> token = parameters.cursor();
        Cursors.Scope scope = new Cursors.Scope(LISTING, client, "cadence=" + cadence.map(Enum::name).orElse("")
                + "&currency=" + currency.map(CurrencyCode::code).orElse("")
                + "&status=" + status.map(Enum::name).orElse("")
                + "&includeSinglePayments=" + includeSingle);
        Optional<String> after = position(parameters, scope, token);
        if (!parameters.valid()) {
            return Endpoints.invalid(parameters.errors(), request);
        }
        Instant now = clock.instant();
        Predicate<SeriesSummary> keep = summary -> currency.map(c -> summary.currency().equals(c)).orElse(true)
                && cadence.map(c -> summary.cadence() == c).orElse(true)
                && status.map(s -> summary.statusAsOf(now) == s).orElse(true);
        Window page;
        if (includeSingle) {
            Optional<SeriesId> afterSeries = after.flatMap(SeriesId::parse);
            page = projections.all(client, afterSeries, keep, limit);
        } else {
            // A status narrows the byDue range read; the filter still decides what is kept.
            List<DueRange> ranges = status.map(s -> StatusDueRanges.of(s, LocalDate.ofInstant(now, ZoneOffset.UTC)))
                    .orElse(List.of(DueRange.all()));
            page = projections.recurring(client, ranges, after, keep, limit);
        }
        Optional<String> next = Optional.empty();
        if (page.more()) {
            SeriesSummary last = page.items().get(page.items().size() - 1);
            next = Optional.of(Cursors.encode(scope, includeSingle
                    ? last.seriesId().value()
                    : LedgerTable.dueSk(last.nextExpectedDate(), last.seriesId())));
        }
        return Endpoints.ok(QueryJson.seriesPage(page.items(), now, next));
    }

    /** What the client is expected to pay within the window, overdue first, then by expected date (the index's order). */
    ApiResponse upcoming(ApiRequest request, ClientId client) {
        QueryParameters parameters = new QueryParameters(request.queryParameters(), UPCOMING_PARAMETERS);
        int within = parameters.days("within", 30, 1, 366);
        int limit = parameters.limit();
        Optional<String> token = parameters.cursor();
        Cursors.Scope scope = new Cursors.Scope(UPCOMING, client, "within=P" + within + "D");
        Optional<String> after = position(parameters, scope, token);
        if (!parameters.valid()) {
            return Endpoints.invalid(parameters.errors(), request);
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Window page = projections.recurring(client, List.of(StatusDueRanges.notStoppedThrough(today, today.plusDays(within))),
                after, summary -> summary.nextExpectedDate().isPresent() && summary.statusAsOf(now) != SeriesStatus.STOPPED,
                limit);
        Optional<String> next = Optional.empty();
        if (page.more()) {
            SeriesSummary last = page.items().get(page.items().size() - 1);
            next = Optional.of(Cursors.encode(scope, LedgerTable.dueSk(last.nextExpectedDate(), last.seriesId())));
        }
        return Endpoints.ok(QueryJson.upcoming(today, "P" + within + "D", page.items(), next));
    }

    /** The position a cursor resumes after; a cursor of another listing, client or filters is refused. */
    private static Optional<String> position(QueryParameters parameters, Cursors.Scope scope, Optional<String> token) {
        if (token.isEmpty() || !parameters.valid()) {
            return Optional.empty();
        }
        Optional<String> after = Cursors.decode(scope, token.get());
        if (after.isEmpty()) {
            parameters.reject("cursor", Endpoints.FOREIGN_CURSOR);
        }
        return after;
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
        // One item: its amount changes come from its history, the rest is as the listing shows it.
        RecurringSeries series = RecurringSeriesFold.summarize(stored.get().state().orElseThrow(), clock.instant());
        return Endpoints.ok(QueryJson.seriesDetail(series, recent));
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
        // The months' cells (ADR 0011): O(months) whatever the number of series or payments; reversed payments are out.
        return Endpoints.ok(QueryJson.monthlySpending(MonthlySpending.ofRollups(client, spending.between(client, from, to), from, to)));
    }
}
