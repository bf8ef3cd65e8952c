package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "2024-08-01T12:34:56Z, 2024-08-01T12:34:56.000000000Z, 2024-08-01T12:34:56Z",
            "2024-08-01T12:34:56.5Z, 2024-08-01T12:34:56.500000000Z, 2024-08-01T12:34:56.500Z",
            "2024-08-01T12:34:56.123456789Z, 2024-08-01T12:34:56.123456789Z, 2024-08-01T12:34:56.123456789Z",
            "1970-01-01T00:00:00Z, 1970-01-01T00:00:00.000000000Z, 1970-01-01T00:00:00Z"})
    void instants_are_written_sortable_and_canonical(String instant, String sortable, String canonical) {
        assertThat(Timestamps.sortable(Instant.parse(instant))).isEqualTo(sortable).hasSize(30);
        assertThat(Timestamps.canonical(Instant.parse(instant))).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
            "2024-08-01T12:34:56Z, 2024-08-01T12:34:56.5Z",
            "2024-08-01T12:34:56.999999999Z, 2024-08-01T12:34:57Z",
            "1999-12-31T23:59:59Z, 2000-01-01T00:00:00Z"})
    void sortable_text_orders_like_time(String earlier, String later) {
        assertThat(Timestamps.sortable(Instant.parse(earlier))).isLessThan(Timestamps.sortable(Instant.parse(later)));
    }

    /** What both forms were before they were written by hand: the JDK's formatters. */
    static final DateTimeFormatter JDK_SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000001Z", "1970-01-01T00:00:59.999999999Z",
            "1972-02-29T23:59:59Z", "2000-02-29T12:00:00.010Z", "2024-08-01T12:34:00Z", "2024-08-01T12:00:00.000100Z",
            "2024-12-31T23:59:59.999Z", "2100-03-01T00:00:00.000001Z", "9999-12-31T23:59:59.999999999Z",
            "1969-12-31T23:59:59.5Z", "0001-01-01T00:00:00Z", "-0001-06-15T10:00:00Z", "+10000-01-01T00:00:00Z"})
    void both_forms_are_what_the_jdk_writes(String text) {
        Instant instant = Instant.parse(text);
        assertThat(Timestamps.canonical(instant)).isEqualTo(instant.toString());
        assertThat(Timestamps.sortable(instant)).isEqualTo(JDK_SORTABLE.format(instant));
    }

    @Property(tries = 2000)
    void both_forms_are_what_the_jdk_writes_for_any_instant(
            @ForAll @LongRange(min = -100_000_000_000L, max = 300_000_000_000L) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nano,
            @ForAll @IntRange(min = 0, max = 2) int roundTo) {
        // Whole milli- and microseconds too: they take the shorter canonical forms.
        int rounded = roundTo == 0 ? nano : roundTo == 1 ? nano / 1_000 * 1_000 : nano / 1_000_000 * 1_000_000;
        Instant instant = Instant.ofEpochSecond(seconds, rounded);
        assertThat(Timestamps.canonical(instant)).isEqualTo(instant.toString());
        assertThat(Timestamps.sortable(instant)).isEqualTo(JDK_SORTABLE.format(instant));
    }
}
