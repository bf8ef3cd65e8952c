package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What one payment's amount may be, apart from what Money is. */
class PaymentAmountTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "0, USD, greater than zero",
            "-0.01, USD, greater than zero",
            "0.001, USD, at most 2 digits",
            "0.5, JPY, no minor units",
            "1000000000000, USD, less than",
            "1e400, USD, less than"})
    void invalid_money_is_refused_never_rounded(String amount, String currency, String reason) {
        assertThatThrownBy(() -> PaymentAmount.of(amount, currency))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void the_bound_is_exclusive_and_far_inside_dynamodb_precision() {
        assertThat(PaymentAmount.problem(new BigDecimal("999999999999.99"), CurrencyCode.of("USD"))).isEmpty();
        assertThat(PaymentAmount.problem(PaymentAmount.MAX_AMOUNT, CurrencyCode.of("USD"))).isPresent();
        assertThat(PaymentAmount.MAX_AMOUNT.precision() + 4).isLessThanOrEqualTo(38);
    }

    @Test
    void a_payment_event_holds_to_the_rules_whatever_money_it_is_given() {
        assertThat(PaymentAmount.of("500", "USD")).isEqualTo(Money.of("500.00", "USD"));
        assertThatThrownBy(() -> PaymentAmount.require(Money.of("0.001", "USD")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 2 digits");
    }
}
