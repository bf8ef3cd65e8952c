package io.recorder.ledger;

import java.util.Objects;

/** A payment's public id: {@code pay_} followed by 26 Crockford base32 characters (128 bits). */
public record PaymentId(String value) {
    public static final String PREFIX = "pay_";
    private static final int LENGTH = 26;
    private static final String FORMAT = "pay_[0-9a-hjkmnp-tv-z]{26}";

    public PaymentId {
        Objects.requireNonNull(value, "value");
        if (!Digests.isBase32Id(value, PREFIX, LENGTH)) {
            throw new IllegalArgumentException("payment id must match " + FORMAT);
        }
    }

    /** Parses untrusted input (a path parameter) without throwing. */
    public static java.util.Optional<PaymentId> parse(String candidate) {
        return candidate != null && Digests.isBase32Id(candidate, PREFIX, LENGTH)
                ? java.util.Optional.of(new PaymentId(candidate))
                : java.util.Optional.empty();
    }

    /** Derives the id deterministically: the same client and idempotency scope always give the same id. */
    static PaymentId derive(ClientId client, String scope, String key) {
        return new PaymentId(Digests.base32(PREFIX, Digests.sha256(client.value(), scope, key), LENGTH));
    }

    @Override
    public String toString() {
        return value;
    }
}
