package io.recorder.query;

import io.recorder.dynamodb.SeriesProjections.DueRange;
import io.recorder.ledger.recurring.Cadence;
import io.recorder.ledger.recurring.CadenceDetector;
import io.recorder.ledger.recurring.RecurringSeriesFold;
import io.recorder.ledger.recurring.Schedule;
import io.recorder.ledger.recurring.SeriesStatus;
import io.recorder.ledger.recurring.SeriesSummary;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which byDue positions can hold a series of a given status on a given day, so that a status filter
 * reads a key range instead of every recurring series (ADR 0001, ADR 0008).
 *
 * <p>Derived from how {@link RecurringSeriesFold} sets the dates {@link SeriesSummary#statusAsOf} compares
 * with today {@code T}. A dated series (regular cadence, next expected date {@code nx}) has
 * {@code lateAfter = nx + tolerance} and {@code stoppedAfter = expected(2) + tolerance}, where
 * {@code expected(2) − nx} is one period of its schedule. Over the regular cadences the tolerance is
 * {@link #MIN_TOLERANCE}..{@link #MAX_TOLERANCE} days and period + tolerance is {@link #MIN_STOP_GAP}..{@link #MAX_STOP_GAP}
 * (weekly 7 + 1 .. yearly 366 + 7), so:
 * <ul>
 *   <li>ACTIVE: {@code T ≤ lateAfter ≤ nx + 7}, so {@code nx ≥ T − 7}; or no date (irregular, not stopped);</li>
 *   <li>LATE: {@code T > lateAfter ≥ nx + 1} and {@code T ≤ stoppedAfter ≤ nx + 373}: {@code T − 373 ≤ nx < T − 1}; never undated;</li>
 *   <li>STOPPED: {@code T > stoppedAfter ≥ nx + 8}, so {@code nx < T − 8}; or no date (irregular, silent too long);</li>
 *   <li>EARLY: fewer than {@link CadenceDetector#MIN_PAYMENTS} payments, which the detector calls UNKNOWN,
 *       without a date: only undated positions.</li>
 * </ul>
 * Each bound is reached by some series, so none is tighter without the cadence in the key. The filter
 * is still applied to every summary read: the ranges only decide what is read.
 */
final class StatusDueRanges {
    /** Eight years, two of them leap years: the test checks they give the bounds of a whole 400-year Gregorian cycle. */
    static final YearMonth SWEPT_FROM = YearMonth.of(2000, 1);
    static final int SWEPT_MONTHS = 8 * 12;

    private static final List<Cadence> REGULAR = Arrays.stream(Cadence.values()).filter(Cadence::isRegular).toList();
    /** The fewest days from the next expected date to the late-after date: a weekly series' tolerance, 1. */
    static final int MIN_TOLERANCE = REGULAR.stream().mapToInt(Cadence::toleranceDays).min().orElseThrow();
    /** The most days from the next expected date to the late-after date: a yearly series' tolerance, 7. */
    static final int MAX_TOLERANCE = REGULAR.stream().mapToInt(Cadence::toleranceDays).max().orElseThrow();
    /** The fewest days from the next expected date to the stopped-after date: a weekly series' 7 + 1. */
    static final int MIN_STOP_GAP = REGULAR.stream().mapToInt(c -> minPeriodDays(c) + c.toleranceDays()).min().orElseThrow();
    /** The most days from the next expected date to the stopped-after date: a yearly series' 366 + 7. */
    static final int MAX_STOP_GAP = REGULAR.stream().mapToInt(c -> maxPeriodDays(c) + c.toleranceDays()).max().orElseThrow();

    private StatusDueRanges() {
    }

    /** The positions, in byDue order, that hold every series whose status is {@code status} on {@code today}. */
    static List<DueRange> of(SeriesStatus status, LocalDate today) {
        return switch (status) {
            case EARLY -> List.of(DueRange.undated());
            case ACTIVE -> List.of(DueRange.dueFrom(today.minusDays(MAX_TOLERANCE)));
            case LATE -> List.of(DueRange.due(today.minusDays(MAX_STOP_GAP), today.minusDays(MIN_TOLERANCE)));
            case STOPPED -> List.of(DueRange.dueBefore(today.minusDays(MIN_STOP_GAP)), DueRange.undated());
        };
    }

    /** The dated positions of series not STOPPED on {@code today} and due on or before {@code through}: the upcoming read. */
    static DueRange notStoppedThrough(LocalDate today, LocalDate through) {
        return DueRange.due(today.minusDays(MAX_STOP_GAP), through.plusDays(1));
    }

    /** One period of a week-based cadence; for a month-based one, the shortest {@code expected(2) − expected(1)} of any schedule. */
    static int minPeriodDays(Cadence cadence) {
        return cadence.periodDays() > 0 ? cadence.periodDays() : periodDays(cadence, SWEPT_FROM, SWEPT_MONTHS).min().orElseThrow();
    }

    static int maxPeriodDays(Cadence cadence) {
        return cadence.periodDays() > 0 ? cadence.periodDays() : periodDays(cadence, SWEPT_FROM, SWEPT_MONTHS).max().orElseThrow();
    }

    /** {@code expected(2) − expected(1)} of the month-based schedules of every anchor day, positioned at each of {@code months} months. */
    static IntStream periodDays(Cadence cadence, YearMonth from, int months) {
        return IntStream.range(0, months).flatMap(m -> IntStream.rangeClosed(1, 31).map(anchor -> {
            Schedule schedule = new Schedule.EveryMonths(cadence, from.plusMonths(m), anchor);
            return (int) ChronoUnit.DAYS.between(schedule.expected(1), schedule.expected(2));
        }));
    }
}
