package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
