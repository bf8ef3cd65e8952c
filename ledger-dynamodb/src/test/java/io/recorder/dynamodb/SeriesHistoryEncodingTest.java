package io.recorder.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.recurring.SeriesHistory;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesReversal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The projection's binary history: exact round trips, its size, and refusal of what it did not write. */
class SeriesHistoryEncodingTest {
    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final CurrencyCode JPY = CurrencyCode.of("JPY");
    private static final CurrencyCode BHD = CurrencyCode.of("BHD");
    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

    @Test
    void ten_years_of_a_monthly_payment_round_trip_exactly_in_about_five_bytes_each() {
        List<SeriesPayment> payments = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Instant at = LocalDate.of(2015, 1, 1).plusMonths(i).atTime(7, 0, 13).toInstant(ZoneOffset.UTC);
            payments.add(payment(i, at, i < 60 ? "49.99" : "54.99", USD, at.plusMillis(2_345)));
        }
        SeriesHistory history = SeriesHistory.of(payments);

        byte[] bytes = SeriesHistoryEncoding.encode(history, USD);

        assertThat(SeriesHistoryEncoding.decode(bytes, USD)).isEqualTo(history);
        assertThat(bytes.length).isBetween(600, 650); // 5 B an entry, the latest payment's id and recording time
    }

    @Test
    void same_second_payments_equal_entries_nanos_and_large_amounts_round_trip() {
        Instant at = Instant.parse("2024-02-29T23:59:59.123456789Z");
        SeriesHistory history = SeriesHistory.of(List.of(
                payment(1, at, "10.00", USD, at),
                payment(2, at, "10.00", USD, at.plusNanos(1)), // an equal entry: both kept
                payment(3, at, "999999999999.99", USD, at.plusSeconds(5)),
                payment(4, at.plusNanos(1), "0.01", USD, at.plusSeconds(6)),
                payment(5, Instant.parse("1969-12-31T23:59:59Z"), "0.01", USD, at.plusSeconds(7))));

        assertThat(SeriesHistoryEncoding.decode(SeriesHistoryEncoding.encode(history, USD), USD)).isEqualTo(history);
        assertThat(history.size()).isEqualTo(5);
    }

    @Test
    void reversed_entries_and_waiting_reversals_round_trip_and_a_series_without_reversals_keeps_version_1() {
        Instant at = Instant.parse("2024-08-01T07:00:00Z");
        SeriesPayment gym = payment(1, at, "500.00", USD, at);
        SeriesPayment wrong = payment(2, at.plusSeconds(86_400 * 31), "5500.00", USD, at.plusSeconds(86_400 * 31));
        SeriesReversal reversal = new SeriesReversal(wrong.paymentId(), wrong.paymentTimestamp(), wrong.amount(),
                wrong.recordedAt(), wrong.recordedAt().plusSeconds(600));
        SeriesReversal waiting = new SeriesReversal(new PaymentId("pay_" + "z".repeat(26)), at, Money.of("1.00", "USD"),
                wrong.recordedAt(), wrong.recordedAt().plusSeconds(700));
        SeriesHistory reversed = SeriesHistory.of(List.of(gym, wrong), List.of(reversal, waiting));
        SeriesHistory allReversed = SeriesHistory.of(List.of(wrong), List.of(reversal));

        assertThat(SeriesHistoryEncoding.decode(SeriesHistoryEncoding.encode(reversed, USD), USD)).isEqualTo(reversed);
        assertThat(SeriesHistoryEncoding.decode(SeriesHistoryEncoding.encode(allReversed, USD), USD)).isEqualTo(allReversed);
        assertThat(reversed.entries()).containsExactly(gym.entry());
        assertThat(allReversed.isEmpty()).isTrue();
        assertThat(allReversed.isBlank()).isFalse();
        assertThat(SeriesHistoryEncoding.encode(reversed, USD)[0]).isEqualTo((byte) 2);
        assertThat(SeriesHistoryEncoding.encode(SeriesHistory.of(List.of(gym)), USD)[0]).isEqualTo((byte) 1);
    }

    @Test
    void currencies_without_and_with_three_minor_units_keep_their_scale() {
        Instant at = Instant.parse("2024-05-01T00:00:00Z");
        SeriesHistory yen = SeriesHistory.of(List.of(payment(1, at, "1500", JPY, at), payment(2, at.plusSeconds(86_400), "1", JPY, at)));
        SeriesHistory dinar = SeriesHistory.of(List.of(payment(1, at, "12.345", BHD, at), payment(2, at, "0.001", BHD, at)));

        SeriesHistory yenBack = SeriesHistoryEncoding.decode(SeriesHistoryEncoding.encode(yen, JPY), JPY);
        SeriesHistory dinarBack = SeriesHistoryEncoding.decode(SeriesHistoryEncoding.encode(dinar, BHD), BHD);

        assertThat(yenBack).isEqualTo(yen);
        assertThat(yenBack.entries().get(0).amount().amount()).isEqualTo(new BigDecimal("1500"));
        assertThat(dinarBack).isEqualTo(dinar);
        assertThat(dinarBack.entries().get(0).amount().amount()).isEqualTo(new BigDecimal("0.001"));
    }

    @Test
    void a_latest_payment_recorded_outside_the_window_is_stored_with_its_id() {
        Instant recorded = Instant.parse("2024-06-01T00:00:00Z");
        SeriesHistory history = SeriesHistory.of(List.of(
                payment(1, Instant.parse("2024-05-31T00:00:00Z"), "5.00", USD, recorded),
                payment(2, Instant.parse("2024-01-01T00:00:00Z"), "5.00", USD, recorded.plusSeconds(86_400 * 5))));

        assertThat(history.recentlyApplied(paymentId(1))).isFalse();
        assertThat(history.latestPaymentId()).contains(paymentId(1));
        assertThat(SeriesHistoryEncoding.decode(SeriesHistoryEncoding.encode(history, USD), USD)).isEqualTo(history);
    }

    @Test
    void an_empty_history_is_two_bytes_and_round_trips() {
        byte[] bytes = SeriesHistoryEncoding.encode(SeriesHistory.empty(), USD);

        assertThat(bytes).containsExactly(SeriesHistoryEncoding.VERSION, 0, 0);
        assertThat(SeriesHistoryEncoding.decode(bytes, USD)).isSameAs(SeriesHistory.empty());
    }

    @Test
    void bytes_of_another_version_truncated_or_with_trailing_bytes_are_refused() {
        Instant at = Instant.parse("2024-05-01T00:00:00Z");
        byte[] bytes = SeriesHistoryEncoding.encode(SeriesHistory.of(List.of(payment(1, at, "5.00", USD, at))), USD);
        byte[] otherVersion = bytes.clone();
        otherVersion[0] = 3;

        assertThatThrownBy(() -> SeriesHistoryEncoding.decode(otherVersion, USD)).hasMessageContaining("version 3");
        assertThatThrownBy(() -> SeriesHistoryEncoding.decode(Arrays.copyOf(bytes, bytes.length - 1), USD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeriesHistoryEncoding.decode(Arrays.copyOf(bytes, bytes.length + 1), USD))
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> SeriesHistoryEncoding.decode(new byte[] {1, (byte) 0xFF, (byte) 0xFF, 0x7F}, USD))
                .hasMessageContaining("beyond");
    }

    @Test
    void an_amount_in_another_currency_is_not_encoded() {
        Instant at = Instant.parse("2024-05-01T00:00:00Z");
        SeriesHistory euros = SeriesHistory.of(List.of(payment(1, at, "5.00", CurrencyCode.of("EUR"), at)));

        assertThatThrownBy(() -> SeriesHistoryEncoding.encode(euros, USD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 300)
    void any_history_round_trips_exactly(@ForAll("histories") SeriesHistory history) {
        byte[] bytes = SeriesHistoryEncoding.encode(history, BHD);

        assertThat(SeriesHistoryEncoding.decode(bytes, BHD)).isEqualTo(history);
    }

    @Provide
    Arbitrary<SeriesHistory> histories() {
        Arbitrary<SeriesPayment> payment = Combinators.combine(
                Arbitraries.longs().between(-2_000_000_000L, 5_000_000_000L),
                Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999_999_999)),
                Arbitraries.longs().between(1, 999_999_999_999_999L),
                Arbitraries.longs().between(0, 200_000),
                Arbitraries.integers().between(0, 999_999_999)
        ).as((seconds, nanos, minor, recordedOffset, recordedNanos) -> new SeriesPayment(paymentId(0),
                Instant.ofEpochSecond(seconds, nanos), new Money(BigDecimal.valueOf(minor, 3), BHD),
                Instant.parse("2030-01-01T00:00:00Z").plusSeconds(recordedOffset).plusNanos(recordedNanos)));
        return payment.list().ofMaxSize(60).map(list -> {
            List<SeriesPayment> distinct = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                SeriesPayment p = list.get(i);
                distinct.add(new SeriesPayment(paymentId(i * 7919L + 13), p.paymentTimestamp(), p.amount(), p.recordedAt()));
            }
            return SeriesHistory.of(distinct);
        });
    }

    private static SeriesPayment payment(long n, Instant at, String amount, CurrencyCode currency, Instant recordedAt) {
        return new SeriesPayment(paymentId(n), at, new Money(new BigDecimal(amount), currency), recordedAt);
    }

    /** Real ids are 128 random bits: every character varies, as here. */
    static PaymentId paymentId(long n) {
        StringBuilder id = new StringBuilder(PaymentId.PREFIX);
        java.util.Random random = new java.util.Random(n);
        for (int i = 0; i < 26; i++) {
            id.append(ALPHABET.charAt(random.nextInt(32)));
        }
        return new PaymentId(id.toString());
    }
}
