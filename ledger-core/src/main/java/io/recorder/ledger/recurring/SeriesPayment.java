package io.recorder.ledger.recurring;

import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One payment of a series as it is delivered to the projection: what the summary needs, plus the id
 * and recording time that deduplication needs. Payments are immutable events, so two deliveries with
 * the same id are the same payment.
 */
public record SeriesPayment(PaymentId paymentId, Instant paymentTimestamp, Money amount, Instant recordedAt) {

    /**
     * The one order of a series: payment time, then amount, then id. A stored history keeps no ids
     * ({@link SeriesEntry#PAYMENT_ORDER} is this order without them), so ids only break the last ties:
     * between payments whose entries are equal, which makes the fold the same either way.
     */
    public static final Comparator<SeriesPayment> PAYMENT_ORDER = Comparator
            .comparing(SeriesPayment::entry, SeriesEntry.PAYMENT_ORDER)
            .thenComparing(payment -> payment.paymentId().value());

    public SeriesPayment {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(paymentTimestamp, "paymentTimestamp");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    public static SeriesPayment of(PaymentRecorded payment) {
        return new SeriesPayment(payment.paymentId(), payment.paymentTimestamp(), payment.amount(), payment.recordedAt());
    }

    /** What the history keeps of this payment. */
    public SeriesEntry entry() {
        return new SeriesEntry(paymentTimestamp, amount);
    }
}
