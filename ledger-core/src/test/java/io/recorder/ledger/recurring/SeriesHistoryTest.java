package io.recorder.ledger.recurring;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.recorder.ledger.recurring.SeriesFixtures.date;
import static io.recorder.ledger.recurring.SeriesFixtures.entry;
import static io.recorder.ledger.recurring.SeriesFixtures.payment;
import static io.recorder.ledger.recurring.SeriesFixtures.paymentId;
import static io.recorder.ledger.recurring.SeriesFixtures.noon;
import static io.recorder.ledger.recurring.SeriesFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesHistoryTest {
    private final SeriesEntry january = entry(1, date("2024-01-15"), "500.00");
    private final SeriesEntry february = entry(2, date("2024-02-15"), "500.00");
    private final SeriesEntry march = entry(3, date("2024-03-15"), "550.00");

    @Test
    void a_payment_recorded_late_takes_its_place_in_payment_time_order() {
        SeriesHistory history = SeriesHistory.empty().with(march).with(january).with(february);

        assertThat(history.entries()).containsExactly(january, february, march);
        assertThat(history.latest()).contains(march);
    }

    @Test
    void a_duplicate_delivery_returns_the_very_same_history() {
        SeriesHistory history = SeriesHistory.empty().with(january).with(february);

        assertThat(history.with(january)).isSameAs(history);
        assertThat(history.size()).isEqualTo(2);
    }

    @Test
    void any_delivery_order_with_any_duplicates_gives_an_equal_history() {
        SeriesHistory inOrder = SeriesHistory.empty().with(january).with(february).with(march);
        SeriesHistory shuffled = SeriesHistory.empty().with(march).with(january).with(march).with(february).with(january);

        assertThat(shuffled).isEqualTo(inOrder).hasSameHashCodeAs(inOrder);
        assertThat(SeriesHistory.of(List.of(february, march, january, february))).isEqualTo(inOrder);
    }

    @Test
    void two_payments_at_the_same_instant_are_ordered_by_payment_id() {
        SeriesEntry second = new SeriesEntry(paymentId(9), noon("2024-01-15"), usd("1.00"), noon("2024-01-16"));
        SeriesEntry first = new SeriesEntry(paymentId(8), noon("2024-01-15"), usd("2.00"), noon("2024-01-17"));

        assertThat(SeriesHistory.empty().with(second).with(first).entries()).containsExactly(first, second);
    }

    @Test
    void it_knows_which_payments_it_holds() {
        SeriesHistory history = SeriesHistory.empty().with(january);

        assertThat(history.contains(paymentId(1))).isTrue();
        assertThat(history.contains(paymentId(2))).isFalse();
        assertThat(SeriesHistory.empty().isEmpty()).isTrue();
        assertThat(SeriesHistory.empty().latest()).isEmpty();
    }

    @Test
    void its_entries_cannot_be_changed_from_outside() {
        SeriesHistory history = SeriesHistory.empty().with(january);

        assertThatThrownBy(() -> history.entries().add(february)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void an_entry_keeps_what_the_summary_needs_from_the_recorded_payment() {
        var recorded = payment(7, SeriesFixtures.CLIENT, "Gym", noon("2024-05-01"), usd("500.00"), noon("2024-05-03"));

        assertThat(SeriesEntry.of(recorded))
                .isEqualTo(new SeriesEntry(paymentId(7), noon("2024-05-01"), usd("500.00"), noon("2024-05-03")));
    }
}
