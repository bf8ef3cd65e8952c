package io.recorder.ledger.recurring;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Money;
import io.recorder.ledger.SeriesId;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * What the listing and the upcoming read show of a series, none of it dependent on the clock: the
 * projection stores it with each write, and a read derives only the status, in O(1)
 * ({@link #statusAsOf}). The single-series read adds the rest ({@link RecurringSeries}).
 *
 * @param description      the text of the latest payment by payment time (ties: payment id), so a
 *                         renamed series shows its current name whatever order payments arrived in
 * @param count            distinct payments that stand
 * @param total            exact sum of the amounts, at the currency's scale (it may exceed what one
 *                         payment may be: {@link io.recorder.ledger.PaymentAmount})
 * @param averageAmount    {@code total / count}, exact when that has at most (minor units + 2)
 *                         decimals, otherwise rounded half-even to that many; never fewer decimals
 *                         than the currency's minor units (500.00, 183.3333, 0.125)
 * @param confidence       of the cadence, 0.00..1.00 ({@link CadenceDetector})
 * @param nextExpectedDate UTC date of the next due payment; empty unless the cadence is regular
 * @param lateAfter        the series is {@link SeriesStatus#LATE} on UTC dates after this one
 * @param stoppedAfter     the series is {@link SeriesStatus#STOPPED} on UTC dates after this one
 * @param lastPause        the latest stretch without payments where at least two were due, if any
 */
public record SeriesSummary(
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
        Optional<Pause> lastPause) {

    public SeriesSummary {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(seriesId, "seriesId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(firstPaymentAt, "firstPaymentAt");
        Objects.requireNonNull(lastPaymentAt, "lastPaymentAt");
        Objects.requireNonNull(lastAmount, "lastAmount");
        Objects.requireNonNull(averageAmount, "averageAmount");
        Objects.requireNonNull(cadence, "cadence");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(nextExpectedDate, "nextExpectedDate");
        Objects.requireNonNull(lateAfter, "lateAfter");
        Objects.requireNonNull(stoppedAfter, "stoppedAfter");
        Objects.requireNonNull(lastPause, "lastPause");
        if (count < 1) {
            throw new IllegalArgumentException("a series has at least one payment");
        }
        if (lastPaymentAt.isBefore(firstPaymentAt)) {
            throw new IllegalArgumentException("last payment before first");
        }
        if (!lastAmount.currency().equals(currency)) {
            throw new IllegalArgumentException("last amount in " + lastAmount.currency() + ", series in " + currency);
        }
        if (!total.currency().equals(currency) || !averageAmount.currency().equals(currency)) {
            throw new IllegalArgumentException("total and average must be in the series' currency " + currency);
        }
        if (cadence.isRegular() != nextExpectedDate.isPresent()) {
            throw new IllegalArgumentException("a next expected date exactly when the cadence is regular");
        }
    }

    /** The status on the UTC date of {@code instant}, from the thresholds of this summary. */
    public SeriesStatus statusAsOf(Instant instant) {
        if (count < CadenceDetector.MIN_PAYMENTS) {
            return SeriesStatus.EARLY;
        }
        LocalDate today = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        if (stoppedAfter.isPresent() && today.isAfter(stoppedAfter.get())) {
            return SeriesStatus.STOPPED;
        }
        if (lateAfter.isPresent() && today.isAfter(lateAfter.get())) {
            return SeriesStatus.LATE;
        }
        return SeriesStatus.ACTIVE;
    }

    /** Whether the series has recurred: Plaid lists only such streams, and so does the default listing. */
    public boolean recurred() {
        return count >= 2;
    }
}
