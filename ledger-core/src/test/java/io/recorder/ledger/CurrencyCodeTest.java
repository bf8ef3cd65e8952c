package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CurrencyCodeTest {

    @ParameterizedTest(name = "\"{0}\" -> {1} ({2} minor units)")
    @CsvSource(delimiter = '|', textBlock = """
            USD              | USD | 2
            usd              | USD | 2
            Dollars          | USD | 2
            dollar           | USD | 2
            US  Dollars      | USD | 2
            euro             | EUR | 2
            POUNDS STERLING  | GBP | 2
            Yen              | JPY | 0
            KWD              | KWD | 3
            bhd              | BHD | 3
            CLF              | CLF | 4
            """)
    void codes_and_aliases_resolve_with_their_minor_units(String input, String code, int minorUnits) {
        assertThat(CurrencyCode.resolve(input)).contains(new CurrencyCode(code, minorUnits));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "ABC", "840", "XAU", "XXX", "XTS", "XDR", "us", "dollars!", "Canadian dollars"})
    void non_payment_currencies_do_not_resolve(String input) {
        assertThat(CurrencyCode.resolve(input)).isEmpty();
    }

    /** ISO 4217 codes are ASCII; upper-casing must not turn a lookalike into one (U+017F long s becomes S, U+0131 dotless i becomes I). */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"u\u017Fd", "\u0131nr", "\u0131sk"})
    void non_ascii_lookalikes_do_not_resolve(String input) {
        assertThat(CurrencyCode.resolve(input)).isEmpty();
    }

    @Test
    void null_does_not_resolve() {
        assertThat(CurrencyCode.resolve(null)).isEmpty();
    }

    @Test
    void every_alias_is_reachable_and_names_a_payment_currency() {
        CurrencyCode.ALIASES.forEach((alias, code) -> {
            assertThat(alias).as("aliases are matched after folding").isEqualTo(alias.strip().toLowerCase(Locale.ROOT));
            assertThat(CurrencyCode.resolve(alias)).as(alias).map(CurrencyCode::code).contains(code);
        });
    }

    @Test
    void resolution_ignores_the_default_locale() {
        // Surefire runs with a Turkish default locale, where "i".toUpperCase() is "İ".
        Locale previous = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(CurrencyCode.resolve("inr")).map(CurrencyCode::code).contains("INR");
            assertThat(CurrencyCode.resolve("chf")).map(CurrencyCode::code).contains("CHF");
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void of_refuses_what_resolve_does_not_know() {
        assertThat(CurrencyCode.of("usd")).hasToString("USD");
        assertThatThrownBy(() -> CurrencyCode.of("XAU")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void minor_units_outside_iso_range_are_refused() {
        assertThatThrownBy(() -> new CurrencyCode("USD", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CurrencyCode("USD", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** CurrencyCode.resolve before its regexes were written by hand (same lookups after the folding). */
    static java.util.Optional<CurrencyCode> formerResolve(String input) {
        String folded = input.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        if (!CurrencyCode.ALIASES.containsKey(folded) && !folded.matches("[a-z]{3}")) {
            return java.util.Optional.empty();
        }
        return CurrencyCode.resolve(CurrencyCode.ALIASES.getOrDefault(folded, folded.toUpperCase(Locale.ROOT)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "USD", " usd ", "uSd", "Dollars", "US  Dollars", "us\tdollars", "us\u000B\fdollars",
            "us\u00A0dollars", "pounds\r\n sterling", "\u2003EUR\u2003", "\u3000yen", "XAU", "XTS", "abc", "ab", "abcd",
            "a\u00DFc", "u\u017Fd", "\u0131nr", "US$", "\uD835\uDC00bc", "dollars!", "Canadian dollars", "chf\n"})
    void resolution_is_what_it_was_with_the_regexes(String input) {
        assertThat(CurrencyCode.resolve(input)).isEqualTo(formerResolve(input));
    }
}
