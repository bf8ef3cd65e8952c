package io.recorder.ledger.testing;

import io.recorder.ledger.RawValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-data builder for raw request fields, starting from the published example
 * {@code {"paymentTimestamp":"2024-08-01T12:34:56Z","paymentDescription":"Gym","currency":"Dollars","amount":500}}.
 */
public final class PaymentFields {
    public static final String EXAMPLE_TIMESTAMP = "2024-08-01T12:34:56Z";

    private final Map<String, RawValue> fields = new LinkedHashMap<>();

    private PaymentFields() {
    }

    /** The published example. */
    public static PaymentFields example() {
        return new PaymentFields()
                .text("paymentTimestamp", EXAMPLE_TIMESTAMP)
                .text("paymentDescription", "Gym")
                .text("currency", "Dollars")
                .number("amount", "500");
    }

    public static PaymentFields none() {
        return new PaymentFields();
    }

    public PaymentFields text(String field, String value) {
        return with(field, new RawValue.Text(value));
    }

    /** A JSON number, as its literal text. */
    public PaymentFields number(String field, String literal) {
        return with(field, new RawValue.Number(literal));
    }

    public PaymentFields with(String field, RawValue value) {
        fields.put(field, value);
        return this;
    }

    public PaymentFields without(String field) {
        fields.remove(field);
        return this;
    }

    public Map<String, RawValue> build() {
        return Map.copyOf(fields);
    }

    public static RawValue text(String value) {
        return new RawValue.Text(value);
    }

    public static RawValue number(String literal) {
        return new RawValue.Number(literal);
    }
}
