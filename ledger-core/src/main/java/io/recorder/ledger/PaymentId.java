package io.recorder.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

/** A payment's public id: {@code pay_} followed by 26 Crockford base32 characters (128 bits). */
public record PaymentId(String value) {
    public static final String PREFIX = "pay_";
    private static final Pattern FORMAT = Pattern.compile("pay_[0-9a-hjkmnp-tv-z]{26}");

    public PaymentId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("payment id must match " + FORMAT.pattern());
        }
    }

    /** Parses untrusted input (a path parameter) without throwing. */
    public static java.util.Optional<PaymentId> parse(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches()
                ? java.util.Optional.of(new PaymentId(candidate))
                : java.util.Optional.empty();
    }

    /** Derives the id deterministically: the same client and idempotency scope always give the same id. */
    static PaymentId derive(ClientId client, String scope, String key) {
        return new PaymentId(PREFIX + Digests.base32(Digests.sha256(client.value(), scope, key), 26));
    }

    @Override
    public String toString() {
        return value;
    }
}
