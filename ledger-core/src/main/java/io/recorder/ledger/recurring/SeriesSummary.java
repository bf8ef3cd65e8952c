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
 * ({@link #statusAsOf}). The fields mean what {@link RecurringSeries}'s do.
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
