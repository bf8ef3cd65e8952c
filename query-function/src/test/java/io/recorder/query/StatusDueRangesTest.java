package io.recorder.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.SeriesProjections.DueRange;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.Cadence;
import io.recorder.ledger.recurring.RecurringSeriesFold;
import io.recorder.ledger.recurring.SeriesHistory;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesStatus;
import io.recorder.ledger.recurring.SeriesSummary;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The byDue ranges a status filter reads hold every series of that status, and are no wider than
 * some series needs: checked against the real fold over series of every cadence, day by day.
 */
class StatusDueRangesTest {
    private static final ClientId CLIENT = new ClientId("acme");
    private static final CurrencyCode USD = CurrencyCode.of("USD");

    @Test
    void the_gaps_are_a_weekly_and_a_yearly_series_tolerance_and_period() {
        assertThat(StatusDueRanges.MIN_TOLERANCE).isEqualTo(1);
        assertThat(StatusDueRanges.MAX_TOLERANCE).isEqualTo(7);
        assertThat(StatusDueRanges.MIN_STOP_GAP).isEqualTo(7 + 1);
        assertThat(StatusDueRanges.MAX_STOP_GAP).isEqualTo(366 + 7);
    }

    @ParameterizedTest
    @EnumSource(value = Cadence.class, names = {"MONTHLY", "QUARTERLY", "YEARLY"})
    void eight_swept_years_give_the_period_bounds_of_a_whole_gregorian_cycle(Cadence cadence) {
        var cycle = StatusDueRanges.periodDays(cadence, YearMonth.of(1600, 1), 400 * 12).summaryStatistics();

        assertThat(StatusDueRanges.minPeriodDays(cadence)).isEqualTo(cycle.getMin());
        assertThat(StatusDueRanges.maxPeriodDays(cadence)).isEqualTo(cycle.getMax());
    }

    @Test
    void every_series_of_a_status_lies_in_that_status_ranges_and_each_bound_is_reached() {
        // Per status, the fewest and most days from today to the next expected date seen among series of that status.
        Map<SeriesStatus, long[]> seen = new EnumMap<>(SeriesStatus.class);
        int checked = 0;
        for (SeriesSummary summary : summaries()) {
            String position = LedgerTable.dueSk(summary.nextExpectedDate(), summary.seriesId());
            LocalDate from = summary.nextExpectedDate().orElse(LocalDate.ofInstant(summary.lastPaymentAt(), ZoneOffset.UTC));
            for (LocalDate today = from.minusDays(15); today.isBefore(from.plusDays(400)); today = today.plusDays(1)) {
                SeriesStatus status = summary.statusAsOf(today.atTime(12, 0).toInstant(ZoneOffset.UTC));
                List<DueRange> ranges = StatusDueRanges.of(status, today);
                assertThat(ranges).as("%s %s on %s", status, position, today).anyMatch(range -> range.contains(position));
                checked++;
                if (summary.nextExpectedDate().isPresent() && status != SeriesStatus.STOPPED) {
                    assertThat(StatusDueRanges.notStoppedThrough(today, summary.nextExpectedDate().get()).contains(position))
                            .as("upcoming %s on %s", position, today).isTrue();
                }
                if (summary.nextExpectedDate().isPresent()) {
                    long days = ChronoUnit.DAYS.between(today, summary.nextExpectedDate().get());
                    long[] span = seen.computeIfAbsent(status, s -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                    span[0] = Math.min(span[0], days);
                    span[1] = Math.max(span[1], days);
                }
            }
        }

        assertThat(checked).isGreaterThan(100_000);
        assertThat(seen.get(SeriesStatus.ACTIVE)[0]).isEqualTo(-StatusDueRanges.MAX_TOLERANCE);
        assertThat(seen.get(SeriesStatus.LATE)[0]).isEqualTo(-StatusDueRanges.MAX_STOP_GAP);
        assertThat(seen.get(SeriesStatus.LATE)[1]).isEqualTo(-StatusDueRanges.MIN_TOLERANCE - 1);
        assertThat(seen.get(SeriesStatus.STOPPED)[1]).isEqualTo(-StatusDueRanges.MIN_STOP_GAP - 1);
        assertThat(seen).doesNotContainKey(SeriesStatus.EARLY); // series paid twice have no date
    }

    @Test
    void stopped_reads_the_dated_range_then_the_undated_one_in_index_order() {
        LocalDate today = LocalDate.of(2024, 12, 20);

        assertThat(StatusDueRanges.of(SeriesStatus.STOPPED, today)).containsExactly(
                DueRange.dueBefore(LocalDate.of(2024, 12, 12)), DueRange.undated());
        assertThat(StatusDueRanges.of(SeriesStatus.LATE, today)).containsExactly(
                DueRange.due(LocalDate.of(2023, 12, 13), LocalDate.of(2024, 12, 19)));
        assertThat(StatusDueRanges.of(SeriesStatus.ACTIVE, today)).containsExactly(DueRange.dueFrom(LocalDate.of(2024, 12, 13)));
        assertThat(StatusDueRanges.of(SeriesStatus.EARLY, today)).containsExactly(DueRange.undated());
    }

    /** On-schedule series of every regular cadence, starting on every day of two years (one leap), plus irregular and early ones. */
    private static List<SeriesSummary> summaries() {
        List<SeriesSummary> out = new ArrayList<>();
        LocalDate first = LocalDate.of(2023, 1, 1);
        for (LocalDate start = first; start.isBefore(first.plusYears(2)); start = start.plusDays(1)) {
            out.add(summary(start, 4, d -> d.plusWeeks(1)));
            out.add(summary(start, 3, d -> d.plusWeeks(2)));
            out.add(summary(start, 3, d -> d.plusYears(1)));
            if (start.getDayOfMonth() >= 26 || start.getDayOfMonth() % 9 == 1) { // the anchors that clamp, and a few others
                out.add(summary(start, 4, d -> d.plusMonths(1)));
                out.add(summary(start, 3, d -> d.plusMonths(3)));
            }
        }
        for (int i = 0; i < 40; i++) {
            LocalDate start = first.plusDays(11L * i);
            out.add(summary(List.of(start, start.plusDays(3), start.plusDays(40 + i), start.plusDays(41 + i), start.plusDays(100 + 2L * i))));
            out.add(summary(List.of(start, start.plusDays(1 + i))));
        }
        List<Cadence> cadences = out.stream().map(SeriesSummary::cadence).distinct().toList();
        assertThat(cadences).containsExactlyInAnyOrder(Cadence.values()); // every cadence, IRREGULAR and UNKNOWN included
        return out;
    }

    private static SeriesSummary summary(LocalDate start, int count, UnaryOperator<LocalDate> next) {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate date = start; dates.size() < count; date = next.apply(date)) {
            dates.add(date);
        }
        return summary(dates);
    }

    private static SeriesSummary summary(List<LocalDate> dates) {
        List<SeriesPayment> payments = new ArrayList<>();
        for (LocalDate date : dates) {
            String digits = Integer.toString(payments.size() + 1);
            var at = date.atTime(9, 0).toInstant(ZoneOffset.UTC);
            payments.add(new SeriesPayment(new PaymentId(PaymentId.PREFIX + "0".repeat(26 - digits.length()) + digits),
                    at, new Money(java.math.BigDecimal.TEN, USD), at));
        }
        SeriesId series = SeriesId.of(CLIENT, new Description("Series " + dates.get(0) + " " + dates.size()), USD);
        return RecurringSeriesFold.summarize(CLIENT, series, "Series", USD, SeriesHistory.of(payments),
                dates.get(0).atStartOfDay().toInstant(ZoneOffset.UTC)).summary();
    }
}
