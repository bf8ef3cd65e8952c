package io.recorder.ledger.recurring;

import io.recorder.ledger.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;

/**
 * Two consecutive payments of a series (in payment-time order) with different amounts: the gym
 * going from 500.00 to 550.00 is {@code +10.00} percent.
 *
 * @param at      payment time of the first payment at the new amount
 * @param percent {@code (to - from) / from * 100}, two decimals, rounded half-even
 */
public record AmountChange(Instant at, Money from, Money to, BigDecimal percent) {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public AmountChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(percent, "percent");
        if (!from.currency().equals(to.currency())) {
            throw new IllegalArgumentException("an amount change stays in one currency");
        }
        if (!percent.equals(percentBetween(from, to))) {
            throw new IllegalArgumentException("percent must be " + percentBetween(from, to) + ", was " + percent);
        }
    }

    public static AmountChange between(Instant at, Money from, Money to) {
        return new AmountChange(at, from, to, percentBetween(from, to));
    }

    public static BigDecimal percentBetween(Money from, Money to) {
        return to.amount().subtract(from.amount()).multiply(HUNDRED)
                .divide(from.amount(), 2, RoundingMode.HALF_EVEN);
    }
}
