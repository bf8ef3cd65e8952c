package io.recorder.ledger.recurring;

/**
 * How often a series is paid. The regular cadences carry their period and their jitter tolerance:
 * how many days a payment may be early or late and still be "on schedule" (ADR 0201).
 * Week-based periods count days; month-based periods count calendar months, so a series paid on
 * Jan 31, Feb 29 and Mar 31 is monthly.
 */
public enum Cadence {
    WEEKLY(7, 0, 1),
    FORTNIGHTLY(14, 0, 2),
    MONTHLY(0, 1, 3),
    QUARTERLY(0, 3, 5),
    YEARLY(0, 12, 7),
    /** Enough payments to tell, and they follow none of the regular cadences. */
    IRREGULAR(0, 0, 0),
    /** Too few payments to tell (fewer than {@link CadenceDetector#MIN_PAYMENTS}). */
    UNKNOWN(0, 0, 0);

    private final int periodDays;
    private final int periodMonths;
    private final int toleranceDays;

    Cadence(int periodDays, int periodMonths, int toleranceDays) {
        this.periodDays = periodDays;
        this.periodMonths = periodMonths;
        this.toleranceDays = toleranceDays;
    }

    /** True for the cadences that predict a next payment: weekly through yearly. */
    public boolean isRegular() {
        return periodDays > 0 || periodMonths > 0;
    }

    /** The period in days for week-based cadences, 0 otherwise. */
    public int periodDays() {
        return periodDays;
    }

    /** The period in calendar months for month-based cadences, 0 otherwise. */
    public int periodMonths() {
        return periodMonths;
    }

    /** How many days a payment may be early or late and still count as on schedule; 0 when not regular. */
    public int toleranceDays() {
        return toleranceDays;
    }
}
