package io.recorder.ledger.recurring;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.ReversalId;
import io.recorder.ledger.recurring.MonthlyRollup.Cell;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

import static io.recorder.ledger.recurring.SeriesFixtures.CLIENT;
import static io.recorder.ledger.recurring.SeriesFixtures.USD;
import static io.recorder.ledger.recurring.SeriesFixtures.payment;
import static io.recorder.ledger.recurring.SeriesFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MonthlyRollupTest {
    private static final ToIntFunction<PaymentId> ONE_CELL = id -> 0;
    private static final ToIntFunction<PaymentId> FOUR_CELLS = id -> Math.floorMod(id.hashCode(), 4);
    private static final Instant RECORDED = Instant.parse("2026-11-03T10:00:00Z");
    private static final Cell NOVEMBER = new Cell(CLIENT, YearMonth.of(2026, 11), USD, 0);

    private static PaymentRecorded gym(long id, String amount, Instant recordedAt) {
        return payment(id, CLIENT, "Gym " + id, Instant.parse("2026-11-01T12:00:00Z"), usd(amount), recordedAt);
    }

    private static PaymentReversed reversal(PaymentRecorded payment, Instant reversedAt) {
        return PaymentReversed.of(payment, new ReversalId("rev_" + payment.paymentId().value().substring(4)), Optional.empty(),
                reversedAt, "fp-r");
    }

    private static MonthlyRollup apply(MonthlyRollup state, LedgerEvent... events) {
        return MonthlyRollup.evolve(state, List.of(events), ONE_CELL).rollup();
    }

    @Test
    void payments_add_up_exactly_and_a_redelivery_changes_nothing() {
        PaymentRecorded a = gym(1, "500.00", RECORDED);
        PaymentRecorded b = gym(2, "0.10", RECORDED.plusSeconds(60));
        MonthlyRollup rollup = apply(MonthlyRollup.empty(NOVEMBER), a, b);

        assertThat(rollup.total()).isEqualTo(usd("500.10"));
        assertThat(rollup.payments()).isEqualTo(2);
        MonthlyRollup.Evolution again = MonthlyRollup.evolve(rollup, List.of(b, a), ONE_CELL);
        assertThat(again.changed()).isFalse();
        assertThat(again.rollup()).isEqualTo(rollup);
    }

    @Test
    void a_reversal_takes_its_payment_out_whichever_arrives_first() {
        PaymentRecorded a = gym(1, "500.00", RECORDED);
        PaymentRecorded b = gym(2, "20.00", RECORDED);
        PaymentReversed reversal = reversal(a, RECORDED.plusSeconds(3_600));

        MonthlyRollup paymentFirst = apply(MonthlyRollup.empty(NOVEMBER), a, b, reversal);
        MonthlyRollup reversalFirst = apply(apply(MonthlyRollup.empty(NOVEMBER), reversal), b, a);

        assertThat(paymentFirst.total()).isEqualTo(usd("20.00"));
        assertThat(paymentFirst.payments()).isEqualTo(1);
        assertThat(reversalFirst).isEqualTo(paymentFirst);
        assertThat(apply(paymentFirst, reversal, a)).isEqualTo(paymentFirst);
    }

    @Test
    void an_event_recorded_before_the_window_is_taken_as_applied() {
        PaymentRecorded late = gym(1, "500.00", RECORDED);
        MonthlyRollup rollup = apply(MonthlyRollup.empty(NOVEMBER), gym(2, "20.00", RECORDED.plus(Duration.ofHours(49))));

        MonthlyRollup.Evolution evolution = MonthlyRollup.evolve(rollup, List.of(late), ONE_CELL);

        assertThat(evolution.changed()).isFalse();
        assertThat(evolution.beforeWindow()).isEqualTo(1);
        assertThat(evolution.rollup().total()).isEqualTo(usd("20.00"));
    }

    @Test
    void ids_older_than_the_window_of_the_newest_are_forgotten() {
        MonthlyRollup rollup = apply(MonthlyRollup.empty(NOVEMBER), gym(1, "1.00", RECORDED),
                gym(2, "1.00", RECORDED.plus(Duration.ofHours(49))));

        assertThat(rollup.recent().payments().keySet()).containsExactly(SeriesFixtures.paymentId(2));
        assertThat(rollup.payments()).isEqualTo(2);
    }

    @Test
    void an_event_of_another_month_or_currency_is_refused() {
        PaymentRecorded december = payment(1, CLIENT, "Gym", Instant.parse("2026-12-01T00:00:00Z"), usd("1.00"), RECORDED);
        PaymentRecorded euros = payment(2, CLIENT, "Gym", Instant.parse("2026-11-01T00:00:00Z"), Money.of("1.00", "EUR"), RECORDED);

        assertThatThrownBy(() -> apply(MonthlyRollup.empty(NOVEMBER), december)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> apply(MonthlyRollup.empty(NOVEMBER), euros)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_month_is_the_payments_utc_month() {
        PaymentRecorded lastSecond = payment(1, CLIENT, "Gym", Instant.parse("2026-11-30T23:59:59.999Z"), usd("1.00"), RECORDED);
        PaymentRecorded firstInstant = payment(2, CLIENT, "Gym", Instant.parse("2026-12-01T00:00:00Z"), usd("1.00"), RECORDED);

        assertThat(Cell.of(lastSecond, ONE_CELL).month()).isEqualTo(YearMonth.of(2026, 11));
        assertThat(Cell.of(firstInstant, ONE_CELL).month()).isEqualTo(YearMonth.of(2026, 12));
    }

    @Test
    void spending_of_rollups_sums_cells_and_leaves_out_months_with_nothing_standing() {
        PaymentRecorded a = gym(1, "500.00", RECORDED);
        PaymentRecorded b = payment(2, CLIENT, "Tea", Instant.parse("2026-10-05T00:00:00Z"), usd("3.50"), RECORDED);
        PaymentRecorded c = payment(3, CLIENT, "Tea", Instant.parse("2026-10-06T00:00:00Z"), usd("3.25"), RECORDED);
        Map<Cell, MonthlyRollup> cells = MonthlyRollup.foldLedger(List.of(a, b, c, reversal(a, RECORDED.plusSeconds(5))), FOUR_CELLS);

        MonthlySpending spending = MonthlySpending.ofRollups(CLIENT, cells.values(), Optional.empty(), Optional.empty());

        assertThat(spending.months().keySet()).containsExactly(YearMonth.of(2026, 10));
        assertThat(spending.months().get(YearMonth.of(2026, 10)).get("USD")).isEqualTo(usd("6.75"));
        assertThatThrownBy(() -> MonthlySpending.ofRollups(new ClientId("other"), cells.values(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A ledger of payments (some reversed) over several months and descriptions, each event delivered 1-3 times. */
    record Scenario(List<LedgerEvent> events, List<LedgerEvent> deliveries) {
    }

    @Property(tries = 300)
    void deliveries_within_the_retention_in_any_order_give_the_rollups_of_the_set_and_agree_with_the_series(
            @ForAll("scenarios") Scenario scenario) {
        Map<Cell, MonthlyRollup> stored = new HashMap<>();
        for (LedgerEvent delivery : scenario.deliveries()) {
            Cell cell = Cell.of(delivery, FOUR_CELLS);
            stored.put(cell, MonthlyRollup.evolve(stored.getOrDefault(cell, MonthlyRollup.empty(cell)), List.of(delivery), FOUR_CELLS).rollup());
        }

        Map<Cell, MonthlyRollup> folded = MonthlyRollup.foldLedger(scenario.events(), FOUR_CELLS);
        assertThat(stored).isEqualTo(folded);
        assertThat(MonthlySpending.ofRollups(CLIENT, stored.values(), Optional.empty(), Optional.empty()))
                .isEqualTo(MonthlySpending.ofStates(CLIENT, SeriesProjection.foldLedger(scenario.events()).values(),
                        Optional.empty(), Optional.empty()));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        long retention = Duration.ofHours(24).toSeconds();
        Arbitrary<PaymentRecorded> payment = Combinators.combine(
                Arbitraries.longs().between(0, Duration.ofDays(20).toSeconds()),
                Arbitraries.integers().between(0, 70),
                Arbitraries.of("Gym", "Tea", "Rent"),
                Arbitraries.of("9.99", "10.00", "1234567.89", "0.01"),
                Arbitraries.of("USD", "USD", "EUR")
        ).as((recorded, daysBefore, description, amount, currency) -> payment(0, CLIENT, description,
                start.plusSeconds(recorded).minus(Duration.ofDays(daysBefore)), Money.of(amount, currency), start.plusSeconds(recorded)));
        return payment.list().ofMinSize(1).ofMaxSize(30).flatMap(drafts -> {
            int n = drafts.size();
            return Combinators.combine(
                    Arbitraries.longs().between(-1, Duration.ofDays(3).toSeconds()).list().ofSize(n),
                    Arbitraries.longs().between(0, retention).list().ofMinSize(1).ofMaxSize(3).list().ofSize(2 * n)
            ).as((reversalDelays, lags) -> {
                List<LedgerEvent> events = new ArrayList<>();
                List<LedgerEvent> deliveries = new ArrayList<>();
                List<Instant> at = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    PaymentRecorded draft = drafts.get(i);
                    PaymentRecorded p = payment(i + 1, CLIENT, draft.description().toString(), draft.paymentTimestamp(),
                            draft.amount(), draft.recordedAt());
                    events.add(p);
                    lags.get(2 * i).forEach(lag -> { deliveries.add(p); at.add(p.recordedAt().plusSeconds(lag)); });
                    if (reversalDelays.get(i) >= 0) {
                        PaymentReversed r = reversal(p, p.recordedAt().plusSeconds(reversalDelays.get(i)));
                        events.add(r);
                        lags.get(2 * i + 1).forEach(lag -> { deliveries.add(r); at.add(r.reversedAt().plusSeconds(lag)); });
                    }
                }
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < deliveries.size(); i++) {
                    order.add(i);
                }
                order.sort(Comparator.comparing(at::get));
                return new Scenario(events, order.stream().map(deliveries::get).toList());
            });
        });
    }
}
