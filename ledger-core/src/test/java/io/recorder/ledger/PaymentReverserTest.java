package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.ledger.PaymentReverser.AlreadyReversed;
import io.recorder.ledger.PaymentReverser.KeyReused;
import io.recorder.ledger.PaymentReverser.Outcome;
import io.recorder.ledger.PaymentReverser.PaymentNotFound;
import io.recorder.ledger.PaymentReverser.Rejected;
import io.recorder.ledger.PaymentReverser.Replayed;
import io.recorder.ledger.PaymentReverser.Reversed;
import io.recorder.ledger.testing.InMemoryPaymentLedger;
import io.recorder.ledger.testing.MutableClock;
import io.recorder.ledger.testing.PaymentFields;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PaymentReverserTest {
    static final ClientId ACME = new ClientId("acme");
    static final ClientId GLOBEX = new ClientId("globex");

    final MutableClock clock = MutableClock.at("2025-01-15T10:00:00Z");
    final InMemoryPaymentLedger ledger = new InMemoryPaymentLedger();
    final PaymentReverser reverser = new PaymentReverser(ledger, clock);
    final PaymentRecorded payment = ((PaymentRecorder.Recorded) new PaymentRecorder(ledger, clock)
            .record(ACME, Optional.empty(), PaymentFields.example().number("amount", "5500").build())).payment();

    static Optional<IdempotencyKey> key(String value) {
        return Optional.of(new IdempotencyKey(value));
    }

    static Map<String, RawValue> reason(String text) {
        return Map.of(PaymentReverser.REASON, new RawValue.Text(text));
    }

    Outcome reverse(Optional<IdempotencyKey> key, Map<String, RawValue> fields) {
        return reverser.reverse(ACME, payment.paymentId(), key, fields);
    }

    @Test
    void a_reversal_copies_the_payments_facts_and_takes_the_clock_time() {
        Outcome outcome = reverse(Optional.empty(), reason("  typed 5500 instead of 550 "));

        PaymentReversed reversal = ((Reversed) outcome).reversal();
        assertThat(reversal.paymentId()).isEqualTo(payment.paymentId());
        assertThat(reversal.seriesId()).isEqualTo(payment.seriesId());
        assertThat(reversal.amount()).isEqualTo(payment.amount());
        assertThat(reversal.paymentTimestamp()).isEqualTo(payment.paymentTimestamp());
        assertThat(reversal.reason()).contains(new ReversalReason("typed 5500 instead of 550"));
        assertThat(reversal.reversedAt()).isEqualTo(clock.instant());
        assertThat(reversal.reversalId().value()).startsWith("rev_");
        assertThat(ledger.reversals()).containsExactly(reversal);
    }

    @Test
    void the_same_request_again_replays_the_stored_reversal_with_its_original_time() {
        PaymentReversed first = ((Reversed) reverse(Optional.empty(), Map.of())).reversal();
        clock.advance(Duration.ofHours(2));

        assertThat(reverse(Optional.empty(), Map.of())).isEqualTo(new Replayed(first));
        assertThat(((Replayed) reverse(Optional.empty(), Map.of())).reversal().reversedAt())
                .isEqualTo(Instant.parse("2025-01-15T10:00:00Z"));
    }

    @Test
    void the_same_idempotency_key_replays_and_with_another_reason_is_a_key_reuse() {
        PaymentReversed first = ((Reversed) reverse(key("k-1"), reason("wrong amount"))).reversal();

        assertThat(reverse(key("k-1"), reason("wrong amount"))).isEqualTo(new Replayed(first));
        assertThat(reverse(key("k-1"), reason("duplicate"))).isEqualTo(new KeyReused(first.reversalId()));
        assertThat(ledger.reversals()).containsExactly(first);
    }

    @Test
    void a_different_second_reversal_is_refused_naming_the_first() {
        PaymentReversed first = ((Reversed) reverse(key("k-1"), Map.of())).reversal();

        assertThat(reverse(key("k-2"), Map.of())).isEqualTo(new AlreadyReversed(first));
        assertThat(reverse(Optional.empty(), reason("another reason"))).isEqualTo(new AlreadyReversed(first));
        assertThat(ledger.reversals()).containsExactly(first);
    }

    @Test
    void one_key_reversing_two_payments_names_two_reversals() {
        PaymentRecorded other = ((PaymentRecorder.Recorded) new PaymentRecorder(ledger, clock)
                .record(ACME, Optional.empty(), PaymentFields.example().build())).payment();

        PaymentReversed a = ((Reversed) reverse(key("k-1"), Map.of())).reversal();
        PaymentReversed b = ((Reversed) reverser.reverse(ACME, other.paymentId(), key("k-1"), Map.of())).reversal();

        assertThat(a.reversalId()).isNotEqualTo(b.reversalId());
    }

    @Test
    void an_unknown_payment_and_another_clients_payment_are_both_not_found_and_store_nothing() {
        PaymentId unknown = new PaymentId("pay_" + "0".repeat(26));

        assertThat(reverser.reverse(ACME, unknown, Optional.empty(), Map.of())).isEqualTo(new PaymentNotFound(unknown));
        assertThat(reverser.reverse(GLOBEX, payment.paymentId(), Optional.empty(), Map.of()))
                .isEqualTo(new PaymentNotFound(payment.paymentId()));
        assertThat(ledger.reversals()).isEmpty();
    }

    @Test
    void invalid_reasons_and_unknown_fields_are_all_named_and_store_nothing() {
        Map<String, RawValue> fields = Map.of(
                PaymentReverser.REASON, new RawValue.Text("x".repeat(ReversalReason.MAX_LENGTH + 1)),
                "amount", new RawValue.Number("550"));

        Outcome outcome = reverse(Optional.empty(), fields);

        assertThat(((Rejected) outcome).errors()).extracting(FieldError::field).containsExactlyInAnyOrder("reason", "amount");
        assertThat(((Rejected) reverse(Optional.empty(), reason(" \u00a0 "))).errors())
                .extracting(FieldError::reason).containsExactly("must not be empty or only whitespace");
        assertThat(((Rejected) reverse(Optional.empty(), reason("a\u202Eb"))).errors()).hasSize(1);
        assertThat(((Rejected) reverse(Optional.empty(), Map.of("reason", new RawValue.Number("1")))).errors())
                .extracting(FieldError::reason).allMatch(r -> r.contains("not a number"));
        assertThat(ledger.reversals()).isEmpty();
    }

    @Test
    void a_null_reason_is_no_reason() {
        PaymentReversed reversal = ((Reversed) reverse(Optional.empty(), Map.of("reason", RawValue.NULL))).reversal();

        assertThat(reversal.reason()).isEmpty();
        assertThat(reverse(Optional.empty(), Map.of())).isEqualTo(new Replayed(reversal));
    }

    @Test
    void fifty_different_reversals_racing_leave_exactly_one() throws Exception {
        int threads = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String k = "race-" + i;
            futures.add(pool.submit(() -> {
                start.await();
                return reverse(key(k), Map.of());
            }));
        }
        start.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            outcomes.add(future.get());
        }
        pool.shutdown();

        assertThat(outcomes).filteredOn(Reversed.class::isInstance).hasSize(1);
        PaymentReversed winner = ((Reversed) outcomes.stream().filter(Reversed.class::isInstance).findFirst().orElseThrow()).reversal();
        assertThat(outcomes).filteredOn(o -> !(o instanceof Reversed)).allMatch(o -> o.equals(new AlreadyReversed(winner)));
        assertThat(ledger.reversals()).containsExactly(winner);
    }
}
