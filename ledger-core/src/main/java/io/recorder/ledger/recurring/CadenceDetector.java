package io.recorder.ledger.recurring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the cadence of a series from its payment dates (UTC calendar dates, in order).
 *
 * <p>For each regular cadence the detector fits a schedule (ADR 0201): week-based cadences a phase
 * (which day of the week or fortnight payments are due), month-based ones an anchor day of month
 * (31 meaning "the last day"). Every phase and every anchor day is tried and the best fit kept, so
 * one early first payment cannot skew the schedule. Among fits that score equally, the kept one has a
 * next due date within the tolerance of all of theirs where possible ({@code hedged}). Each payment is assigned to its nearest due date
 * ("slot") and gets a residual: how many days early or late it was. Each interval between
 * consecutive payments then counts as
 * <ul>
 *   <li><b>on schedule</b>: the next slot, both payments within the cadence's tolerance;</li>
 *   <li><b>missed</b> {@code k}: a later slot of the schedule, {@code k} due payments skipped;</li>
 *   <li><b>off schedule</b>: anything else (same slot twice, a slot not on the schedule, a payment
 *       outside the tolerance).</li>
 * </ul>
 * The score is {@code onSchedule / (onSchedule + missed + offSchedule)}. The best-scoring cadence wins
 * when its score is at least {@link #MIN_CONFIDENCE} with at least {@link #MIN_ON_SCHEDULE} intervals
 * on schedule; otherwise the series is {@link Cadence#IRREGULAR} with confidence {@code 1 - best score}.
 * Fewer than {@link #MIN_PAYMENTS} payments: {@link Cadence#UNKNOWN}, confidence 0.
 *
 * <p>Cost: linear in the number of payments: 7 + 14 phases and 3 × 31 anchor days, one pass of
 * integer arithmetic each (ten years of daily payments take milliseconds).
 */
public final class CadenceDetector {
    public static final int MIN_PAYMENTS = 3;
    public static final int MIN_ON_SCHEDULE = 2;
    public static final BigDecimal MIN_CONFIDENCE = new BigDecimal("0.60");

    private static final List<Cadence> CANDIDATES =
            List.of(Cadence.WEEKLY, Cadence.FORTNIGHTLY, Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.YEARLY);

    private CadenceDetector() {
    }

    /**
     * The detected cadence, its confidence (0.00..1.00, two decimals) and, for a regular cadence, the
     * schedule positioned at the last payment.
     */
    public record Detection(Cadence cadence, BigDecimal confidence, Optional<Schedule> schedule) {
        public Detection {
            Objects.requireNonNull(cadence, "cadence");
            Objects.requireNonNull(confidence, "confidence");
            Objects.requireNonNull(schedule, "schedule");
            if (confidence.scale() != 2 || confidence.signum() < 0 || confidence.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("confidence must be 0.00..1.00 with two decimals");
            }
            if (cadence.isRegular() != schedule.isPresent()) {
                throw new IllegalArgumentException("a schedule exactly when the cadence is regular");
            }
        }

        public Optional<LocalDate> nextExpectedDate() {
            return schedule.map(Schedule::nextExpected);
        }
    }

    /** @param dates payment dates in ascending order (several payments on one day allowed) */
    public static Detection detect(List<LocalDate> dates) {
        Objects.requireNonNull(dates, "dates");
        for (int i = 1; i < dates.size(); i++) {
            if (dates.get(i).isBefore(dates.get(i - 1))) {
                throw new IllegalArgumentException("dates must be in ascending order");
            }
        }
        if (dates.size() < MIN_PAYMENTS) {
            return new Detection(Cadence.UNKNOWN, confidence(0, 1), Optional.empty());
        }
        Fit best = null;
        for (Cadence candidate : CANDIDATES) {
            Fit fit = candidate.periodDays() > 0 ? fitDays(candidate, dates) : fitMonths(candidate, dates);
            if (best == null || fit.betterThan(best)) {
                best = fit;
            }
        }
        if (best.onSchedule >= MIN_ON_SCHEDULE && best.confidence().compareTo(MIN_CONFIDENCE) >= 0) {
            return new Detection(best.cadence, best.confidence(), Optional.of(best.schedule.get()));
        }
        return new Detection(Cadence.IRREGULAR, BigDecimal.ONE.setScale(2).subtract(best.confidence()), Optional.empty());
    }

    /** Tries every phase of the week-based period and keeps the one the payments fit best. */
    private static Fit fitDays(Cadence cadence, List<LocalDate> dates) {
        int period = cadence.periodDays();
        long[] days = new long[dates.size()];
        for (int i = 0; i < days.length; i++) {
            days[i] = dates.get(i).toEpochDay();
        }
        List<Fit> fits = new ArrayList<>(period);
        long[] slots = new long[days.length];
        int[] residuals = new int[days.length];
        for (int phase = 0; phase < period; phase++) {
            for (int i = 0; i < days.length; i++) {
                slots[i] = Math.floorDiv(days[i] - phase + period / 2, period);
                residuals[i] = (int) (days[i] - phase - slots[i] * period);
            }
            long lastSlot = phase + slots[slots.length - 1] * period;
            fits.add(Fit.score(cadence, slots, residuals, 1, lastSlot + period,
                    () -> new Schedule.EveryDays(cadence, LocalDate.ofEpochDay(lastSlot))));
        }
        return hedged(fits);
    }

    /**
     * Tries every anchor day (1..31) of the month-based period and keeps the one the payments fit
     * best. Each payment belongs to the nearest due date: in its own month or a neighbouring one.
     */
    private static Fit fitMonths(Cadence cadence, List<LocalDate> dates) {
        int n = dates.size();
        // Per payment, for the previous, own and next month: the month index, its first day and its length.
        long[][] monthIndex = new long[3][n];
        long[][] firstDay = new long[3][n];
        int[][] length = new int[3][n];
        long[] days = new long[n];
        for (int i = 0; i < n; i++) {
            LocalDate date = dates.get(i);
            days[i] = date.toEpochDay();
            YearMonth own = YearMonth.from(date);
            YearMonth[] months = {own.minusMonths(1), own, own.plusMonths(1)};
            for (int m = 0; m < 3; m++) {
                monthIndex[m][i] = months[m].getYear() * 12L + months[m].getMonthValue() - 1;
                firstDay[m][i] = months[m].atDay(1).toEpochDay();
                length[m][i] = months[m].lengthOfMonth();
            }
        }
        List<Fit> fits = new ArrayList<>(31);
        long[] slots = new long[n];
        int[] residuals = new int[n];
        for (int anchor = 1; anchor <= 31; anchor++) {
            for (int i = 0; i < n; i++) {
                int chosen = 1;
                long residual = days[i] - (firstDay[1][i] + Math.min(anchor, length[1][i]) - 1);
                for (int m = 0; m < 3; m += 2) {
                    long r = days[i] - (firstDay[m][i] + Math.min(anchor, length[m][i]) - 1);
                    if (Math.abs(r) < Math.abs(residual)) {
                        chosen = m;
                        residual = r;
                    }
                }
                slots[i] = monthIndex[chosen][i];
                residuals[i] = (int) residual;
            }
            YearMonth lastMonth = YearMonth.of((int) Math.floorDiv(slots[n - 1], 12), (int) Math.floorMod(slots[n - 1], 12) + 1);
            int anchorDay = anchor;
            long next = Schedule.EveryMonths.anchored(lastMonth.plusMonths(cadence.periodMonths()), anchorDay).toEpochDay();
            fits.add(Fit.score(cadence, slots, residuals, cadence.periodMonths(), next,
                    () -> new Schedule.EveryMonths(cadence, lastMonth, anchorDay)));
        }
        return hedged(fits);
    }

    /**
     * Picks one cadence's schedule among its fits (phases or anchor days, in ascending order). Fits
     * with the same score and the same number of intervals on schedule explain the payments equally
     * well, so any of them could be the series' real schedule, and their next due dates can differ
     * by more than the nearness of the payments suggests: month lengths and clamping to short months
     * stretch the gap between two anchor days (anchors 27 and 31 are 1 day apart in February but 4
     * in May). The pick hedges: its next due date must be within the cadence's tolerance of every
     * equally good fit's next due date when such a date exists, and otherwise as close to that as
     * possible ("miss": the days beyond the tolerance to the farthest one). Among those, the smallest
     * residuals win ({@link Fit#betterThan}), then the lower phase or anchor day.
     */
    private static Fit hedged(List<Fit> fits) {
        Fit top = fits.get(0);
        for (Fit fit : fits) {
            if (fit.betterThan(top)) {
                top = fit;
            }
        }
        long earliest = Long.MAX_VALUE;
        long latest = Long.MIN_VALUE;
        for (Fit fit : fits) {
            if (fit.equallyGood(top)) {
                earliest = Math.min(earliest, fit.nextEpochDay);
                latest = Math.max(latest, fit.nextEpochDay);
            }
        }
        int tolerance = top.cadence.toleranceDays();
        Fit best = null;
        long bestMiss = Long.MAX_VALUE;
        for (Fit fit : fits) {
            if (!fit.equallyGood(top)) {
                continue;
            }
            long miss = Math.max(0, Math.max(fit.nextEpochDay - earliest, latest - fit.nextEpochDay) - tolerance);
            if (best == null || miss < bestMiss || (miss == bestMiss && fit.betterThan(best))) {
                best = fit;
                bestMiss = miss;
            }
        }
        return best;
    }

    private static BigDecimal confidence(long numerator, long denominator) {
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_EVEN);
    }

    /** @param nextEpochDay the first due date after the last payment's slot (the schedule's next expected date) */
    private record Fit(Cadence cadence, long onSchedule, long missed, long offSchedule,
                       long residualSum, long residualMax, long nextEpochDay, Supplier<Schedule> schedule) {

        static Fit score(Cadence cadence, long[] slots, int[] residuals, int step, long nextEpochDay,
                         Supplier<Schedule> schedule) {
            int tolerance = cadence.toleranceDays();
            long onSchedule = 0;
            long missed = 0;
            long offSchedule = 0;
            long residualSum = 0;
            long residualMax = 0;
            for (int i = 0; i < slots.length; i++) {
                residualSum += Math.abs(residuals[i]);
                residualMax = Math.max(residualMax, Math.abs(residuals[i]));
                if (i == 0) {
                    continue;
                }
                long distance = slots[i] - slots[i - 1];
                boolean withinTolerance = Math.abs(residuals[i]) <= tolerance && Math.abs(residuals[i - 1]) <= tolerance;
                if (!withinTolerance || distance <= 0 || distance % step != 0) {
                    offSchedule++;
                } else if (distance == step) {
                    onSchedule++;
                } else {
                    missed += distance / step - 1;
                }
            }
            return new Fit(cadence, onSchedule, missed, offSchedule, residualSum, residualMax, nextEpochDay, schedule);
        }

        BigDecimal confidence() {
            long all = onSchedule + missed + offSchedule;
            return all == 0 ? BigDecimal.ZERO.setScale(2) : CadenceDetector.confidence(onSchedule, all);
        }

        /**
         * Higher score; then more intervals on schedule; then payments closer to their due dates (sum,
         * then maximum of the days early or late). Remaining ties keep the earlier candidate: the
         * shorter cadence, the lower phase or anchor day.
         */
        boolean betterThan(Fit other) {
            if (!equallyGood(other)) {
                return byScoreThenOnSchedule(other) > 0;
            }
            if (residualSum != other.residualSum) {
                return residualSum < other.residualSum;
            }
            return residualMax < other.residualMax;
        }

        /** The same score and the same number of intervals on schedule: the counts cannot tell the two apart. */
        boolean equallyGood(Fit other) {
            return byScoreThenOnSchedule(other) == 0;
        }

        private int byScoreThenOnSchedule(Fit other) {
            int byScore = Long.compare(onSchedule * other.total(), other.onSchedule * total());
            return byScore != 0 ? byScore : Long.compare(onSchedule, other.onSchedule);
        }

        private long total() {
            return Math.max(1, onSchedule + missed + offSchedule);
        }
    }
}
