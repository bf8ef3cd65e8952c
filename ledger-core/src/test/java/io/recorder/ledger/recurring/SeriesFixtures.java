package io.recorder.ledger.recurring;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Test data: payment ids, dates at noon UTC, series of dates and entries. */
final class SeriesFixtures {
    static final ClientId CLIENT = new ClientId("client-1");
    static final CurrencyCode USD = CurrencyCode.of("USD");
    static final SeriesId GYM = SeriesId.of(CLIENT, new Description("Gym"), USD);
    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

    private SeriesFixtures() {
    }

    /** A valid, distinct payment id per number; ids sort like the numbers. */
    static PaymentId paymentId(long n) {
        StringBuilder digits = new StringBuilder();
        long rest = n;
        for (int i = 0; i < 26; i++) {
            digits.append(ALPHABET.charAt((int) (rest & 31)));
            rest >>>= 5;
        }
        return new PaymentId(PaymentId.PREFIX + digits.reverse());
    }

    static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    static Instant noon(LocalDate date) {
        return date.atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    static Instant noon(String iso) {
        return noon(date(iso));
    }

    static List<LocalDate> dates(String... iso) {
        return java.util.Arrays.stream(iso).map(LocalDate::parse).toList();
    }

    static List<LocalDate> generate(int count, IntFunction<LocalDate> nth) {
        List<LocalDate> dates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            dates.add(nth.apply(i));
        }
        return dates;
    }

    static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    static SeriesPayment entry(long id, LocalDate date, String amount) {
        return new SeriesPayment(paymentId(id), noon(date), usd(amount), noon(date).plusSeconds(60));
    }

    /** One payment per date, all of {@code amount}, ids 1..n in date order. */
    static SeriesHistory history(List<LocalDate> dates, String amount) {
        SeriesHistory history = SeriesHistory.empty();
        for (int i = 0; i < dates.size(); i++) {
            history = history.with(entry(i + 1, dates.get(i), amount));
        }
        return history;
    }

    static PaymentRecorded payment(long id, ClientId client, String description, Instant at, Money amount, Instant recordedAt) {
        Description text = new Description(description);
        return new PaymentRecorded(paymentId(id), client, SeriesId.of(client, text, amount.currency()), at, text,
                amount, recordedAt, "fp-" + id);
    }
}
