package io.recorder.ledger.recurring;

import io.recorder.ledger.recurring.SeriesHistory.Admission;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.recorder.ledger.recurring.SeriesFixtures.date;
import static io.recorder.ledger.recurring.SeriesFixtures.entry;
import static io.recorder.ledger.recurring.SeriesFixtures.payment;
import static io.recorder.ledger.recurring.SeriesFixtures.paymentId;
import static io.recorder.ledger.recurring.SeriesFixtures.noon;
import static io.recorder.ledger.recurring.SeriesFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesHistoryTest {
    private final SeriesPayment january = entry(1, date("2024-01-15"), "500.00");
    private final SeriesPayment february = entry(2, date("2024-02-15"), "500.00");
    private final SeriesPayment march = entry(3, date("2024-03-15"), "550.00");
    /** Recorded on one afternoon, all three: a back-fill, delivered in any order. */
    private final Instant backFilled = Instant.parse("2024-03-20T15:00:00Z");
    private final SeriesPayment januaryLate = recordedAt(january, backFilled);
    private final SeriesPayment februaryLate = recordedAt(february, backFilled.plusSeconds(1));
    private final SeriesPayment marchLate = recordedAt(march, backFilled.plusSeconds(2));

    @Test
    void a_payment_recorded_late_takes_its_place_in_payment_time_order() {
        SeriesHistory history = SeriesHistory.empty().with(marchLate).with(januaryLate).with(februaryLate);

        assertThat(history.entries()).containsExactly(january.entry(), february.entry(), march.entry());
        assertThat(history.latest()).contains(march.entry());
        assertThat(history.latestPaymentId()).contains(march.paymentId());
    }

    @Test
    void a_duplicate_delivery_returns_the_very_same_history() {
        SeriesHistory history = SeriesHistory.empty().with(january).with(february);

        assertThat(history.admission(february)).isEqualTo(Admission.DUPLICATE);
        assertThat(history.with(february)).isSameAs(history);
        assertThat(history.size()).isEqualTo(2);
    }

    @Test
    void any_delivery_order_with_any_duplicates_gives_an_equal_history() {
        SeriesHistory inOrder = SeriesHistory.empty().with(januaryLate).with(februaryLate).with(marchLate);
        SeriesHistory shuffled = SeriesHistory.empty().with(marchLate).with(januaryLate).with(marchLate)
                .with(februaryLate).with(januaryLate);

        assertThat(shuffled).isEqualTo(inOrder).hasSameHashCodeAs(inOrder);
        assertThat(SeriesHistory.of(List.of(februaryLate, marchLate, januaryLate, februaryLate))).isEqualTo(inOrder);
    }

    @Test
    void two_payments_at_the_same_instant_are_ordered_by_amount_then_id_and_both_are_kept() {
        SeriesPayment larger = new SeriesPayment(paymentId(8), noon("2024-01-15"), usd("2.00"), noon("2024-01-16"));
        SeriesPayment smaller = new SeriesPayment(paymentId(9), noon("2024-01-15"), usd("1.00"), noon("2024-01-16"));
        SeriesPayment twin = new SeriesPayment(paymentId(7), noon("2024-01-15"), usd("1.00"), noon("2024-01-16"));

        SeriesHistory history = SeriesHistory.empty().with(larger).with(smaller).with(twin);

        assertThat(history.entries()).containsExactly(twin.entry(), smaller.entry(), larger.entry());
        assertThat(history.latestPaymentId()).contains(larger.paymentId());
        assertThat(SeriesHistory.empty().with(twin).with(smaller).latestPaymentId()).contains(smaller.paymentId());
    }

    @Test
    void it_remembers_the_ids_recorded_within_the_window_of_the_newest_and_forgets_older_ones() {
        SeriesHistory history = SeriesHistory.empty().with(january).with(february);

        assertThat(history.recentlyApplied(paymentId(2))).isTrue();
        assertThat(history.recentlyApplied(paymentId(1))).isFalse(); // recorded a month before February's
        assertThat(history.recent()).isEqualTo(Map.of(february.paymentId(), february.recordedAt()));
        assertThat(history.newestRecordedAt()).contains(february.recordedAt());
        assertThat(SeriesHistory.empty().isEmpty()).isTrue();
        assertThat(SeriesHistory.empty().latest()).isEmpty();
        assertThat(SeriesHistory.empty().newestRecordedAt()).isEmpty();
    }

    @Test
    void a_payment_recorded_exactly_at_the_window_edge_is_new_and_one_second_earlier_is_taken_as_applied() {
        SeriesHistory history = SeriesHistory.empty().with(march);
        Instant edge = march.recordedAt().minus(SeriesHistory.RECENT_WINDOW);

        SeriesPayment atEdge = recordedAt(january, edge);
        SeriesPayment beforeEdge = recordedAt(january, edge.minusSeconds(1));

        assertThat(history.admission(atEdge)).isEqualTo(Admission.NEW);
        assertThat(history.with(atEdge).recentlyApplied(january.paymentId())).isTrue();
        assertThat(history.admission(beforeEdge)).isEqualTo(Admission.BEFORE_WINDOW);
        assertThat(history.with(beforeEdge)).isSameAs(history);
    }

    @Test
    void a_redelivery_of_a_forgotten_payment_is_never_counted_twice() {
        SeriesHistory history = SeriesHistory.empty().with(january).with(march);

        assertThat(history.recentlyApplied(january.paymentId())).isFalse();
        assertThat(history.admission(january)).isEqualTo(Admission.BEFORE_WINDOW);
        assertThat(history.with(january)).isSameAs(history);
    }

    @Test
    void a_newer_recording_moves_the_window_and_prunes_what_fell_out_of_it() {
        Instant start = Instant.parse("2024-05-01T00:00:00Z");
        SeriesPayment first = recordedAt(january, start);
        SeriesPayment second = recordedAt(february, start.plus(SeriesHistory.RECENT_WINDOW));
        SeriesPayment third = recordedAt(march, start.plus(SeriesHistory.RECENT_WINDOW).plusSeconds(1));

        SeriesHistory two = SeriesHistory.empty().with(first).with(second);
        SeriesHistory three = two.with(third);

        assertThat(two.recent()).containsOnlyKeys(first.paymentId(), second.paymentId());
        assertThat(three.recent()).containsOnlyKeys(second.paymentId(), third.paymentId());
        assertThat(three).isEqualTo(SeriesHistory.of(List.of(third, first, second)));
    }

    @Test
    void a_stored_history_is_restored_to_an_equal_one() {
        SeriesHistory history = SeriesHistory.empty().with(marchLate).with(januaryLate).with(februaryLate);

        List<SeriesEntry> reversed = new java.util.ArrayList<>(history.entries());
        java.util.Collections.reverse(reversed);
        SeriesHistory restored = SeriesHistory.restore(reversed, history.recent(),
                history.latestPaymentId().orElseThrow());

        assertThat(restored).isEqualTo(history);
        assertThat(SeriesHistory.restore(List.of(), Map.of(), null)).isSameAs(SeriesHistory.empty());
        assertThatThrownBy(() -> SeriesHistory.restore(List.of(january.entry()), Map.of(), january.paymentId()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeriesHistory.restore(List.of(january.entry(), march.entry()),
                Map.of(january.paymentId(), january.recordedAt(), march.paymentId(), march.recordedAt()), march.paymentId()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void its_entries_and_ids_cannot_be_changed_from_outside() {
        SeriesHistory history = SeriesHistory.empty().with(january);

        assertThatThrownBy(() -> history.entries().add(february.entry())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> history.recent().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_payment_keeps_what_the_summary_and_deduplication_need_from_the_recorded_payment() {
        var recorded = payment(7, SeriesFixtures.CLIENT, "Gym", noon("2024-05-01"), usd("500.00"), noon("2024-05-03"));

        assertThat(SeriesPayment.of(recorded))
                .isEqualTo(new SeriesPayment(paymentId(7), noon("2024-05-01"), usd("500.00"), noon("2024-05-03")));
        assertThat(SeriesPayment.of(recorded).entry()).isEqualTo(new SeriesEntry(noon("2024-05-01"), usd("500.00")));
    }

    private static SeriesPayment recordedAt(SeriesPayment payment, Instant recordedAt) {
        return new SeriesPayment(payment.paymentId(), payment.paymentTimestamp(), payment.amount(), recordedAt);
    }

}
