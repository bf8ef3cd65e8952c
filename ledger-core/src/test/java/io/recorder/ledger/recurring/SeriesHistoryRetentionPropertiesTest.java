package io.recorder.ledger.recurring;

import io.recorder.ledger.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.recorder.ledger.recurring.SeriesFixtures.CLIENT;
import static io.recorder.ledger.recurring.SeriesFixtures.GYM;
import static io.recorder.ledger.recurring.SeriesFixtures.USD;
import static io.recorder.ledger.recurring.SeriesFixtures.paymentId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deduplication window against the stream's retention (ADR 0007): payments recorded over weeks,
 * each delivered one to three times, every delivery within 24 hours of its recording (what DynamoDB
 * Streams guarantees), applied in delivery order. Whatever the lags, the history equals that of the
 * set of payments: no payment lost, none counted twice. Recording times span far more than the
 * 48-hour window, so ids are forgotten along the way; with a window shorter than the retention this
 * fails (late first deliveries are taken as applied).
 */
class SeriesHistoryRetentionPropertiesTest {
    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final long RETENTION_SECONDS = Duration.ofHours(24).toSeconds();

    /** One delivery of a payment, at a time within the retention after its recording. */
    record Delivery(SeriesPayment payment, Instant at) {
    }

    record Scenario(List<SeriesPayment> payments, List<Delivery> deliveries) {
    }

    @Property(tries = 500)
    void deliveries_within_the_retention_in_any_order_give_the_history_of_the_set_of_payments(@ForAll("scenarios") Scenario scenario) {
        SeriesHistory folded = SeriesHistory.empty();
        for (Delivery delivery : scenario.deliveries()) {
            folded = folded.with(delivery.payment());
        }
        SeriesHistory ofSet = SeriesHistory.of(scenario.payments());
        Instant asOf = START.plus(Duration.ofDays(400));

        assertThat(folded).isEqualTo(ofSet);
        assertThat(folded.size()).isEqualTo(scenario.payments().size());
        assertThat(RecurringSeriesFold.summarize(CLIENT, GYM, "Gym", USD, folded, asOf))
                .isEqualTo(RecurringSeriesFold.summarize(CLIENT, GYM, "Gym", USD, ofSet, asOf));
    }

    @Property(tries = 300)
    void every_redelivery_is_a_duplicate_or_older_than_the_window_never_new(@ForAll("scenarios") Scenario scenario) {
        SeriesHistory all = SeriesHistory.of(scenario.payments());

        for (SeriesPayment payment : scenario.payments()) {
            assertThat(all.admission(payment)).isNotEqualTo(SeriesHistory.Admission.NEW);
            assertThat(all.with(payment)).isSameAs(all);
        }
    }

    /** A scenario with reversals: some payments reversed minutes to days after their recording. */
    record Reversing(List<SeriesPayment> payments, List<SeriesReversal> reversals, List<Object> deliveries, List<Instant> times) {
    }

    @Property(tries = 500)
    void reversals_delivered_within_the_retention_in_any_order_give_the_history_of_the_set(@ForAll("reversingScenarios") Reversing scenario) {
        SeriesHistory folded = SeriesHistory.empty();
        for (Object delivery : scenario.deliveries()) {
            folded = delivery instanceof SeriesPayment payment ? folded.with(payment) : folded.with((SeriesReversal) delivery);
        }
        SeriesHistory ofSet = SeriesHistory.of(scenario.payments(), scenario.reversals());
        List<PaymentIdOnly> reversedIds = scenario.reversals().stream().map(r -> new PaymentIdOnly(r.paymentId().value())).toList();
        List<SeriesPayment> standing = scenario.payments().stream()
                .filter(p -> !reversedIds.contains(new PaymentIdOnly(p.paymentId().value()))).toList();
        Instant asOf = START.plus(Duration.ofDays(400));

        assertThat(folded).isEqualTo(ofSet);
        assertThat(folded.entries()).isEqualTo(SeriesHistory.of(standing).entries());
        assertThat(folded.size()).isEqualTo(standing.size());
        assertThat(folded.latestPaymentId()).isEqualTo(SeriesHistory.of(scenario.payments()).latestPaymentId());
        if (!standing.isEmpty()) {
            assertThat(RecurringSeriesFold.summarize(CLIENT, GYM, "Gym", USD, folded, asOf))
                    .isEqualTo(RecurringSeriesFold.summarize(CLIENT, GYM, "Gym", USD, SeriesHistory.of(standing), asOf));
        }
    }

    private record PaymentIdOnly(String value) {
    }

    @Provide
    Arbitrary<Reversing> reversingScenarios() {
        return scenarios().flatMap(base -> {
            List<SeriesPayment> payments = base.payments();
            Arbitrary<Long> reversalDelay = Arbitraries.oneOf(Arbitraries.longs().between(1, 3_600),
                    Arbitraries.longs().between(1, Duration.ofDays(10).toSeconds()));
            Arbitrary<Long> maybeReversed = Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(2, Arbitraries.just(-1L)), net.jqwik.api.Tuple.of(1, reversalDelay));
            return Combinators.combine(maybeReversed.list().ofSize(payments.size()),
                    Arbitraries.longs().between(0, RETENTION_SECONDS).list().ofMinSize(1).ofMaxSize(3).list().ofSize(payments.size()),
                    Arbitraries.longs().between(0, RETENTION_SECONDS).list().ofMinSize(1).ofMaxSize(3).list().ofSize(payments.size()))
                    .as((delays, paymentLags, reversalLags) -> {
                        List<SeriesReversal> reversals = new ArrayList<>();
                        List<Object> events = new ArrayList<>();
                        List<Instant> times = new ArrayList<>();
                        for (int i = 0; i < payments.size(); i++) {
                            SeriesPayment payment = payments.get(i);
                            for (long lag : paymentLags.get(i)) {
                                events.add(payment);
                                times.add(payment.recordedAt().plusSeconds(lag));
                            }
                            if (delays.get(i) >= 0) {
                                SeriesReversal reversal = new SeriesReversal(payment.paymentId(), payment.paymentTimestamp(),
                                        payment.amount(), payment.recordedAt(), payment.recordedAt().plusSeconds(delays.get(i)));
                                reversals.add(reversal);
                                for (long lag : reversalLags.get(i)) {
                                    events.add(reversal);
                                    times.add(reversal.reversedAt().plusSeconds(lag));
                                }
                            }
                        }
                        List<Integer> order = new ArrayList<>();
                        for (int i = 0; i < events.size(); i++) {
                            order.add(i);
                        }
                        order.sort(Comparator.comparing(times::get));
                        return new Reversing(payments, reversals, order.stream().map(events::get).toList(),
                                order.stream().map(times::get).toList());
                    });
        });
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        // recorded over up to 30 days, in bursts (same second) and gaps; paid at any time; few distinct
        // amounts and times, so equal entries (same time and amount, other id) occur
        Arbitrary<SeriesPayment> payment = Combinators.combine(
                Arbitraries.longs().between(0, Duration.ofDays(30).toSeconds()),
                Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(0, 5)),
                Arbitraries.integers().between(0, 20),
                Arbitraries.of(new BigDecimal("9.99"), new BigDecimal("10.00"), new BigDecimal("1234567.89"))
        ).as((recordedOffset, burst, paidDaysBefore, amount) -> {
            Instant recordedAt = START.plusSeconds(recordedOffset - recordedOffset % 3_600 * burst);
            Instant paidAt = recordedAt.minus(Duration.ofDays(paidDaysBefore)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            return new SeriesPayment(paymentId(0), paidAt, new Money(amount, USD), recordedAt);
        });
        return payment.list().ofMinSize(1).ofMaxSize(40).map(SeriesHistoryRetentionPropertiesTest::withDistinctIds)
                .flatMap(payments -> Arbitraries.longs().between(0, RETENTION_SECONDS).list().ofMinSize(1).ofMaxSize(3)
                        .list().ofSize(payments.size())
                        .map(lags -> new Scenario(payments, deliveries(payments, lags))));
    }

    /** Every payment's deliveries at its recording time plus each lag, all in delivery order (ties: as generated). */
    private static List<Delivery> deliveries(List<SeriesPayment> payments, List<List<Long>> lags) {
        List<Delivery> out = new ArrayList<>();
        for (int i = 0; i < payments.size(); i++) {
            for (long lag : lags.get(i)) {
                out.add(new Delivery(payments.get(i), payments.get(i).recordedAt().plusSeconds(lag)));
            }
        }
        out.sort(Comparator.comparing(Delivery::at));
        return out;
    }

    private static List<SeriesPayment> withDistinctIds(List<SeriesPayment> payments) {
        List<SeriesPayment> distinct = new ArrayList<>(payments.size());
        for (int i = 0; i < payments.size(); i++) {
            SeriesPayment p = payments.get(i);
            distinct.add(new SeriesPayment(paymentId(i + 1), p.paymentTimestamp(), p.amount(), p.recordedAt()));
        }
        return distinct;
    }
}
