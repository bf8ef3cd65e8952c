package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "500, USD, 500.00",
            "500.1, USD, 500.10",
            "5E+2, USD, 500.00",
            "500.000, JPY, 500",
            "1.5, KWD, 1.500",
            "999999999999.99, USD, 999999999999.99"})
    void money_is_held_at_the_currency_scale_in_plain_notation(String amount, String currency, String plain) {
        Money money = Money.of(amount, currency);

        assertThat(money.toPlainString()).isEqualTo(plain);
        assertThat(money.amount().scale()).isEqualTo(money.currency().minorUnits());
        assertThat(money).hasToString(plain + " " + currency);
    }

    @Test
    void the_same_amount_written_differently_is_the_same_money() {
        assertThat(Money.of("500", "USD")).isEqualTo(Money.of("500.00", "usd")).isEqualTo(Money.of("5e2", "Dollars"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "0, USD, greater than zero",
            "-0.01, USD, greater than zero",
            "0.001, USD, at most 2 digits",
            "0.5, JPY, no minor units",
            "1000000000000, USD, less than",
            "1e400, USD, less than"})
    void invalid_money_is_refused_never_rounded(String amount, String currency, String reason) {
        assertThatThrownBy(() -> Money.of(amount, currency))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void money_in_different_currencies_cannot_be_compared() {
        assertThat(Money.of("1", "USD")).isLessThan(Money.of("2", "USD"));
        assertThatThrownBy(() -> Money.of("1", "USD").compareTo(Money.of("1", "EUR")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("USD").hasMessageContaining("EUR");
    }

    @Test
    void the_bound_is_exclusive_and_far_inside_dynamodb_precision() {
        assertThat(Money.problem(new BigDecimal("999999999999.99"), CurrencyCode.of("USD"))).isEmpty();
        assertThat(Money.problem(Money.MAX_AMOUNT, CurrencyCode.of("USD"))).isPresent();
        assertThat(Money.MAX_AMOUNT.precision() + 4).isLessThanOrEqualTo(38);
    }
}
