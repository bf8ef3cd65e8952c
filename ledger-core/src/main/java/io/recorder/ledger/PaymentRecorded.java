package io.recorder.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A client recorded a payment it made. Immutable once appended; the event item is also the
 * idempotency record, which is why it carries the request fingerprint.
 *
 * @param fingerprint digest of the normalized payment details, used to tell a replay of the same
 *                    request from a reuse of its idempotency key for a different one
 */
public record PaymentRecorded(
        PaymentId paymentId,
        ClientId clientId,
        SeriesId seriesId,
        Instant paymentTimestamp,
        Description description,
        Money amount,
        Instant recordedAt,
        String fingerprint) implements LedgerEvent {

    public PaymentRecorded {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(seriesId, "seriesId");
        Objects.requireNonNull(paymentTimestamp, "paymentTimestamp");
        Objects.requireNonNull(description, "description");
        PaymentAmount.require(Objects.requireNonNull(amount, "amount"));
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    public CurrencyCode currency() {
        return amount.currency();
    }
}
