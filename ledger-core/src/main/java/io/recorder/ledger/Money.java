package io.recorder.ledger;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact, positive amount in a currency, always held at the currency's scale (USD 500 is
 * {@code 500.00}). Never rounds: an amount with more fraction digits than the currency allows is
 * refused, not "fixed".
 */
public record Money(BigDecimal amount, CurrencyCode currency) implements Comparable<Money> {

    /** Upper bound for one payment: 10^12 major units. Far above any real recurring payment, well inside DynamoDB's 38 digits. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        problem(amount, currency).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        amount = amount.setScale(currency.minorUnits()); // exact: checked above, never rounds
    }

    /** Why this amount is not valid money in this currency, or empty when it is. The single place these rules live. */
    public static java.util.Optional<String> problem(BigDecimal amount, CurrencyCode currency) {
        if (amount.signum() <= 0) {
            return java.util.Optional.of("must be greater than zero");
        }
        if (amount.compareTo(MAX_AMOUNT) >= 0) {
            return java.util.Optional.of("must be less than " + MAX_AMOUNT.toPlainString());
        }
        if (fractionDigits(amount) > currency.minorUnits()) {
            return java.util.Optional.of(currency.minorUnits() == 0
                    ? currency.code() + " has no minor units: send a whole number"
                    : currency.code() + " allows at most " + currency.minorUnits() + " digits after the decimal point");
        }
        return java.util.Optional.empty();
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), CurrencyCode.of(currency));
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
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot compare " + currency + " with " + other.currency);
        }
        return amount.compareTo(other.amount);
    }

    @Override
    public String toString() {
        return toPlainString() + " " + currency.code();
    }
}
