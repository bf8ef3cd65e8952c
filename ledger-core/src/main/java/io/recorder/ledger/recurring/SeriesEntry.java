package io.recorder.ledger.recurring;

import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One payment of a recurring series, in the compact form a projection stores: what the summary
 * needs, nothing more. Payments are immutable events, so two entries with the same id are the same
 * payment delivered twice.
 */
public record SeriesEntry(PaymentId paymentId, Instant paymentTimestamp, Money amount, Instant recordedAt) {

    /** The one order of a series: payment time, then id (two payments at the same instant still have a fixed order). */
    public static final Comparator<SeriesEntry> PAYMENT_ORDER = Comparator
            .comparing(SeriesEntry::paymentTimestamp)
            .thenComparing(entry -> entry.paymentId().value());

    public SeriesEntry {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(paymentTimestamp, "paymentTimestamp");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    public static SeriesEntry of(PaymentRecorded payment) {
        return new SeriesEntry(payment.paymentId(), payment.paymentTimestamp(), payment.amount(), payment.recordedAt());
    }
}
