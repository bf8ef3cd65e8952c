package io.recorder.ledger;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact amount in a currency: a payment's amount, and also what is computed from amounts (totals,
 * averages, monthly sums). Held at least at the currency's scale (USD 500 is {@code 500.00}); more
 * fraction digits are kept, never rounded (an average of 183.3333). What a single payment may be
 * (positive, below 10^12, at most the currency's minor units) is {@link PaymentAmount}'s rule, not
 * this type's: a sum may exceed what one payment may be.
 */
public record Money(BigDecimal amount, CurrencyCode currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        amount = amount.setScale(Math.max(currency.minorUnits(), fractionDigits(amount))); // exact: never drops a digit
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), CurrencyCode.of(currency));
    }

    public static Money zero(CurrencyCode currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /** The exact sum; both in one currency. */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    /** The exact difference; both in one currency. The result may be negative: a sum's rules are its owner's. */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /** Significant fraction digits: {@code 500.00} has 0, {@code 0.5} has 1. */
    static int fractionDigits(BigDecimal value) {
        return Math.max(0, value.stripTrailingZeros().scale());
    }

    /** The canonical decimal string, e.g. {@code "500.00"}; never exponent notation. */
    public String toPlainString() {
        return amount.toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public String toString() {
        return toPlainString() + " " + currency.code();
    }
}
