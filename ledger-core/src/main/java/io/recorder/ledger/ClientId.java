package io.recorder.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stable identity of a calling client. API keys map to it, so keys can be rotated (or a client
 * given several) without splitting its ledger. Restricted to a safe alphabet because it becomes part
 * of table keys.
 */
public record ClientId(String value) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public ClientId {
        Objects.requireNonNull(value, "value");
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("client id must match " + SAFE.pattern());
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
