package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recorder.ledger.PaymentRecorder.KeyReused;
import io.recorder.ledger.PaymentRecorder.Outcome;
import io.recorder.ledger.PaymentRecorder.Recorded;
import io.recorder.ledger.PaymentRecorder.Rejected;
import io.recorder.ledger.PaymentRecorder.Replayed;
import io.recorder.ledger.testing.InMemoryPaymentLedger;
import io.recorder.ledger.testing.MutableClock;
import io.recorder.ledger.testing.PaymentFields;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PaymentRecorderTest {

    static final ClientId ACME = new ClientId("acme");
    static final ClientId GLOBEX = new ClientId("globex");

    final MutableClock clock = MutableClock.at("2025-01-15T10:00:00Z");
    final InMemoryPaymentLedger ledger = new InMemoryPaymentLedger();
    final PaymentRecorder recorder = new PaymentRecorder(ledger, clock);

    static Optional<IdempotencyKey> key(String value) {
        return Optional.of(new IdempotencyKey(value));
    }

    Outcome record(ClientId client, Optional<IdempotencyKey> key, PaymentFields fields) {
        return recorder.record(client, key, fields.build());
    }

    PaymentRecorded recorded(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Recorded.class);
        return ((Recorded) outcome).payment();
    }

    @Test
    void a_new_payment_is_recorded_with_normalized_details_and_the_clock_time() {
        PaymentRecorded payment = recorded(record(ACME, key("k-1"), PaymentFields.example()));

        assertThat(payment.clientId()).isEqualTo(ACME);
        assertThat(payment.amount()).isEqualTo(Money.of("500.00", "USD"));
        assertThat(payment.description().text()).isEqualTo("Gym");
        assertThat(payment.paymentTimestamp()).isEqualTo(Instant.parse("2024-08-01T12:34:56Z"));
        assertThat(payment.recordedAt()).isEqualTo(clock.instant());
        assertThat(payment.seriesId()).isEqualTo(SeriesId.of(ACME, payment.description(), payment.currency()));
        assertThat(ledger.events()).containsExactly(payment);
    }

    @Test
    void retrying_with_the_same_key_and_body_replays_the_stored_event_even_after_the_clock_moved() {
        PaymentRecorded first = recorded(record(ACME, key("k-1"), PaymentFields.example()));
        clock.advance(Duration.ofHours(3));

        Outcome retry = record(ACME, key("k-1"), PaymentFields.example());

        assertThat(retry).isEqualTo(new Replayed(first));
        assertThat(((Replayed) retry).payment().recordedAt()).isEqualTo(Instant.parse("2025-01-15T10:00:00Z"));
        assertThat(ledger.events()).containsExactly(first);
    }

    @Test
    void reusing_a_key_for_a_different_payment_is_refused_and_stores_nothing() {
        PaymentRecorded first = recorded(record(ACME, key("k-1"), PaymentFields.example()));

        Outcome reuse = record(ACME, key("k-1"), PaymentFields.example().number("amount", "501"));

        assertThat(reuse).isEqualTo(new KeyReused(first.paymentId()));
        assertThat(ledger.events()).containsExactly(first);
    }

    @Test
    void without_a_key_an_identical_retry_is_a_replay_of_the_content_derived_payment() {
        PaymentRecorded first = recorded(record(ACME, Optional.empty(), PaymentFields.example()));
        clock.advance(Duration.ofSeconds(30));

        assertThat(record(ACME, Optional.empty(), PaymentFields.example())).isEqualTo(new Replayed(first));
        assertThat(ledger.size()).isEqualTo(1);
    }

    @Test
    void without_a_key_different_content_is_a_different_payment() {
        PaymentRecorded gym = recorded(record(ACME, Optional.empty(), PaymentFields.example()));
        PaymentRecorded pool = recorded(record(ACME, Optional.empty(), PaymentFields.example().text("paymentDescription", "Pool")));

        assertThat(pool.paymentId()).isNotEqualTo(gym.paymentId());
        assertThat(ledger.size()).isEqualTo(2);
    }

    @Test
    void requests_that_mean_the_same_payment_are_replays_of_it() {
        PaymentFields canonical = PaymentFields.none()
                .text("paymentTimestamp", "2024-08-01T12:34:56Z")
                .text("paymentDescription", "Gym")
                .text("currency", "USD")
                .number("amount", "500.00");
        PaymentFields equivalent = PaymentFields.none()
                .text("paymentTimestamp", "2024-08-01T13:34:56+01:00")
                .text("paymentDescription", "  Gym ")
                .text("currency", "Dollars")
                .number("amount", "500");

        PaymentRecorded first = recorded(record(ACME, key("k-1"), canonical));

        assertThat(record(ACME, key("k-1"), equivalent)).isEqualTo(new Replayed(first));
        assertThat(record(ACME, Optional.empty(), canonical)).isInstanceOf(Recorded.class);
        assertThat(record(ACME, Optional.empty(), equivalent)).isInstanceOf(Replayed.class);
        assertThat(record(ACME, Optional.empty(), PaymentFields.example().text("amount", "500.000"))).isInstanceOf(Replayed.class);
        assertThat(ledger.size()).isEqualTo(2);
    }

    @Test
    void two_clients_using_the_same_key_never_collide() {
        PaymentRecorded acme = recorded(record(ACME, key("order-1"), PaymentFields.example()));
        PaymentRecorded globex = recorded(record(GLOBEX, key("order-1"), PaymentFields.example().number("amount", "7")));

        assertThat(globex.paymentId()).isNotEqualTo(acme.paymentId());
        assertThat(globex.seriesId()).isNotEqualTo(acme.seriesId());
        assertThat(ledger.eventsOf(ACME)).containsExactly(acme);
        assertThat(ledger.eventsOf(GLOBEX)).containsExactly(globex);
    }

    @Test
    void two_clients_sending_identical_content_without_keys_both_record() {
        PaymentRecorded acme = recorded(record(ACME, Optional.empty(), PaymentFields.example()));
        PaymentRecorded globex = recorded(record(GLOBEX, Optional.empty(), PaymentFields.example()));

        assertThat(globex.paymentId()).isNotEqualTo(acme.paymentId());
        assertThat(ledger.size()).isEqualTo(2);
    }

    @Test
    void a_key_equal_to_a_content_fingerprint_does_not_collide_with_the_keyless_payment() {
        PaymentRecorded keyless = recorded(record(ACME, Optional.empty(), PaymentFields.example()));

        Outcome keyed = record(ACME, key(keyless.fingerprint()), PaymentFields.example().number("amount", "42"));

        assertThat(recorded(keyed).paymentId()).isNotEqualTo(keyless.paymentId());
    }

    @Test
    void a_rejected_request_reports_its_errors_and_stores_nothing() {
        Outcome outcome = record(ACME, key("k-1"), PaymentFields.example().number("amount", "0").text("currency", "ABC"));

        assertThat(outcome).isInstanceOf(Rejected.class);
        assertThat(((Rejected) outcome).errors()).extracting(FieldError::field).containsExactlyInAnyOrder("amount", "currency");
        assertThat(ledger.appendCalls()).isZero();
        assertThat(ledger.size()).isZero();
    }

    @Test
    void a_rejected_request_does_not_burn_its_key() {
        record(ACME, key("k-1"), PaymentFields.example().number("amount", "0"));

        assertThat(record(ACME, key("k-1"), PaymentFields.example())).isInstanceOf(Recorded.class);
    }

    @Test
    void a_retry_after_a_lost_response_replays_the_payment_that_did_land() {
        ledger.loseNextAppendResponses(1);
        assertThatThrownBy(() -> record(ACME, key("k-1"), PaymentFields.example()))
                .isInstanceOf(LedgerUnavailableException.class);

        Outcome retry = record(ACME, key("k-1"), PaymentFields.example());

        assertThat(retry).isInstanceOf(Replayed.class);
        assertThat(ledger.size()).isEqualTo(1);
    }

    @Test
    void a_retry_after_a_failed_write_records_exactly_once() {
        ledger.failNextAppends(2);
        assertThatThrownBy(() -> record(ACME, key("k-1"), PaymentFields.example())).isInstanceOf(LedgerUnavailableException.class);
        assertThatThrownBy(() -> record(ACME, key("k-1"), PaymentFields.example())).isInstanceOf(LedgerUnavailableException.class);

        assertThat(record(ACME, key("k-1"), PaymentFields.example())).isInstanceOf(Recorded.class);
        assertThat(ledger.size()).isEqualTo(1);
    }

    @Test
    void fifty_concurrent_requests_with_one_key_store_exactly_one_event() throws Exception {
        int threads = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return record(ACME, key("same-key"), PaymentFields.example());
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get(10, TimeUnit.SECONDS));
            }

            assertThat(ledger.events()).hasSize(1);
            PaymentRecorded stored = ledger.events().get(0);
            assertThat(outcomes).filteredOn(Recorded.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(Replayed.class::isInstance).hasSize(threads - 1);
            assertThat(outcomes).allSatisfy(outcome -> assertThat(paymentOf(outcome)).isEqualTo(stored));
        } finally {
            pool.shutdownNow();
        }
    }

    static PaymentRecorded paymentOf(Outcome outcome) {
        if (outcome instanceof Recorded recorded) {
            return recorded.payment();
        }
        if (outcome instanceof Replayed replayed) {
            return replayed.payment();
        }
        throw new AssertionError("not a recorded payment: " + outcome);
    }
}
