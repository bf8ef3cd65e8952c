package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.ledger.testing.MutableClock;
import io.recorder.ledger.testing.PaymentFields;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Requests that mean the same payment have the same fingerprint, however they spell it. */
class FingerprintPropertiesTest {

    final PaymentValidator validator = new PaymentValidator(MutableClock.fixedAt("2025-01-15T10:00:00Z"));

    @Provide
    Arbitrary<String> usDollarSpellings() {
        return Arbitraries.of("USD", "usd", "Usd", "uSD", " USD ", "Dollars", "dollars", "DOLLARS", "dollar",
                "US Dollars", "us dollars", "  US   DOLLARS ");
    }

    @Provide
    Arbitrary<BigDecimal> usdAmounts() {
        // 0.01 .. 999,999,999,999.99 with 0..2 fraction digits
        return Arbitraries.longs().between(1, 99_999_999_999_999L)
                .map(cents -> BigDecimal.valueOf(cents, 2).stripTrailingZeros());
    }

    @Property(tries = 300)
    void fingerprint_ignores_currency_spelling_and_trailing_zeros(
            @ForAll("usDollarSpellings") String spelling,
            @ForAll("usdAmounts") BigDecimal amount,
            @ForAll @IntRange(min = 0, max = 6) int extraZeros,
            @ForAll boolean amountAsString) {
        String plain = amount.toPlainString();
        String padded = amount.setScale(Math.max(amount.scale(), 0) + extraZeros).toPlainString();
        PaymentFields canonical = PaymentFields.example().text("currency", "USD").number("amount", plain);
        PaymentFields variant = PaymentFields.example().text("currency", spelling);
        variant = amountAsString ? variant.text("amount", padded) : variant.number("amount", padded);

        assertThat(fingerprint(variant)).isEqualTo(fingerprint(canonical));
    }

    @Property(tries = 200)
    void fingerprint_ignores_the_offset_the_instant_was_written_in(
            @ForAll @LongRange(min = 0, max = 1_736_000_000L) long epochSecond,
            @ForAll @IntRange(min = -14 * 4, max = 14 * 4) int quarterHours) {
        Instant instant = Instant.ofEpochSecond(epochSecond);
        String utc = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
        String offset = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                instant.atOffset(ZoneOffset.ofTotalSeconds(quarterHours * 15 * 60)));

        assertThat(fingerprint(PaymentFields.example().text("paymentTimestamp", offset)))
                .isEqualTo(fingerprint(PaymentFields.example().text("paymentTimestamp", utc)));
    }

    @Property(tries = 200)
    void different_amounts_have_different_fingerprints(
            @ForAll("usdAmounts") BigDecimal a, @ForAll("usdAmounts") BigDecimal b) {
        PaymentFields first = PaymentFields.example().number("amount", a.toPlainString());
        PaymentFields second = PaymentFields.example().number("amount", b.toPlainString());

        assertThat(fingerprint(first).equals(fingerprint(second))).isEqualTo(a.compareTo(b) == 0);
    }

    String fingerprint(PaymentFields fields) {
        PaymentValidator.Result result = validator.validate(fields.build());
        assertThat(result).as("%s", fields.build()).isInstanceOf(PaymentValidator.Valid.class);
        return ((PaymentValidator.Valid) result).details().fingerprint();
    }
}
