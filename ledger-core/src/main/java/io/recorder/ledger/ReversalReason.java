package io.recorder.ledger;

import java.util.Objects;
import java.util.Optional;

/** Why a client reversed a payment, in its own words: cleaned and checked like a description. */
public record ReversalReason(String text) {
    public static final int MAX_LENGTH = 500;

    public ReversalReason {
        Objects.requireNonNull(text, "text");
        problem(text).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    /** Why this (already cleaned, see {@link Description#clean}) text is not a valid reason, or empty. */
    public static Optional<String> problem(String text) {
        return Description.problem(text, MAX_LENGTH);
    }

    @Override
    public String toString() {
        return text;
    }
}
