package io.recorder.ledger.recurring;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Money;
import io.recorder.ledger.SeriesId;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The summary of one recurring series the read API shows, as folded by
 * {@link RecurringSeriesFold#summarize}: the clock-independent {@link SeriesSummary} the projection
 * stores, the status as of an instant, and what only the single-series read shows. Immutable; equal
 * summaries are equal records. The summary's fields read through, {@code series.count()} and so on.
 *
 * @param status        as of the instant the summary was computed for; recompute with
 *                      {@link #asOf(Instant)} without re-reading the history
 * @param amountChanges in payment order
 * @param monthlyTotals per UTC calendar month, exact
 */
public record RecurringSeries(SeriesSummary summary, SeriesStatus status, List<AmountChange> amountChanges,
                              SortedMap<YearMonth, Money> monthlyTotals) {

    public RecurringSeries {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(amountChanges, "amountChanges");
        Objects.requireNonNull(monthlyTotals, "monthlyTotals");
        amountChanges = List.copyOf(amountChanges);
        monthlyTotals = Collections.unmodifiableSortedMap(new TreeMap<>(monthlyTotals));
    }

    /** The status on the UTC date of {@code instant}, from the thresholds of this summary. */
    public SeriesStatus statusAsOf(Instant instant) {
        return summary.statusAsOf(instant);
    }

    /** This summary with its status recomputed as of {@code instant}; the read API calls it at request time. */
    public RecurringSeries asOf(Instant instant) {
        SeriesStatus now = statusAsOf(instant);
        return now == status ? this : new RecurringSeries(summary, now, amountChanges, monthlyTotals);
    }

    public ClientId clientId() {
        return summary.clientId();
    }

    public SeriesId seriesId() {
        return summary.seriesId();
    }

    /** The text of the latest payment by payment time (ties: payment id). */
    public String description() {
        return summary.description();
    }

    public CurrencyCode currency() {
        return summary.currency();
    }

    public int count() {
        return summary.count();
    }

    public Money total() {
        return summary.total();
    }

    public Instant firstPaymentAt() {
        return summary.firstPaymentAt();
    }

    public Instant lastPaymentAt() {
        return summary.lastPaymentAt();
    }

    public Money lastAmount() {
        return summary.lastAmount();
    }

    public Money averageAmount() {
        return summary.averageAmount();
    }

    public Cadence cadence() {
        return summary.cadence();
    }

    public BigDecimal confidence() {
        return summary.confidence();
    }

    public Optional<LocalDate> nextExpectedDate() {
        return summary.nextExpectedDate();
    }

    public Optional<LocalDate> lateAfter() {
        return summary.lateAfter();
    }

    public Optional<LocalDate> stoppedAfter() {
        return summary.stoppedAfter();
    }

    public Optional<Pause> lastPause() {
        return summary.lastPause();
    }
}
