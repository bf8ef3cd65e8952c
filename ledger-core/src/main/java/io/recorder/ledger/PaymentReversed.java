package io.recorder.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A client reversed one of its payments: the correction is appended, the payment stays as recorded.
 * At most one per payment (ADR 0009). It repeats the payment's series, instant, description, amount and
 * recording time, which never change, so a projection can take the payment out of its series, and tell whether it
 * has seen the payment yet (ADR 0007's window), even when the reversal arrives first.
 *
 * @param fingerprint digest of the normalized request (the payment and the reason), used to tell a replay
 *                    of the same request from a reuse of its idempotency key for a different one
 */
public record PaymentReversed(
        ReversalId reversalId,
        PaymentId paymentId,
        ClientId clientId,
        SeriesId seriesId,
        Instant paymentTimestamp,
        Description description,
        Money amount,
        Instant paymentRecordedAt,
        Optional<ReversalReason> reason,
        Instant reversedAt,
        String fingerprint) implements LedgerEvent {

    public PaymentReversed {
        Objects.requireNonNull(reversalId, "reversalId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(seriesId, "seriesId");
        Objects.requireNonNull(paymentTimestamp, "paymentTimestamp");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paymentRecordedAt, "paymentRecordedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(reversedAt, "reversedAt");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** The reversal of {@code payment}, with the payment's facts copied. */
    public static PaymentReversed of(PaymentRecorded payment, ReversalId id, Optional<ReversalReason> reason,
                                     Instant reversedAt, String fingerprint) {
        return new PaymentReversed(id, payment.paymentId(), payment.clientId(), payment.seriesId(),
                payment.paymentTimestamp(), payment.description(), payment.amount(), payment.recordedAt(), reason, reversedAt,
                fingerprint);
    }

    @Override
    public Instant recordedAt() {
        return reversedAt;
    }

    /** The digest of a reversal request: which payment, and the reason or its absence. */
    static String fingerprint(PaymentId payment, Optional<ReversalReason> reason) {
        return Digests.hex(Digests.sha256("v1", payment.value(),
                reason.isPresent() ? "reason" : "no-reason", reason.map(ReversalReason::text).orElse("")));
    }
}
