package io.recorder.ledger;

/**
 * A request field exactly as the client sent it, before any interpretation. The JSON adapter produces
 * these; keeping numbers as their literal text is what lets amounts stay exact.
 */
public sealed interface RawValue {
    record Absent() implements RawValue {
    }

    record Null() implements RawValue {
    }

    record Text(String value) implements RawValue {
    }

    /** A JSON number, as its literal text (e.g. {@code "500"}, {@code "1e400"}). */
    record Number(String literal) implements RawValue {
    }

    record Bool(boolean value) implements RawValue {
    }

    /** An object or an array. */
    record Structure(String kind) implements RawValue {
    }

    Absent ABSENT = new Absent();
    Null NULL = new Null();

    /** How the value is named in error messages. */
    default String typeName() {
        // Java 17: no pattern matching for switch yet.
        if (this instanceof Structure s) {
            return "an " + s.kind();
        }
        if (this instanceof Text) {
            return "a string";
        }
        if (this instanceof Number) {
            return "a number";
        }
        if (this instanceof Bool) {
            return "a boolean";
        }
        return this instanceof Null ? "null" : "nothing";
    }
}
