package io.recorder.ledger;

import java.util.Objects;
import java.util.Optional;

/** A client-chosen key that makes retries of one request record one payment. */
public record IdempotencyKey(String value) {
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        Objects.requireNonNull(value, "value");
        problem(value).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    /** Why this header value is not a usable key, or empty. Visible ASCII only: keys travel in headers and logs. */
    public static Optional<String> problem(String value) {
        if (value.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return Optional.of("must contain only visible ASCII characters (no spaces)");
            }
        }
        return Optional.empty();
    }
}
