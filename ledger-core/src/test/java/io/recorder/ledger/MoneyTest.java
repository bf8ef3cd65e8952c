package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void sums_and_averages_keep_every_digit_and_never_fall_below_the_currency_scale() {
        assertThat(Money.of("183.3333", "USD").toPlainString()).isEqualTo("183.3333");
        assertThat(Money.of("999999999999.99", "USD").plus(Money.of("999999999999.99", "USD")).toPlainString())
                .isEqualTo("1999999999999.98");
        assertThat(Money.zero(CurrencyCode.of("JPY")).plus(Money.of("1200", "JPY"))).isEqualTo(Money.of("1200", "JPY"));
        assertThatThrownBy(() -> Money.of("1", "USD").plus(Money.of("1", "EUR"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void money_in_different_currencies_cannot_be_compared() {
        assertThat(Money.of("1", "USD")).isLessThan(Money.of("2", "USD"));
        assertThatThrownBy(() -> Money.of("1", "USD").compareTo(Money.of("1", "EUR")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("USD").hasMessageContaining("EUR");
    }

}
