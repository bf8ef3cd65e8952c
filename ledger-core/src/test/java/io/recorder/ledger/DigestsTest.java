package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DigestsTest {

    /** RFC 4648 base32 test vectors, mapped to the lower-case Crockford alphabet (no padding). */
    @ParameterizedTest(name = "\"{0}\" -> {2}")
    @CsvSource({
            "f, 2, cr",
            "foobar, 10, csqpyrk1e8"})
    void base32_matches_the_rfc_vectors_in_crockford_spelling(String input, int length, String expected) {
        assertThat(Digests.base32(input.getBytes(StandardCharsets.US_ASCII), length)).isEqualTo(expected);
    }

    @Test
    void base32_reads_whole_bytes_msb_first_and_pads_with_zero_bits() {
        assertThat(Digests.base32(new byte[] {(byte) 0xff}, 2)).isEqualTo("zw");
        assertThat(Digests.base32(new byte[] {0}, 2)).isEqualTo("00");
        assertThat(Digests.base32(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 8))
                .isEqualTo("zzzzzzzz");
    }

    @Test
    void sha256_ends_every_part_with_a_nul_separator() {
        assertThat(Digests.hex(Digests.sha256()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Digests.hex(Digests.sha256("abc")))
                .isEqualTo("dc1114cd074914bd872cc1f9a23ec910ea2203bc79779ab2e17da25782a624fc");
        assertThat(Digests.hex(Digests.sha256("a", "bc")))
                .isEqualTo("aa795aa4bbb6117911ef062e271bcb05ccfd58ea439da7d46a44e3a3fcefa790")
                .isNotEqualTo(Digests.hex(Digests.sha256("ab", "c")));
    }

    @Test
    void ids_are_the_first_130_bits_of_the_digest() {
        assertThat(Digests.base32(Digests.sha256("abc"), 26)).isEqualTo("vg8h9k8794abv1scr7wt4fp923");
    }

    @Test
    void hex_is_lower_case_with_leading_zeros() {
        assertThat(Digests.hex(new byte[] {0, 15, (byte) 0xab})).isEqualTo("000fab");
    }

    /** The hex encoding before HexFormat: two Character.forDigit per byte. */
    static String formerHex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
        }
        return out.toString();
    }

    @Property(tries = 500)
    void hex_is_what_the_former_encoding_wrote(@ForAll @Size(max = 40) byte[] bytes) {
        assertThat(Digests.hex(bytes)).isEqualTo(formerHex(bytes));
    }

    @Test
    void hex_of_digests_is_what_the_former_encoding_wrote() {
        for (String input : new String[] {"", "abc", "v1\u00002024-08-01T12:34:56Z", "Gym", "\u00e9t\u00e9 \ud83d\ude00"}) {
            byte[] digest = Digests.sha256(input);
            assertThat(Digests.hex(digest)).isEqualTo(formerHex(digest)).hasSize(64);
        }
    }

    @Property(tries = 500)
    void a_prefixed_base32_is_the_prefix_and_the_plain_base32(
            @ForAll @Size(max = 40) byte[] bytes, @ForAll @StringLength(max = 5) String prefix) {
        assertThat(Digests.base32(prefix, bytes, 26)).isEqualTo(prefix + Digests.base32(bytes, 26));
    }

    @Test
    void derived_ids_are_unchanged() {
        // Written by the former implementation (concatenated prefix, regex-checked records).
        assertThat(PaymentId.derive(new ClientId("acme"), "idempotency-key", "k-1").value())
                .isEqualTo("pay_" + Digests.base32(Digests.sha256("acme", "idempotency-key", "k-1"), 26));
        assertThat(Digests.base32("pay_", Digests.sha256("abc"), 26)).isEqualTo("pay_vg8h9k8794abv1scr7wt4fp923");
    }

    static final Pattern FORMER_PAYMENT_ID = Pattern.compile("pay_[0-9a-hjkmnp-tv-z]{26}");

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "pay_", "pay_vg8h9k8794abv1scr7wt4fp923", "pay_0123456789abcdefghjkmnpqrs",
            "pay_vwxyzvwxyzvwxyzvwxyzvwxyz", "pay_0123456789abcdefghjkmnpqr", "pay_0123456789abcdefghjkmnpqrst",
            "PAY_0123456789abcdefghjkmnpqrs", "pay_0123456789ABCDEFGHJKMNPQRS", "pay_0123456789abcdefghijklmnop",
            "pay_0123456789abcdefghjkmnpqro", "pay_0123456789abcdefghjkmnpqru", "pay_0123456789abcdefghjkmnpq/s",
            "pay_0123456789abcdefghjkmnpq:s", "pay_0123456789abcdefghjkmnpq`s", "pay_0123456789abcdefghjkmnpq{s",
            "ser_0123456789abcdefghjkmnpqrs", "pay_0123456789abcdefghjkmnpqrs\n", "../pay_0123456789abcdefghjkmn",
            "pay_0123456789abcdefghjkmnpq\u0661s", "pay_0123456789abcdefghjkmnpq\uff41s"})
    void an_id_is_recognised_as_the_former_pattern_recognised_it(String candidate) {
        assertThat(Digests.isBase32Id(candidate, "pay_", 26)).isEqualTo(FORMER_PAYMENT_ID.matcher(candidate).matches());
    }

    /** Tails of 25 to 27 Crockford characters, half of them with one character (any Latin-1 one) replaced. */
    @Provide
    Arbitrary<String> idLikeTails() {
        Arbitrary<String> valid = Arbitraries.strings().withChars("0123456789abcdefghjkmnpqrstvwxyz").ofMinLength(25).ofMaxLength(27);
        Arbitrary<Character> other = Arbitraries.chars().range('\u0000', '\u00ff');
        return Combinators.combine(valid, other, Arbitraries.integers().between(0, 24), Arbitraries.of(true, false))
                .as((tail, c, at, replace) -> replace ? tail.substring(0, at) + c + tail.substring(at + 1) : tail);
    }

    @Property(tries = 2000)
    void any_id_is_recognised_as_the_former_pattern_recognised_it(@ForAll("idLikeTails") String tail) {
        String candidate = "pay_" + tail;
        assertThat(Digests.isBase32Id(candidate, "pay_", 26)).isEqualTo(FORMER_PAYMENT_ID.matcher(candidate).matches());
    }

    /** The digest before it was reused per thread: a new MessageDigest, each part's getBytes(UTF_8), a NUL after each. */
    static byte[] formerSha256(String... parts) throws Exception {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        for (String part : parts) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return digest.digest();
    }

    @Test
    void sha256_is_what_the_former_digest_gave_for_ascii_unicode_and_long_parts() throws Exception {
        String[][] inputs = {
                {}, {""}, {"", ""}, {"v1", "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"},
                {"perf", "content", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
                {"caf\u00e9", "\u30b8\u30e0", "\ud83d\ude00 plan", "ascii then \u00e9"},
                {"a".repeat(255), "b".repeat(256), "c".repeat(257), "\u00e9".repeat(300)},
                {"a".repeat(256) + "\u00e9", "\u007f\u0080", "\ud800"}};
        for (String[] parts : inputs) {
            assertThat(Digests.sha256(parts)).as(String.join("|", parts)).isEqualTo(formerSha256(parts));
        }
    }

    @Property(tries = 500)
    void sha256_is_what_the_former_digest_gave(@ForAll @Size(max = 4) java.util.List<@StringLength(max = 300) String> parts)
            throws Exception {
        String[] array = parts.toArray(new String[0]);
        assertThat(Digests.sha256(array)).isEqualTo(formerSha256(array));
    }
}
