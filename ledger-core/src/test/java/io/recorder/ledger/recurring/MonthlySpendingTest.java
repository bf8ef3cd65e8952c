package io.recorder.ledger.recurring;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentRecorded;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.recorder.ledger.recurring.SeriesFixtures.CLIENT;
import static io.recorder.ledger.recurring.SeriesFixtures.noon;
import static io.recorder.ledger.recurring.SeriesFixtures.payment;
import static io.recorder.ledger.recurring.SeriesFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class MonthlySpendingTest {
    private static final Instant AS_OF = Instant.parse("2024-04-01T00:00:00Z");

    private final List<PaymentRecorded> ledger = List.of(
            payment(1, CLIENT, "Gym", noon("2024-01-15"), usd("500.00"), noon("2024-01-15")),
            payment(2, CLIENT, "Gym", noon("2024-02-15"), usd("550.00"), noon("2024-02-15")),
            payment(3, CLIENT, "Coffee", noon("2024-01-03"), usd("4.50"), noon("2024-01-03")),
            payment(4, CLIENT, "Coffee", noon("2024-03-09"), usd("3.25"), noon("2024-03-09")),
            payment(5, CLIENT, "Netflix", noon("2024-01-20"), Money.of("12.99", "EUR"), noon("2024-01-20")),
            payment(6, CLIENT, "Train", noon("2024-02-20"), Money.of("1200", "JPY"), noon("2024-02-20")));
    private final List<RecurringSeries> series = RecurringSeriesFold.summarizeLedger(ledger, AS_OF);

    @Test
    void summed_from_the_states_it_equals_the_sum_of_the_summaries() {
        List<SeriesState> states = List.copyOf(SeriesProjection.foldLedger(ledger).values());
        java.util.Optional<YearMonth> feb = java.util.Optional.of(YearMonth.of(2024, 2));

        assertThat(MonthlySpending.ofStates(CLIENT, states, java.util.Optional.empty(), java.util.Optional.empty()))
                .isEqualTo(MonthlySpending.of(CLIENT, series));
        assertThat(MonthlySpending.ofStates(CLIENT, states, feb, feb))
                .isEqualTo(MonthlySpending.of(CLIENT, series, feb, feb));
    }

    private static Money money(String value, String currency) {
        return Money.of(value, currency);
    }

    @Test
    void each_month_shows_the_total_per_currency_across_all_series_never_converting() {
        MonthlySpending spending = MonthlySpending.of(CLIENT, series);

        assertThat(spending.months()).containsExactly(
                entry(YearMonth.of(2024, 1), new TreeMap<>(Map.of("EUR", money("12.99", "EUR"), "USD", money("504.50", "USD")))),
                entry(YearMonth.of(2024, 2), new TreeMap<>(Map.of("JPY", money("1200", "JPY"), "USD", money("550.00", "USD")))),
                entry(YearMonth.of(2024, 3), new TreeMap<>(Map.of("USD", money("3.25", "USD")))));
        assertThat(spending.totalsPerCurrency())
                .containsExactly(entry("EUR", money("12.99", "EUR")), entry("JPY", money("1200", "JPY")), entry("USD", money("1057.75", "USD")));
    }

    @Test
    void a_range_keeps_the_months_from_its_start_to_its_end_inclusive() {
        MonthlySpending february = MonthlySpending.of(CLIENT, series, Optional.of(YearMonth.of(2024, 2)), Optional.of(YearMonth.of(2024, 2)));

        assertThat(february.months()).containsOnlyKeys(YearMonth.of(2024, 2));
        assertThat(MonthlySpending.of(CLIENT, series).between(Optional.of(YearMonth.of(2024, 2)), Optional.empty()).months())
                .containsOnlyKeys(YearMonth.of(2024, 2), YearMonth.of(2024, 3));
        assertThat(MonthlySpending.of(CLIENT, series, Optional.empty(), Optional.of(YearMonth.of(2024, 1))).months())
                .containsOnlyKeys(YearMonth.of(2024, 1));
    }

    @Test
    void a_client_without_series_spends_nothing() {
        assertThat(MonthlySpending.of(CLIENT, List.of()).months()).isEmpty();
    }

    @Test
    void a_range_ending_before_it_starts_is_a_bug_in_the_caller() {
        assertThatThrownBy(() -> MonthlySpending.of(CLIENT, series, Optional.of(YearMonth.of(2024, 3)), Optional.of(YearMonth.of(2024, 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void another_clients_series_never_counts() {
        assertThatThrownBy(() -> MonthlySpending.of(new ClientId("someone-else"), series))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_months_cannot_be_changed_from_outside() {
        MonthlySpending spending = MonthlySpending.of(CLIENT, series);

        assertThatThrownBy(() -> spending.months().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spending.months().get(YearMonth.of(2024, 1)).clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
