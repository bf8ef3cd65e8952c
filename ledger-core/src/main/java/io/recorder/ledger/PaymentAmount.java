package io.recorder.ledger;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What one payment's amount may be: greater than zero, below 10^12 major units, and with no more
 * fraction digits than the currency has minor units. Never rounds: an amount that breaks a rule is
 * refused, not "fixed". The single place these rules live; {@link PaymentRecorded} holds to them.
 */
public final class PaymentAmount {
    /** Upper bound for one payment: 10^12 major units. Far above any real recurring payment, well inside DynamoDB's 38 digits. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    private PaymentAmount() {
    }

    /** Why this amount cannot be a payment's in this currency, or empty when it can. */
    public static Optional<String> problem(BigDecimal amount, CurrencyCode currency) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.signum() <= 0) {
            return Optional.of("must be greater than zero");
        }
        if (amount.compareTo(MAX_AMOUNT) >= 0) {
            return Optional.of("must be less than " + MAX_AMOUNT.toPlainString());
        }
        if (Money.fractionDigits(amount) > currency.minorUnits()) {
            return Optional.of(currency.minorUnits() == 0
                    ? currency.code() + " has no minor units: send a whole number"
                    : currency.code() + " allows at most " + currency.minorUnits() + " digits after the decimal point");
        }
        return Optional.empty();
    }

    /** A payment's amount. @throws IllegalArgumentException naming the rule it breaks */
    public static Money of(BigDecimal amount, CurrencyCode currency) {
        problem(amount, currency).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        return new Money(amount, currency);
    }

    public static Money of(String amount, String currency) {
        return of(new BigDecimal(amount), CurrencyCode.of(currency));
    }

    /** {@code money} when it may be a payment's amount. @throws IllegalArgumentException otherwise */
    public static Money require(Money money) {
        return of(money.amount(), money.currency());
    }
}
