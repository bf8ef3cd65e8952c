package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
}
