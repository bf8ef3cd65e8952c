package io.recorder.ledger.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.LedgerUnavailableException;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentLedger.AlreadyRecorded;
import io.recorder.ledger.PaymentLedger.Appended;
import io.recorder.ledger.PaymentLedger.AppendResult;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake must behave like the DynamoDB adapter, or tests built on it prove nothing. */
class InMemoryPaymentLedgerTest {

    static final ClientId ACME = new ClientId("acme");
    static final ClientId GLOBEX = new ClientId("globex");
    static final PaymentId ID = new PaymentId("pay_0123456789abcdefghjkmnpqrs");

    final InMemoryPaymentLedger ledger = new InMemoryPaymentLedger();

    static PaymentRecorded event(ClientId client, PaymentId id, String amount) {
        Description gym = new Description("Gym");
        return new PaymentRecorded(id, client, SeriesId.of(client, gym, CurrencyCode.of("USD")),
                Instant.parse("2024-08-01T12:34:56Z"), gym, Money.of(amount, "USD"),
                Instant.parse("2025-01-15T10:00:00Z"), "fp-" + amount);
    }

    @Test
    void the_first_writer_wins_and_later_appends_get_the_stored_event() {
        PaymentRecorded first = event(ACME, ID, "500");
        PaymentRecorded second = event(ACME, ID, "501");

        assertThat(ledger.append(first)).isEqualTo(new Appended());
        assertThat(ledger.append(second)).isEqualTo(new AlreadyRecorded(first));
        assertThat(ledger.find(ACME, ID)).contains(first);
        assertThat(ledger.events()).containsExactly(first);
    }

    @Test
    void the_same_payment_id_under_two_clients_is_two_events() {
        ledger.append(event(ACME, ID, "500"));

        assertThat(ledger.append(event(GLOBEX, ID, "500"))).isEqualTo(new Appended());
        assertThat(ledger.find(GLOBEX, ID)).map(PaymentRecorded::clientId).contains(GLOBEX);
        assertThat(ledger.size()).isEqualTo(2);
    }

    @Test
    void find_answers_empty_for_an_unknown_id() {
        assertThat(ledger.find(ACME, ID)).isEmpty();
    }

    @Test
    void injected_faults_fail_before_or_after_the_write() {
        ledger.failNextAppends(1);
        assertThatThrownBy(() -> ledger.append(event(ACME, ID, "500"))).isInstanceOf(LedgerUnavailableException.class);
        assertThat(ledger.size()).isZero();

        ledger.loseNextAppendResponses(1);
        assertThatThrownBy(() -> ledger.append(event(ACME, ID, "500"))).isInstanceOf(LedgerUnavailableException.class);
        assertThat(ledger.size()).isEqualTo(1);

        assertThat(ledger.append(event(ACME, ID, "500"))).isInstanceOf(AlreadyRecorded.class);
        assertThat(ledger.appendCalls()).isEqualTo(3);
    }

    @Test
    void concurrent_appends_of_one_id_store_exactly_one_event() throws Exception {
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<AppendResult>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String amount = Integer.toString(i + 1);
                results.add(pool.submit(() -> {
                    start.await();
                    return ledger.append(event(ACME, ID, amount));
                }));
            }
            start.countDown();
            List<AppendResult> outcomes = new ArrayList<>();
            for (Future<AppendResult> result : results) {
                outcomes.add(result.get(10, TimeUnit.SECONDS));
            }

            PaymentRecorded stored = ledger.find(ACME, ID).orElseThrow();
            assertThat(outcomes).filteredOn(Appended.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(AlreadyRecorded.class::isInstance)
                    .hasSize(threads - 1)
                    .allSatisfy(r -> assertThat(((AlreadyRecorded) r).existing()).isEqualTo(stored));
            assertThat(ledger.events()).containsExactly(stored);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_mutable_clock_moves_only_when_told() {
        MutableClock clock = MutableClock.at("2025-01-15T10:00:00Z");

        assertThat(clock.instant()).isEqualTo(clock.instant()).isEqualTo(Instant.parse("2025-01-15T10:00:00Z"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.withZone(java.time.ZoneId.of("Asia/Tokyo")).instant()).isEqualTo(Instant.parse("2025-01-15T10:05:00Z"));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2025-01-15T10:05:00Z").toEpochMilli());
    }
}
