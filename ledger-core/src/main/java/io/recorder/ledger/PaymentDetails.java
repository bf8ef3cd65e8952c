package io.recorder.ledger;

import java.time.Instant;
import java.util.Objects;

/** The validated, normalized content of a payment request. */
public record PaymentDetails(Instant paymentTimestamp, Description description, Money amount) {

    public PaymentDetails {
        Objects.requireNonNull(paymentTimestamp, "paymentTimestamp");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(amount, "amount");
    }

    /**
     * A digest of the normalized details. Two requests that mean the same payment ("Dollars" vs
     * "usd", 500 vs 500.00, +01:00 vs Z for the same instant) have the same fingerprint.
     */
    public String fingerprint() {
        return Digests.hex(Digests.sha256(
                "v1",
                Timestamps.canonical(paymentTimestamp),
                description.text(),
                amount.currency().code(),
                amount.toPlainString()));
    }
}
