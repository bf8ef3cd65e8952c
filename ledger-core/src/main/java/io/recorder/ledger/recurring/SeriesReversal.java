package io.recorder.ledger.recurring;

import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentReversed;
import java.time.Instant;
import java.util.Objects;

/**
 * One reversal of a series' payment as it is delivered to the projection: the reversed payment's id, entry
 * and recording time (to tell whether the payment was applied yet, ADR 0007), and the reversal's own
 * recording time (to recognise a redelivery).
 */
public record SeriesReversal(PaymentId paymentId, Instant paymentTimestamp, Money amount, Instant paymentRecordedAt,
                             Instant reversedAt) {

    public SeriesReversal {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(paymentTimestamp, "paymentTimestamp");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paymentRecordedAt, "paymentRecordedAt");
        Objects.requireNonNull(reversedAt, "reversedAt");
    }

    public static SeriesReversal of(PaymentReversed reversal) {
        return new SeriesReversal(reversal.paymentId(), reversal.paymentTimestamp(), reversal.amount(),
                reversal.paymentRecordedAt(), reversal.reversedAt());
    }

    /** The entry of the payment it reverses. */
    public SeriesEntry entry() {
        return new SeriesEntry(paymentTimestamp, amount);
    }
}
