package io.recorder.ledger.recurring;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The latest stretch of a series without payments where at least two were due: a subscription paused
 * and resumed, or one old payment long before a regular run. Shown so that a person sees why the
 * cadence reads as it does.
 *
 * @param lastPaymentBefore UTC date of the last payment before the stretch
 * @param resumedOn         UTC date of the first payment after it
 */
public record Pause(LocalDate lastPaymentBefore, LocalDate resumedOn) {
    public Pause {
        Objects.requireNonNull(lastPaymentBefore, "lastPaymentBefore");
        Objects.requireNonNull(resumedOn, "resumedOn");
        if (!resumedOn.isAfter(lastPaymentBefore)) {
            throw new IllegalArgumentException("a pause ends after it starts");
        }
    }
}
