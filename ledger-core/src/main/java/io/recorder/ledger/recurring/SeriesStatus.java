package io.recorder.ledger.recurring;

/**
 * Where a series stands on a given day, in the spirit of Plaid's recurring-transactions statuses
 * (ADR 0201). Always computed "as of" an instant passed in, never from the system clock.
 */
public enum SeriesStatus {
    /** Too few payments to tell (fewer than {@link CadenceDetector#MIN_PAYMENTS}). */
    EARLY,
    /** Payments arrive as expected: the next one is not yet overdue. */
    ACTIVE,
    /** The next expected payment is overdue by more than the cadence's tolerance. */
    LATE,
    /** Two expected payments are overdue beyond the tolerance (irregular series: a long silence). */
    STOPPED
}
