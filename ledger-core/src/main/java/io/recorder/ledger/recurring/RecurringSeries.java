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
 * {@link RecurringSeriesFold#summarize}. Immutable; equal summaries are equal records.
 *
 * @param description     the text of the latest payment by payment time (ties: payment id), so a
 *                        renamed series shows its current name whatever order payments arrived in
 * @param count           distinct payments
 * @param total           exact sum of the amounts, at the currency's scale (it may exceed what one
 *                        payment may be: {@link io.recorder.ledger.PaymentAmount})
 * @param averageAmount   {@code total / count}, exact when that has at most (minor units + 2)
 *                        decimals, otherwise rounded half-even to that many; never fewer decimals
 *                        than the currency's minor units (500.00, 183.3333, 0.125)
 * @param confidence      of the cadence, 0.00..1.00 ({@link CadenceDetector})
 * @param nextExpectedDate UTC date of the next due payment; empty unless the cadence is regular
 * @param lateAfter       the series is {@link SeriesStatus#LATE} on UTC dates after this one
 * @param stoppedAfter    the series is {@link SeriesStatus#STOPPED} on UTC dates after this one
 * @param status          as of the instant the summary was computed for; recompute with
 *                        {@link #asOf(Instant)} without re-reading the history
 * @param amountChanges   in payment order
 * @param monthlyTotals   per UTC calendar month, exact
 * @param lastPause       the latest stretch without payments where at least two were due, if any
 */
public record RecurringSeries(
        ClientId clientId,
        SeriesId seriesId,
        String description,
        CurrencyCode currency,
        int count,
        Money total,
        Instant firstPaymentAt,
        Instant lastPaymentAt,
        Money lastAmount,
        Money averageAmount,
        Cadence cadence,
        BigDecimal confidence,
        Optional<LocalDate> nextExpectedDate,
        Optional<LocalDate> lateAfter,
        Optional<LocalDate> stoppedAfter,
        SeriesStatus status,
        List<AmountChange> amountChanges,
        SortedMap<YearMonth, Money> monthlyTotals,
        Optional<Pause> lastPause) {

    public RecurringSeries {
        // The summary's own rules (required fields, scale, a next date exactly when regular) hold here too.
        new SeriesSummary(clientId, seriesId, description, currency, count, total, firstPaymentAt, lastPaymentAt,
                lastAmount, averageAmount, cadence, confidence, nextExpectedDate, lateAfter, stoppedAfter, lastPause);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(amountChanges, "amountChanges");
        Objects.requireNonNull(monthlyTotals, "monthlyTotals");
        Objects.requireNonNull(lastPause, "lastPause");
        amountChanges = List.copyOf(amountChanges);
        monthlyTotals = Collections.unmodifiableSortedMap(new TreeMap<>(monthlyTotals));
    }

    /** The clock-independent part, which the projection stores and the listing reads. */
    public SeriesSummary summary() {
        return new SeriesSummary(clientId, seriesId, description, currency, count, total, firstPaymentAt, lastPaymentAt,
                lastAmount, averageAmount, cadence, confidence, nextExpectedDate, lateAfter, stoppedAfter, lastPause);
    }

    /** The status on the UTC date of {@code instant}, from the thresholds of this summary. */
    public SeriesStatus statusAsOf(Instant instant) {
        return summary().statusAsOf(instant);
    }

    /** This summary with its status recomputed as of {@code instant}; the read API calls it at request time. */
    public RecurringSeries asOf(Instant instant) {
        SeriesStatus now = statusAsOf(instant);
        return now == status ? this : new RecurringSeries(clientId, seriesId, description, currency, count, total,
                firstPaymentAt, lastPaymentAt, lastAmount, averageAmount, cadence, confidence, nextExpectedDate,
                lateAfter, stoppedAfter, now, amountChanges, monthlyTotals, lastPause);
    }
}
