package io.recorder.ledger.recurring;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentRecorded;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.recorder.ledger.recurring.SeriesFixtures.CLIENT;
import static io.recorder.ledger.recurring.SeriesFixtures.GYM;
import static io.recorder.ledger.recurring.SeriesFixtures.USD;
import static io.recorder.ledger.recurring.SeriesFixtures.date;
import static io.recorder.ledger.recurring.SeriesFixtures.dates;
import static io.recorder.ledger.recurring.SeriesFixtures.entry;
import static io.recorder.ledger.recurring.SeriesFixtures.generate;
import static io.recorder.ledger.recurring.SeriesFixtures.history;
import static io.recorder.ledger.recurring.SeriesFixtures.noon;
import static io.recorder.ledger.recurring.SeriesFixtures.payment;
import static io.recorder.ledger.recurring.SeriesFixtures.paymentId;
import static io.recorder.ledger.recurring.SeriesFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class RecurringSeriesFoldTest {
    private static final List<LocalDate> GYM_2024 = generate(12, i -> date("2024-01-15").plusMonths(i));

    private static RecurringSeries summarize(SeriesHistory history, String asOf) {
        return RecurringSeriesFold.summarize(CLIENT, GYM, "Gym", USD, history, Instant.parse(asOf));
    }

    private static BigDecimal decimal(String value) {
        return new BigDecimal(value);
    }

    @Nested
    class AGymPaidMonthly {
        private final RecurringSeries gym = summarize(history(GYM_2024, "500.00"), "2024-12-20T09:00:00Z");

        @Test
        void shows_as_monthly_with_the_exact_total_and_an_active_status() {
            assertThat(gym.cadence()).isEqualTo(Cadence.MONTHLY);
            assertThat(gym.confidence()).isEqualTo(decimal("1.00"));
            assertThat(gym.status()).isEqualTo(SeriesStatus.ACTIVE);
            assertThat(gym.count()).isEqualTo(12);
            assertThat(gym.total().amount()).isEqualTo(decimal("6000.00"));
            assertThat(gym.averageAmount().amount()).isEqualTo(decimal("500.00"));
            assertThat(gym.lastAmount()).isEqualTo(usd("500.00"));
        }

        @Test
        void knows_its_first_and_last_payment_and_when_the_next_one_is_due() {
            assertThat(gym.firstPaymentAt()).isEqualTo(noon("2024-01-15"));
            assertThat(gym.lastPaymentAt()).isEqualTo(noon("2024-12-15"));
            assertThat(gym.nextExpectedDate()).contains(date("2025-01-15"));
            assertThat(gym.lateAfter()).contains(date("2025-01-18"));
            assertThat(gym.stoppedAfter()).contains(date("2025-02-18"));
        }

        @Test
        void carries_who_and_what_it_is() {
            assertThat(gym.clientId()).isEqualTo(CLIENT);
            assertThat(gym.seriesId()).isEqualTo(GYM);
            assertThat(gym.description()).isEqualTo("Gym");
            assertThat(gym.currency()).isEqualTo(USD);
        }

        @Test
        void totals_each_calendar_month() {
            assertThat(gym.monthlyTotals()).hasSize(12)
                    .containsEntry(YearMonth.of(2024, 1), usd("500.00"))
                    .containsEntry(YearMonth.of(2024, 12), usd("500.00"));
        }

        @Test
        void has_no_amount_changes_while_the_price_stays_the_same() {
            assertThat(gym.amountChanges()).isEmpty();
        }
    }

    @Nested
    class Status {
        private final SeriesHistory gym = history(GYM_2024, "500.00");

        @Test
        void a_payment_due_within_the_tolerance_keeps_the_series_active() {
            assertThat(summarize(gym, "2025-01-18T23:59:59Z").status()).isEqualTo(SeriesStatus.ACTIVE);
        }

        @Test
        void a_payment_overdue_beyond_the_tolerance_makes_the_series_late() {
            assertThat(summarize(gym, "2025-01-19T00:00:00Z").status()).isEqualTo(SeriesStatus.LATE);
            assertThat(summarize(gym, "2025-02-18T12:00:00Z").status()).isEqualTo(SeriesStatus.LATE);
        }

        @Test
        void two_missed_payments_mean_the_series_stopped() {
            assertThat(summarize(gym, "2025-02-19T00:00:00Z").status()).isEqualTo(SeriesStatus.STOPPED);
        }

        @Test
        void a_gym_silent_for_four_months_has_stopped() {
            assertThat(summarize(gym, "2025-04-16T08:00:00Z").status()).isEqualTo(SeriesStatus.STOPPED);
        }

        @Test
        void a_weekly_series_is_late_two_days_after_a_missed_payment_and_stopped_after_the_second() {
            SeriesHistory weekly = history(generate(6, i -> date("2024-03-04").plusWeeks(i)), "9.99");

            assertThat(summarize(weekly, "2024-04-15T12:00:00Z").status()).isEqualTo(SeriesStatus.ACTIVE);
            assertThat(summarize(weekly, "2024-04-17T12:00:00Z").status()).isEqualTo(SeriesStatus.LATE);
            assertThat(summarize(weekly, "2024-04-23T12:00:00Z").status()).isEqualTo(SeriesStatus.LATE);
            assertThat(summarize(weekly, "2024-04-24T12:00:00Z").status()).isEqualTo(SeriesStatus.STOPPED);
        }

        @Test
        void two_payments_are_too_few_to_tell_so_the_series_is_early_whenever_asked() {
            RecurringSeries early = summarize(history(GYM_2024.subList(0, 2), "500.00"), "2030-01-01T00:00:00Z");

            assertThat(early.status()).isEqualTo(SeriesStatus.EARLY);
            assertThat(early.cadence()).isEqualTo(Cadence.UNKNOWN);
            assertThat(early.confidence()).isEqualTo(decimal("0.00"));
            assertThat(early.nextExpectedDate()).isEmpty();
            assertThat(early.lateAfter()).isEmpty();
            assertThat(early.stoppedAfter()).isEmpty();
        }

        @Test
        void the_read_side_recomputes_the_status_for_a_later_instant_without_the_history() {
            RecurringSeries projected = summarize(gym, "2024-12-20T09:00:00Z");
            Instant later = Instant.parse("2025-01-25T00:00:00Z");

            assertThat(projected.asOf(later)).isEqualTo(summarize(gym, later.toString()));
            assertThat(projected.asOf(Instant.parse("2024-12-21T00:00:00Z"))).isSameAs(projected);
        }

        @Test
        void irregular_coffee_is_active_until_a_long_silence_then_stopped() {
            List<LocalDate> coffee = dates("2024-01-03", "2024-01-04", "2024-01-09", "2024-01-17", "2024-01-18",
                    "2024-01-26", "2024-02-02", "2024-02-13", "2024-02-14", "2024-02-27", "2024-03-05");
            SeriesHistory history = history(coffee, "4.50");

            RecurringSeries recent = summarize(history, "2024-03-20T00:00:00Z");

            assertThat(recent.cadence()).isEqualTo(Cadence.IRREGULAR);
            assertThat(recent.nextExpectedDate()).isEmpty();
            assertThat(recent.status()).isEqualTo(SeriesStatus.ACTIVE);
            assertThat(recent.stoppedAfter()).contains(date("2024-06-03")); // 90 days after Mar 5
            assertThat(recent.asOf(Instant.parse("2024-06-04T00:00:00Z")).status()).isEqualTo(SeriesStatus.STOPPED);
        }
    }

    @Nested
    class AmountChanges {
        @Test
        void a_gym_raising_its_price_from_500_to_550_shows_when_from_what_to_what_and_by_how_much() {
            SeriesHistory history = SeriesHistory.empty();
            for (int i = 0; i < 12; i++) {
                history = history.with(entry(i + 1, GYM_2024.get(i), i < 6 ? "500.00" : "550.00"));
            }

            RecurringSeries gym = summarize(history, "2024-12-20T00:00:00Z");

            assertThat(gym.amountChanges()).containsExactly(
                    new AmountChange(noon("2024-07-15"), usd("500.00"), usd("550.00"), decimal("10.00")));
            assertThat(gym.total().amount()).isEqualTo(decimal("6300.00"));
            assertThat(gym.averageAmount().amount()).isEqualTo(decimal("525.00"));
            assertThat(gym.lastAmount()).isEqualTo(usd("550.00"));
            assertThat(gym.cadence()).isEqualTo(Cadence.MONTHLY);
        }

        @Test
        void changes_follow_payment_time_not_the_order_payments_were_recorded_in() {
            // the set of payments (recorded months apart, so one stream could not deliver them in this order)
            SeriesHistory history = SeriesHistory.of(List.of(
                    entry(3, date("2024-03-15"), "500.00"),
                    entry(1, date("2024-01-15"), "500.00"),
                    entry(2, date("2024-02-15"), "450.00")));

            assertThat(summarize(history, "2024-03-20T00:00:00Z").amountChanges()).containsExactly(
                    AmountChange.between(noon("2024-02-15"), usd("500.00"), usd("450.00")),
                    AmountChange.between(noon("2024-03-15"), usd("450.00"), usd("500.00")));
        }

        @Test
        void percent_is_exact_to_two_decimals_rounded_half_even() {
            assertThat(AmountChange.percentBetween(usd("550.00"), usd("500.00"))).isEqualTo(decimal("-9.09"));
            assertThat(AmountChange.percentBetween(usd("3.00"), usd("3.01"))).isEqualTo(decimal("0.33"));
            assertThat(AmountChange.percentBetween(usd("8.00"), usd("8.01"))).isEqualTo(decimal("0.12")); // 0.125
            assertThat(AmountChange.percentBetween(usd("8.00"), usd("8.03"))).isEqualTo(decimal("0.38")); // 0.375
            assertThat(AmountChange.percentBetween(usd("1.00"), usd("3.00"))).isEqualTo(decimal("200.00"));
        }

        @Test
        void an_amount_change_with_a_wrong_percent_cannot_be_built() {
            assertThatThrownBy(() -> new AmountChange(noon("2024-01-01"), usd("500.00"), usd("550.00"), decimal("10")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Amounts {
        @Test
        void an_average_that_does_not_terminate_is_rounded_half_even_to_two_digits_beyond_the_currency() {
            List<LocalDate> three = GYM_2024.subList(0, 3);
            SeriesHistory history = SeriesHistory.empty()
                    .with(entry(1, three.get(0), "100.00"))
                    .with(entry(2, three.get(1), "100.00"))
                    .with(entry(3, three.get(2), "100.01"));

            assertThat(summarize(history, "2024-03-20T00:00:00Z").averageAmount().amount()).isEqualTo(decimal("100.0033"));
        }

        @Test
        void an_average_exactly_halfway_at_the_last_kept_digit_rounds_to_even() {
            SeriesHistory history = SeriesHistory.empty();
            for (int i = 0; i < 8; i++) {
                history = history.with(entry(i + 1, GYM_2024.get(i), i < 7 ? "0.18" : "0.23"));
            }

            RecurringSeries series = summarize(history, "2024-08-20T00:00:00Z");

            assertThat(series.total().amount()).isEqualTo(decimal("1.49"));
            assertThat(series.averageAmount().amount()).isEqualTo(decimal("0.1862")); // 0.18625
        }

        @Test
        void an_average_with_few_enough_digits_is_exact() {
            assertThat(RecurringSeriesFold.average(usd("0.15"), 4, USD).amount()).isEqualTo(decimal("0.0375"));
            assertThat(RecurringSeriesFold.average(Money.of("201", "JPY"), 2, CurrencyCode.of("JPY")).amount()).isEqualTo(decimal("100.5"));
            assertThat(RecurringSeriesFold.average(Money.of("200", "JPY"), 2, CurrencyCode.of("JPY")).amount()).isEqualTo(decimal("100"));
        }

        @Test
        void a_total_may_exceed_the_cap_on_a_single_payment() {
            SeriesHistory history = SeriesHistory.empty()
                    .with(entry(1, date("2024-01-15"), "999999999999.99"))
                    .with(entry(2, date("2024-02-15"), "999999999999.99"));

            assertThat(summarize(history, "2024-03-01T00:00:00Z").total().amount()).isEqualTo(decimal("1999999999999.98"));
        }

        @Test
        void payments_in_one_utc_month_are_totalled_together_whatever_the_jvm_time_zone() {
            SeriesHistory history = SeriesHistory.of(List.of(
                    new SeriesPayment(paymentId(1), Instant.parse("2024-01-31T23:30:00Z"), usd("10.00"), Instant.parse("2024-02-01T00:00:00Z")),
                    new SeriesPayment(paymentId(2), Instant.parse("2024-01-01T00:00:00Z"), usd("2.50"), Instant.parse("2024-01-01T00:00:00Z")),
                    new SeriesPayment(paymentId(3), Instant.parse("2024-02-01T00:00:00Z"), usd("1.00"), Instant.parse("2024-02-01T00:00:00Z"))));

            assertThat(summarize(history, "2024-02-02T00:00:00Z").monthlyTotals()).containsExactly(
                    entry(YearMonth.of(2024, 1), usd("12.50")),
                    entry(YearMonth.of(2024, 2), usd("1.00")));
        }

        @Test
        void a_payment_in_another_currency_is_a_bug_in_the_caller() {
            SeriesHistory mixed = SeriesHistory.empty()
                    .with(entry(1, date("2024-01-15"), "500.00"))
                    .with(new SeriesPayment(paymentId(2), noon("2024-02-15"), Money.of("500.00", "EUR"), noon("2024-02-15")));

            assertThatThrownBy(() -> summarize(mixed, "2024-03-01T00:00:00Z")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_series_without_payments_has_no_summary() {
            assertThatThrownBy(() -> summarize(SeriesHistory.empty(), "2024-03-01T00:00:00Z"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class PausesAndOldOutliers {
        @Test
        void one_old_payment_long_before_twelve_monthly_ones_reads_as_monthly_with_the_gap_shown_as_a_pause() {
            // The README tour: the 2024 Gym example, then a year of monthly gym payments in 2026.
            List<LocalDate> gym = new ArrayList<>(dates("2024-08-01"));
            gym.addAll(generate(12, i -> date("2026-01-01").plusMonths(i)));

            RecurringSeries series = summarize(history(gym, "500.00"), "2026-12-02T00:00:00Z");

            assertThat(series.cadence()).isEqualTo(Cadence.MONTHLY);
            assertThat(series.confidence()).isEqualTo(new BigDecimal("1.00"));
            assertThat(series.nextExpectedDate()).contains(date("2027-01-01"));
            assertThat(series.status()).isEqualTo(SeriesStatus.ACTIVE);
            assertThat(series.count()).isEqualTo(13);
            assertThat(series.lastPause()).contains(new Pause(date("2024-08-01"), date("2026-01-01")));
        }

        @Test
        void a_subscription_paused_for_four_months_and_resumed_stays_monthly_and_shows_the_pause() {
            List<LocalDate> paid = new ArrayList<>(generate(5, i -> date("2025-01-10").plusMonths(i)));
            paid.addAll(generate(6, i -> date("2025-10-10").plusMonths(i)));

            RecurringSeries series = summarize(history(paid, "9.99"), "2026-03-20T00:00:00Z");

            assertThat(series.cadence()).isEqualTo(Cadence.MONTHLY);
            assertThat(series.nextExpectedDate()).contains(date("2026-04-10"));
            assertThat(series.lastPause()).contains(new Pause(date("2025-05-10"), date("2025-10-10")));
        }

        @Test
        void one_skipped_month_is_not_a_pause_and_irregular_coffee_has_none() {
            List<LocalDate> skipped = new ArrayList<>(GYM_2024);
            skipped.remove(5);
            List<LocalDate> coffee = dates("2024-01-03", "2024-01-04", "2024-01-09", "2024-01-17", "2024-01-18",
                    "2024-01-26", "2024-02-02", "2024-02-13", "2024-02-14", "2024-02-27", "2024-03-05");

            assertThat(summarize(history(skipped, "500.00"), "2024-12-20T00:00:00Z").lastPause()).isEmpty();
            assertThat(summarize(history(coffee, "4.50"), "2024-03-20T00:00:00Z").lastPause()).isEmpty();
            assertThat(summarize(history(coffee, "4.50"), "2024-03-20T00:00:00Z").cadence()).isEqualTo(Cadence.IRREGULAR);
        }
    }

    @Nested
    class Deliveries {
        @Test
        void duplicate_deliveries_of_the_same_payments_are_ignored() {
            SeriesHistory once = history(GYM_2024, "500.00");
            SeriesHistory twice = once;
            for (int i = 0; i < GYM_2024.size(); i++) {
                twice = twice.with(entry(i + 1, GYM_2024.get(i), "500.00")); // what history() delivered
            }

            assertThat(summarize(twice, "2024-12-20T00:00:00Z")).isEqualTo(summarize(once, "2024-12-20T00:00:00Z"));
            assertThat(summarize(twice, "2024-12-20T00:00:00Z").count()).isEqualTo(12);
        }

        @Test
        void the_series_shows_the_description_of_its_latest_payment_whatever_the_arrival_order() {
            // recorded late, an hour after the newer one: within the deduplication window
            PaymentRecorded older = payment(1, CLIENT, "gym", noon("2024-01-15"), usd("500.00"), noon("2024-02-15").plusSeconds(3_600));
            PaymentRecorded newer = payment(2, CLIENT, "GYM", noon("2024-02-15"), usd("500.00"), noon("2024-02-15"));

            Optional<SeriesState> afterNewer = SeriesProjection.evolve(Optional.empty(), List.of(newer)).state();
            SeriesProjection.Evolution afterBoth = SeriesProjection.evolve(afterNewer, List.of(older));
            SeriesProjection.Evolution together = SeriesProjection.evolve(Optional.empty(), List.of(older, newer));

            assertThat(afterBoth.state().orElseThrow().description()).isEqualTo("GYM");
            assertThat(together.state()).isEqualTo(afterBoth.state());
            assertThat(SeriesProjection.evolve(afterBoth.state(), List.of(newer)).changed()).isFalse();
        }

        @Test
        void a_whole_ledger_folds_into_one_summary_per_client_and_series_in_a_stable_order() {
            ClientId other = new ClientId("client-0");
            List<PaymentRecorded> ledger = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ledger.add(payment(i + 1, CLIENT, i == 11 ? "GYM" : "Gym", noon(GYM_2024.get(i)), usd("500.00"), noon(GYM_2024.get(i))));
            }
            ledger.add(payment(100, CLIENT, "Coffee", noon("2024-03-03"), usd("4.50"), noon("2024-03-03")));
            ledger.add(payment(101, other, "Gym", noon("2024-03-03"), Money.of("45.00", "EUR"), noon("2024-03-03")));
            ledger.add(ledger.get(3)); // a duplicate

            List<RecurringSeries> summaries = RecurringSeriesFold.summarizeLedger(ledger, Instant.parse("2024-12-20T00:00:00Z"));

            assertThat(summaries).extracting(RecurringSeries::clientId).containsExactly(other, CLIENT, CLIENT);
            RecurringSeries gym = summaries.stream().filter(s -> s.seriesId().equals(GYM)).findFirst().orElseThrow();
            assertThat(gym.description()).isEqualTo("GYM");
            assertThat(gym.count()).isEqualTo(12);
            assertThat(gym).isEqualTo(RecurringSeriesFold.summarize(CLIENT, GYM, "GYM", USD,
                    history(GYM_2024, "500.00"), Instant.parse("2024-12-20T00:00:00Z")));
        }
    }
}
