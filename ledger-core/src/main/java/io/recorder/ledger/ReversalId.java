package io.recorder.ledger;

import java.util.Objects;
import java.util.Optional;

/** A reversal's public id: {@code rev_} followed by 26 Crockford base32 characters (128 bits). */
public record ReversalId(String value) {
    public static final String PREFIX = "rev_";
    private static final int LENGTH = 26;
    private static final String FORMAT = "rev_[0-9a-hjkmnp-tv-z]{26}";

    public ReversalId {
        Objects.requireNonNull(value, "value");
        if (!Digests.isBase32Id(value, PREFIX, LENGTH)) {
            throw new IllegalArgumentException("reversal id must match " + FORMAT);
        }
    }

    public static Optional<ReversalId> parse(String candidate) {
        return candidate != null && Digests.isBase32Id(candidate, PREFIX, LENGTH)
                ? Optional.of(new ReversalId(candidate))
                : Optional.empty();
    }

    /**
     * Derived like a payment id (ADR 0002), and from the payment too: the same key sent to reverse two
     * payments names two reversals, and a retry of one request always names the same one.
     */
    static ReversalId derive(ClientId client, PaymentId payment, String scope, String key) {
        return new ReversalId(Digests.base32(PREFIX, Digests.sha256(client.value(), "reversal", payment.value(), scope, key), LENGTH));
    }

    @Override
    public String toString() {
        return value;
    }
}
