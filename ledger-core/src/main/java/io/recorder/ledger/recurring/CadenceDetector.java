package io.recorder.ledger.recurring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the cadence of a series from its payment dates (UTC calendar dates, in order).
 *
 * <p>For each regular cadence the detector fits a schedule (ADR 0201): week-based cadences get a
 * phase (the median offset of the payments), month-based ones an anchor day of month (the median day,
 * a month's last day counting as 31). Each payment is assigned to its nearest due date ("slot") and
 * gets a residual: how many days early or late it was. Each interval between consecutive payments
 * then counts as
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
 * <p>Cost: a few passes and two sorts per candidate, {@code O(n log n)} in the number of payments.
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
            return new Detection(best.cadence, best.confidence(), Optional.of(best.schedule));
        }
        return new Detection(Cadence.IRREGULAR, BigDecimal.ONE.setScale(2).subtract(best.confidence()), Optional.empty());
    }

    private static Fit fitDays(Cadence cadence, List<LocalDate> dates) {
        int period = cadence.periodDays();
        long[] days = new long[dates.size()];
        for (int i = 0; i < days.length; i++) {
            days[i] = dates.get(i).toEpochDay();
        }
        // The phase: start at the first payment, then move to the median offset twice, so that one
        // early or late first payment does not shift the whole schedule.
        long phase = days[0];
        phase += medianOffset(days, phase, period);
        phase += medianOffset(days, phase, period);
        long[] slots = new long[days.length];
        int[] residuals = new int[days.length];
        for (int i = 0; i < days.length; i++) {
            slots[i] = Math.floorDiv(days[i] - phase + period / 2, period);
            residuals[i] = (int) (days[i] - phase - slots[i] * period);
        }
        LocalDate lastSlot = LocalDate.ofEpochDay(phase + slots[slots.length - 1] * period);
        return Fit.score(cadence, slots, residuals, 1, new Schedule.EveryDays(cadence, lastSlot));
    }

    private static long medianOffset(long[] days, long phase, int period) {
        long[] offsets = new long[days.length];
        for (int i = 0; i < days.length; i++) {
            offsets[i] = Math.floorMod(days[i] - phase + period / 2, period) - period / 2;
        }
        Arrays.sort(offsets);
        return offsets[(offsets.length - 1) / 2];
    }

    private static Fit fitMonths(Cadence cadence, List<LocalDate> dates) {
        int anchor = anchorDay(dates);
        long[] slots = new long[dates.size()];
        int[] residuals = new int[dates.size()];
        YearMonth lastSlotMonth = null;
        for (int i = 0; i < slots.length; i++) {
            LocalDate date = dates.get(i);
            YearMonth own = YearMonth.from(date);
            YearMonth slot = own;
            long residual = date.toEpochDay() - Schedule.EveryMonths.anchored(own, anchor).toEpochDay();
            for (YearMonth neighbour : List.of(own.minusMonths(1), own.plusMonths(1))) {
                long r = date.toEpochDay() - Schedule.EveryMonths.anchored(neighbour, anchor).toEpochDay();
                if (Math.abs(r) < Math.abs(residual)) {
                    slot = neighbour;
                    residual = r;
                }
            }
            slots[i] = slot.getYear() * 12L + slot.getMonthValue() - 1;
            residuals[i] = (int) residual;
            lastSlotMonth = slot;
        }
        return Fit.score(cadence, slots, residuals, cadence.periodMonths(),
                new Schedule.EveryMonths(cadence, lastSlotMonth, anchor));
    }

    /**
     * The anchor day of month: the median of the payment days, where a month's last day counts as
     * 31 (Feb 28 in a series paid on the 31st). Median on the circle of days, taken around the first
     * payment, so that payments around the turn of the month (30, 31, 1, 2) give an anchor near it.
     */
    static int anchorDay(List<LocalDate> dates) {
        int reference = effectiveDay(dates.get(0));
        int[] offsets = new int[dates.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = Math.floorMod(effectiveDay(dates.get(i)) - reference + 15, 31) - 15;
        }
        Arrays.sort(offsets);
        return Math.floorMod(reference + offsets[(offsets.length - 1) / 2] - 1, 31) + 1;
    }

    private static int effectiveDay(LocalDate date) {
        return date.getDayOfMonth() == date.lengthOfMonth() ? 31 : date.getDayOfMonth();
    }

    private static BigDecimal confidence(long numerator, long denominator) {
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_EVEN);
    }

    private record Fit(Cadence cadence, long onSchedule, long missed, long offSchedule, Schedule schedule) {

        static Fit score(Cadence cadence, long[] slots, int[] residuals, int step, Schedule schedule) {
            int tolerance = cadence.toleranceDays();
            long onSchedule = 0;
            long missed = 0;
            long offSchedule = 0;
            for (int i = 1; i < slots.length; i++) {
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
            return new Fit(cadence, onSchedule, missed, offSchedule, schedule);
        }

        BigDecimal confidence() {
            long all = onSchedule + missed + offSchedule;
            return all == 0 ? BigDecimal.ZERO.setScale(2) : CadenceDetector.confidence(onSchedule, all);
        }

        /** Higher score; then more intervals on schedule; then (by candidate order) the shorter cadence. */
        boolean betterThan(Fit other) {
            int byScore = Long.compare(onSchedule * other.total(), other.onSchedule * total());
            if (byScore != 0) {
                return byScore > 0;
            }
            return onSchedule > other.onSchedule;
        }

        private long total() {
            return Math.max(1, onSchedule + missed + offSchedule);
        }
    }
}
