package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written helpers give what the regexes they replace gave. */
class TextsTest {
    /** What CurrencyCode.resolve and Description.folded used to call. */
    static final Pattern FORMER_ASCII_RUNS = Pattern.compile("\\s+");
    static final Pattern FORMER_SPACE_RUNS = Pattern.compile("[\\p{Z}\\s]+");

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "  ", "usd", "us dollars", "us  dollars", " us \t dollars ", "\t", "a\u000Bb",
            "a\u00A0b", "a\u00A0 \u2003b", "a\u2028\u2029b", "\u3000gym\u3000", "a\u0085b", "a\u200Bb", "\uD83D\uDE00 \uD83D\uDE00",
            "\uD800 \uDC00", "a\fb\rc\nd"})
    void runs_collapse_as_the_former_regexes_collapsed_them(String text) {
        assertThat(Texts.collapseSpaceRuns(text, Texts::isAsciiWhitespace)).isEqualTo(FORMER_ASCII_RUNS.matcher(text).replaceAll(" "));
        assertThat(Texts.collapseSpaceRuns(text, TextsTest::formerSpace)).isEqualTo(FORMER_SPACE_RUNS.matcher(text).replaceAll(" "));
    }

    @Provide
    Arbitrary<String> spacedTexts() {
        return Arbitraries.strings()
                .withChars("ab \t\n\u000B\f\r\u00A0\u1680\u2000\u200A\u2028\u2029\u202F\u205F\u3000\u0085\u200B\u001C\uFEFF")
                .withCharRange('\uD800', '\uD801')
                .withCharRange('\uDC00', '\uDC01')
                .ofMaxLength(12);
    }

    @Property(tries = 2000)
    void any_text_collapses_as_the_former_regexes_collapsed_it(@ForAll("spacedTexts") String text) {
        assertThat(Texts.collapseSpaceRuns(text, Texts::isAsciiWhitespace)).isEqualTo(FORMER_ASCII_RUNS.matcher(text).replaceAll(" "));
        assertThat(Texts.collapseSpaceRuns(text, TextsTest::formerSpace)).isEqualTo(FORMER_SPACE_RUNS.matcher(text).replaceAll(" "));
    }

    @Property(tries = 500)
    void nothing_to_collapse_gives_the_same_string(@ForAll("spacedTexts") String text) {
        String collapsed = Texts.collapseSpaceRuns(text, Texts::isAsciiWhitespace);
        if (collapsed.equals(text)) {
            assertThat(collapsed).isSameAs(text);
        }
    }

    /** Description's set: {@code \p{Z}} or {@code \s}, as Description.isSpace. */
    static boolean formerSpace(int c) {
        return Character.isSpaceChar(c) || Texts.isAsciiWhitespace(c);
    }
}
