package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DescriptionTest {

    static final ClientId ACME = new ClientId("acme");
    static final CurrencyCode USD = CurrencyCode.of("USD");

    static Description describe(String raw) {
        return new Description(Description.clean(raw));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"Gym", " gym ", "GYM", "gYm", "Ｇｙｍ", "\u3000Gym\u3000"})
    void spellings_of_gym_fold_to_the_same_series(String spelling) {
        Description description = describe(spelling);

        assertThat(description.folded()).isEqualTo("gym");
        assertThat(SeriesId.of(ACME, description, USD)).isEqualTo(SeriesId.of(ACME, describe("Gym"), USD));
    }

    @ParameterizedTest(name = "\"{0}\" ~ \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            Gym  Club           | gym club
            Straße              | STRASSE
            ﬁtness              | Fitness
            Café                | CAFE\u0301
            """)
    void folding_ignores_case_compatibility_forms_and_inner_whitespace(String a, String b) {
        assertThat(describe(a).folded()).isEqualTo(describe(b).folded());
    }

    @Test
    void folding_keeps_different_words_apart() {
        assertThat(describe("Gym").folded()).isNotEqualTo(describe("Gym2").folded());
        assertThat(describe("Gym Club").folded()).isNotEqualTo(describe("GymClub").folded());
    }

    @Test
    void the_series_differs_per_client_and_per_currency() {
        Description gym = describe("Gym");
        SeriesId acmeUsd = SeriesId.of(ACME, gym, USD);

        assertThat(SeriesId.of(new ClientId("globex"), gym, USD)).isNotEqualTo(acmeUsd);
        assertThat(SeriesId.of(ACME, gym, CurrencyCode.of("EUR"))).isNotEqualTo(acmeUsd);
    }

    @Test
    void the_text_is_kept_as_written_apart_from_trim_and_nfc() {
        assertThat(describe("  Gym  Club ").text()).isEqualTo("Gym  Club");
        assertThat(describe("Cafe\u0301").text()).isEqualTo("Caf\u00e9");
    }

    @Test
    void the_constructor_refuses_what_validation_refuses() {
        assertThatThrownBy(() -> new Description("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Description("a\nb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+000A");
        assertThatThrownBy(() -> new Description("a".repeat(Description.MAX_LENGTH + 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cleaning_a_long_run_of_inner_spaces_takes_linear_time() {
        // A 9 MB body of spaces between two letters: the former trimming regex backtracked for hours.
        String hostile = "a" + " ".repeat(9_000_000) + "a";

        String cleaned = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Description.clean(hostile));

        assertThat(cleaned).hasSize(9_000_002);
        assertThat(Description.problem(cleaned)).hasValueSatisfying(reason -> assertThat(reason).contains("at most"));
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {"\u00a0 Gym\u2028", "\t\u000bGym\r\n\f", "\u3000", "\u200bGym\u200b", "\u0085Gym\u0085",
            "Gym\u2029\u202f", " G y m ", "\ud83c\udfcb\ufe0f Gym \ud83c\udfcb", "", "   "})
    void trimming_removes_exactly_the_unicode_separators_and_ascii_whitespace_at_both_ends(String raw) {
        String byRegex = java.text.Normalizer.normalize(raw, java.text.Normalizer.Form.NFC).replaceAll("^[\\p{Z}\\s]+|[\\p{Z}\\s]+$", "");

        assertThat(Description.clean(raw)).isEqualTo(byRegex);
    }
}
