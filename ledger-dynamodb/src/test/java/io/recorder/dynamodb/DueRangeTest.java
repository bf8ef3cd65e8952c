package io.recorder.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recorder.dynamodb.SeriesProjections.DueRange;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.SeriesId;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** byDue ranges speak in dates; a bare date bounds the positions of whole days, and the undated sort last. */
class DueRangeTest {
    private static final SeriesId SERIES = SeriesId.of(new ClientId("acme"), new Description("Gym"), CurrencyCode.of("USD"));
    private static final LocalDate DAY = LocalDate.of(2024, 12, 12);
    private static final String UNDATED = LedgerTable.dueSk(Optional.empty(), SERIES);

    private static String due(LocalDate date) {
        return LedgerTable.dueSk(Optional.of(date), SERIES);
    }

    @Test
    void due_before_a_day_holds_the_days_before_it_and_neither_that_day_nor_the_undated() {
        DueRange before = DueRange.dueBefore(DAY);

        assertThat(before.contains(due(DAY.minusDays(1)))).isTrue();
        assertThat(before.contains(due(DAY))).isFalse();
        assertThat(before.contains(UNDATED)).isFalse();
    }

    @Test
    void due_from_a_day_holds_that_day_later_ones_and_the_undated() {
        DueRange from = DueRange.dueFrom(DAY);

        assertThat(from.contains(due(DAY.minusDays(1)))).isFalse();
        assertThat(from.contains(due(DAY))).isTrue();
        assertThat(from.contains(due(DAY.plusYears(3)))).isTrue();
        assertThat(from.contains(UNDATED)).isTrue();
    }

    @Test
    void a_dated_range_includes_its_first_day_and_excludes_its_end_and_the_undated_range_holds_no_date() {
        DueRange week = DueRange.due(DAY, DAY.plusDays(7));

        assertThat(week.contains(due(DAY))).isTrue();
        assertThat(week.contains(due(DAY.plusDays(6)))).isTrue();
        assertThat(week.contains(due(DAY.plusDays(7)))).isFalse();
        assertThat(DueRange.undated().contains(UNDATED)).isTrue();
        assertThat(DueRange.undated().contains(due(LocalDate.of(9999, 12, 31)))).isFalse();
    }

    @Test
    void ranges_read_together_must_ascend_without_overlapping() {
        SeriesProjections projections = new SeriesProjections(null);
        ClientId client = new ClientId("acme");

        assertThatThrownBy(() -> projections.recurring(client, List.of(DueRange.undated(), DueRange.dueBefore(DAY)),
                Optional.empty(), s -> true, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> projections.recurring(client, List.of(DueRange.dueFrom(DAY), DueRange.undated()),
                Optional.empty(), s -> true, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DueRange.due(DAY, DAY.minusDays(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
