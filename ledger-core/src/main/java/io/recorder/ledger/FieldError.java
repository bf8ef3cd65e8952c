package io.recorder.ledger;

import java.util.Objects;

/** One reason one input field was refused, in words a client developer can act on. */
public record FieldError(String field, String reason) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }
}
