package io.recorder.ledger;

/**
 * A request field exactly as the client sent it, before any interpretation. The JSON adapter produces
 * these; keeping numbers as their literal text is what lets amounts stay exact.
 */
public sealed interface RawValue {
    record Absent() implements RawValue {
        @Override
        public String typeName() {
            return "nothing";
        }
    }

    record Null() implements RawValue {
        @Override
        public String typeName() {
            return "null";
        }
    }

    record Text(String value) implements RawValue {
        @Override
        public String typeName() {
            return "a string";
        }
    }

    /** A JSON number, as its literal text (e.g. {@code "500"}, {@code "1e400"}). */
    record Number(String literal) implements RawValue {
        @Override
        public String typeName() {
            return "a number";
        }
    }

    record Bool(boolean value) implements RawValue {
        @Override
        public String typeName() {
            return "a boolean";
        }
    }

    /** An object or an array. */
    record Structure(String kind) implements RawValue {
        @Override
        public String typeName() {
            return "an " + kind;
        }
    }

    Absent ABSENT = new Absent();
    Null NULL = new Null();

    /**
     * How the value is named in error messages. Each kind answers for itself (Java 17 has no pattern
     * matching for switch): a new kind does not compile until it says how it is named.
     */
    String typeName();
}
