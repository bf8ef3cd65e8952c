package io.recorder.ledger.recurring;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * The schedule a regular series follows, positioned at the slot its last payment filled. A slot is
 * the date a payment was due; the payment itself may be up to the cadence's tolerance early or late.
 * Expected dates come from the schedule, not from the (possibly jittered) last payment: a monthly
 * series due on the 15th that was paid on Mar 17 is next expected on Apr 15.
 */
public sealed interface Schedule permits Schedule.EveryDays, Schedule.EveryMonths {

    Cadence cadence();

    /** The due date the last payment was made for. */
    LocalDate lastSlot();

    /** The {@code n}-th due date after {@link #lastSlot()}, {@code n >= 1}. */
    LocalDate expected(int n);

    default LocalDate nextExpected() {
        return expected(1);
    }

    /** A week-based schedule: due every {@code cadence.periodDays()} days. */
    record EveryDays(Cadence cadence, LocalDate lastSlot) implements Schedule {
        public EveryDays {
            Objects.requireNonNull(cadence, "cadence");
            Objects.requireNonNull(lastSlot, "lastSlot");
            if (cadence.periodDays() == 0) {
                throw new IllegalArgumentException(cadence + " is not a week-based cadence");
            }
        }

        @Override
        public LocalDate expected(int n) {
            requirePositive(n);
            return lastSlot.plusDays((long) n * cadence.periodDays());
        }
    }

    /**
     * A month-based schedule: due every {@code cadence.periodMonths()} months on the anchor day, or on
     * the last day of months too short for it. Anchor 31 means "the last day of every month".
     */
    record EveryMonths(Cadence cadence, YearMonth lastSlotMonth, int anchorDay) implements Schedule {
        public EveryMonths {
            Objects.requireNonNull(cadence, "cadence");
            Objects.requireNonNull(lastSlotMonth, "lastSlotMonth");
            if (cadence.periodMonths() == 0) {
                throw new IllegalArgumentException(cadence + " is not a month-based cadence");
            }
            if (anchorDay < 1 || anchorDay > 31) {
                throw new IllegalArgumentException("anchor day must be 1..31");
            }
        }

        /** The due date in {@code month}: the anchor day, clamped to the month's length. */
        public static LocalDate anchored(YearMonth month, int anchorDay) {
            return month.atDay(Math.min(anchorDay, month.lengthOfMonth()));
        }

        @Override
        public LocalDate lastSlot() {
            return anchored(lastSlotMonth, anchorDay);
        }

        @Override
        public LocalDate expected(int n) {
            requirePositive(n);
            return anchored(lastSlotMonth.plusMonths((long) n * cadence.periodMonths()), anchorDay);
        }
    }

    private static void requirePositive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
    }
}
