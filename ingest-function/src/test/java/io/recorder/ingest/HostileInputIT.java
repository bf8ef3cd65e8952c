package io.recorder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.LedgerEngine;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 7 §1 at the handler level: the real ingest handler, fed the real API Gateway event fixture
 * with one hostile part changed, against dynalite. Every case names its expected status and the field,
 * header or detail the problem must name; every case then reads the store: nothing for an invalid
 * request, exactly one payment with the normalized values for a valid edge case. Each case records as
 * its own client (its own API key id), so the store check is exact and independent of the order.
 */
class HostileInputIT {
    static final String TABLE = "hostile-input";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-01T12:35:01Z"), ZoneOffset.UTC);
    static final String TS = "\"2024-08-01T12:34:56Z\"";
    static final String DESC = "\"Gym\"";
    static final String CUR = "\"USD\"";
    static final String AMT = "500";
    static final String VALID = body(TS, DESC, CUR, AMT);
    /** The fixture's x-api-key value: it must never come back in an answer. */
    static final String CANARY = "CANARY-API-KEY-VALUE";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private static LedgerEngine ledger;
    private static DynamoDbClient dynamo;
    private static ApiKeyClients directory;
    private static IngestHandler handler;
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        ledger = LedgerEngine.start(TABLE);
        dynamo = ledger.dynamo();
        LedgerTable table = ledger.table();
        directory = new ApiKeyClients(table, CLOCK);
        handler = new IngestHandler(dynamo, CLOCK, TABLE, new FunctionTelemetry(MetricNames.SERVICE_INGEST), new StderrIngestEvents(new PrintStream(LOGS, true, StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    /** One row of the table: what is sent and what must come back (and be stored). */
    record Case(String name, String body, UnaryOperator<ApiGatewayEvent> request, int status, String field, String detail,
                Stored stored) {
        Case with(UnaryOperator<ApiGatewayEvent> change) {
            return new Case(name, body, e -> change.apply(request.apply(e)), status, field, detail, stored);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The normalized payment a valid case must store (and answer). */
    record Stored(String timestamp, String description, String currency, String amount) {
    }

    static Case invalid(String name, String body, int status, String field) {
        return new Case(name, body, e -> e, status, field, null, null);
    }

    static Case malformed(String name, String body, String detail) {
        return new Case(name, body, e -> e, 400, null, detail, null);
    }

    static Case valid(String name, String body, String timestamp, String description, String currency, String amount) {
        return new Case(name, body, e -> e, 201, null, null, new Stored(timestamp, description, currency, amount));
    }

    static Case validExample(String name) {
        return valid(name, VALID, "2024-08-01T12:34:56Z", "Gym", "USD", "500.00");
    }

    /** A body with the four fields as raw JSON tokens; null leaves a field out. */
    static String body(String timestamp, String description, String currency, String amount) {
        List<String> parts = new ArrayList<>();
        if (timestamp != null) {
            parts.add("\"paymentTimestamp\":" + timestamp);
        }
        if (description != null) {
            parts.add("\"paymentDescription\":" + description);
        }
        if (currency != null) {
            parts.add("\"currency\":" + currency);
        }
        if (amount != null) {
            parts.add("\"amount\":" + amount);
        }
        return "{" + String.join(",", parts) + "}";
    }

    static String q(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static Stream<Case> malformedJson() {
        return Stream.of(
                malformed("truncated object", "{\"amount\":500", "not valid JSON"),
                malformed("truncated inside a string", "{\"paymentDescription\":\"Gy", "not valid JSON"),
                malformed("truncated after a colon", "{\"paymentTimestamp\":", "not valid JSON"),
                malformed("a lone opening brace", "{", "not valid JSON"),
                malformed("a lone closing brace", "}", "not valid JSON"),
                malformed("trailing garbage", VALID + "x", "not valid JSON"),
                malformed("a second object after the first", VALID + "{}", "not valid JSON"),
                malformed("a byte order mark before the object (refused: RFC 8259 lets parsers refuse it)", "\uFEFF" + VALID, "not valid JSON"),
                malformed("duplicate key with the same value", body(TS, DESC, CUR, AMT).replace("}", ",\"amount\":500}"), "not valid JSON"),
                malformed("duplicate key with different values", "{\"amount\":1,\"amount\":2}", "not valid JSON"),
                malformed("a line comment", "// note\n" + VALID, "not valid JSON"),
                malformed("a block comment inside", VALID.replace(",", ",/* c */"), "not valid JSON"),
                malformed("a hash comment", "# note\n" + VALID, "not valid JSON"),
                malformed("NaN token", body(TS, DESC, CUR, "NaN"), "not valid JSON"),
                malformed("Infinity token", body(TS, DESC, CUR, "Infinity"), "not valid JSON"),
                malformed("-Infinity token", body(TS, DESC, CUR, "-Infinity"), "not valid JSON"),
                malformed("10,000-level array nesting", nested(10_000), "not valid JSON"),
                malformed("10,000-level nesting inside a field", body(TS, DESC, CUR, nested(10_000)), "not valid JSON"),
                malformed("10,000-level object nesting", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), "not valid JSON"),
                malformed("single-quoted strings", VALID.replace('"', '\''), "not valid JSON"),
                malformed("unquoted keys", "{paymentTimestamp:" + TS + "}", "not valid JSON"),
                malformed("trailing comma", VALID.replace("}", ",}"), "not valid JSON"),
                malformed("leading zeros", body(TS, DESC, CUR, "0500"), "not valid JSON"),
                malformed("hex number", body(TS, DESC, CUR, "0x1F4"), "not valid JSON"),
                malformed("plus sign", body(TS, DESC, CUR, "+500"), "not valid JSON"),
                malformed("leading dot", body(TS, DESC, CUR, ".5"), "not valid JSON"),
                malformed("trailing dot", body(TS, DESC, CUR, "5."), "not valid JSON"),
                malformed("a 101-digit number (over the parser's limit)", body(TS, DESC, CUR, "1".repeat(101)), "not valid JSON"),
                malformed("a raw newline inside a string", body(TS, "\"Gym\nRent\"", CUR, AMT), "not valid JSON"),
                malformed("a raw NUL inside a string", body(TS, "\"Gym\u0000\"", CUR, AMT), "not valid JSON"),
                malformed("an invalid escape", body(TS, "\"\\x41\"", CUR, AMT), "not valid JSON"),
                malformed("a broken surrogate escape in a field name", "{\"\\ud800\":1}", "not valid JSON"),
                malformed("whitespace only", "   \n\t ", "empty"),
                malformed("an empty body", "", "send a JSON object"),
                new Case("no body at all (null)", null, e -> e, 400, null, "send a JSON object", null),
                malformed("an unterminated 9 MB string", "{\"paymentDescription\":\"" + "x".repeat(9 * 1024 * 1024), "not valid JSON"));
    }

    static Stream<Case> notAnObject() {
        return Stream.of(
                invalid("an empty array", "[]", 422, "(body)"),
                invalid("an array holding the payment", "[" + VALID + "]", 422, "(body)"),
                invalid("a string", "\"Gym\"", 422, "(body)"),
                invalid("a number", "500", 422, "(body)"),
                invalid("null", "null", 422, "(body)"),
                invalid("true", "true", 422, "(body)"),
                invalid("the empty object names every field", "{}", 422, "paymentTimestamp,paymentDescription,currency,amount"));
    }

    static Stream<Case> wrongTypes() {
        List<Case> cases = new ArrayList<>();
        Map<String, List<String>> wrong = Map.of(
                "paymentTimestamp", List.of("1722515696", "true", "null", "{}", "[\"2024-08-01T12:34:56Z\"]"),
                "paymentDescription", List.of("42", "false", "null", "{\"text\":\"Gym\"}", "[\"Gym\"]"),
                "currency", List.of("840", "true", "null", "{}", "[\"USD\"]"),
                "amount", List.of("true", "null", "{\"value\":500}", "[500]", "{}"));
        for (String field : List.of("paymentTimestamp", "paymentDescription", "currency", "amount")) {
            for (String value : wrong.get(field)) {
                cases.add(invalid(field + " as " + value, withField(field, value), 422, field));
            }
            cases.add(invalid(field + " missing", withField(field, null), 422, field));
        }
        cases.add(invalid("an unknown field", VALID.replace("}", ",\"note\":\"x\"}"), 422, "note"));
        cases.add(invalid("a misspelt field (case)", body(TS, DESC, CUR, null).replace("}", ",\"Amount\":500}"), 422, "Amount,amount"));
        cases.add(invalid("a __proto__ field", VALID.replace("}", ",\"__proto__\":{\"admin\":true}}"), 422, "__proto__"));
        cases.add(invalid("an unknown field with a newline in its name", VALID.replace("}", ",\"x\\n{\\\"level\\\":\\\"ERROR\\\"}\":1}"), 422,
                "x\n{\"level\":\"ERROR\"}"));
        cases.add(invalid("all four fields null", body("null", "null", "null", "null"), 422,
                "paymentTimestamp,paymentDescription,currency,amount"));
        return cases.stream();
    }

    /** The valid body with one field's raw JSON value replaced (null: left out). */
    static String withField(String field, String value) {
        return body(field.equals("paymentTimestamp") ? value : TS, field.equals("paymentDescription") ? value : DESC,
                field.equals("currency") ? value : CUR, field.equals("amount") ? value : AMT);
    }

    static Stream<Case> amounts() {
        return Stream.of(
                invalid("amount -0", body(TS, DESC, CUR, "-0"), 422, "amount"),
                invalid("amount 0", body(TS, DESC, CUR, "0"), 422, "amount"),
                invalid("amount 0.00", body(TS, DESC, CUR, "0.00"), 422, "amount"),
                invalid("amount -1", body(TS, DESC, CUR, "-1"), 422, "amount"),
                invalid("amount 0.001 USD", body(TS, DESC, CUR, "0.001"), 422, "amount"),
                invalid("amount 1e400", body(TS, DESC, CUR, "1e400"), 422, "amount"),
                invalid("amount 1e-400", body(TS, DESC, CUR, "1e-400"), 422, "amount"),
                invalid("amount 1e-2147483648 (scale overflow)", body(TS, DESC, CUR, "1e-2147483648"), 422, "amount"),
                invalid("amount 1e2147483647", body(TS, DESC, CUR, "1e2147483647"), 422, "amount"),
                invalid("amount with 40 digits", body(TS, DESC, CUR, "1234567890123456789012345678901234567890"), 422, "amount"),
                invalid("amount with 41 digits", body(TS, DESC, CUR, "1".repeat(41)), 422, "amount"),
                invalid("amount 0.000…001 with 40 characters", body(TS, DESC, CUR, "0." + "0".repeat(37) + "1"), 422, "amount"),
                invalid("amount 10^12 (the bound)", body(TS, DESC, CUR, "1000000000000"), 422, "amount"),
                invalid("amount \"-5\" as a string", body(TS, DESC, CUR, "\"-5\""), 422, "amount"),
                invalid("amount \" 500\" with a space", body(TS, DESC, CUR, "\" 500\""), 422, "amount"),
                invalid("amount \"5e2\" (exponent in a string)", body(TS, DESC, CUR, "\"5e2\""), 422, "amount"),
                invalid("amount \"500,00\"", body(TS, DESC, CUR, "\"500,00\""), 422, "amount"),
                invalid("amount \"\"", body(TS, DESC, CUR, "\"\""), 422, "amount"),
                invalid("amount \"NaN\"", body(TS, DESC, CUR, "\"NaN\""), 422, "amount"),
                invalid("amount \"Infinity\"", body(TS, DESC, CUR, "\"Infinity\""), 422, "amount"),
                invalid("amount \"0x1F4\"", body(TS, DESC, CUR, "\"0x1F4\""), 422, "amount"),
                invalid("amount \"$500\"", body(TS, DESC, CUR, "\"$500\""), 422, "amount"),
                invalid("amount in Arabic-Indic digits", body(TS, DESC, CUR, q("\u0665\u0660\u0660")), 422, "amount"),
                invalid("amount in full-width digits", body(TS, DESC, CUR, q("\uFF15\uFF10\uFF10")), 422, "amount"),
                invalid("amount 500.5 JPY", body(TS, DESC, "\"JPY\"", "500.5"), 422, "amount"),
                invalid("amount 1.0001 KWD", body(TS, DESC, "\"KWD\"", "1.0001"), 422, "amount"),
                invalid("amount and currency both wrong", body(TS, DESC, "\"ABC\"", "-1"), 422, "currency,amount"),
                valid("amount \"500\" as a string (accepted: exact decimal strings are part of the contract)", body(TS, DESC, CUR, "\"500\""),
                        "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"),
                valid("amount \"12.99\" EUR", body(TS, DESC, "\"EUR\"", "\"12.99\""), "2024-08-01T12:34:56Z", "Gym", "EUR", "12.99"),
                valid("amount 500.000 USD (zeros are not digits that matter)", body(TS, DESC, CUR, "500.000"), "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"),
                valid("amount 5E+2", body(TS, DESC, CUR, "5E+2"), "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"),
                valid("amount 0.01 USD (the smallest)", body(TS, DESC, CUR, "0.01"), "2024-08-01T12:34:56Z", "Gym", "USD", "0.01"),
                valid("amount 999999999999.99 USD (largest valid)", body(TS, DESC, CUR, "999999999999.99"), "2024-08-01T12:34:56Z", "Gym", "USD", "999999999999.99"),
                valid("amount \"999999999999.99\" string", body(TS, DESC, CUR, "\"999999999999.99\""), "2024-08-01T12:34:56Z", "Gym", "USD", "999999999999.99"),
                valid("amount 999999999999 JPY", body(TS, DESC, "\"JPY\"", "999999999999"), "2024-08-01T12:34:56Z", "Gym", "JPY", "999999999999"),
                valid("amount 0.001 KWD", body(TS, DESC, "\"KWD\"", "0.001"), "2024-08-01T12:34:56Z", "Gym", "KWD", "0.001"));
    }

    static Stream<Case> timestamps() {
        return Stream.of(
                invalid("no offset", body("\"2024-08-01T12:34:56\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("a date only", body("\"2024-08-01\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("offset +14:01", body("\"2024-08-01T12:34:56+14:01\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("offset +18:00", body("\"2024-07-31T12:34:56+18:00\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("offset -19:00", body("\"2024-07-31T12:34:56-19:00\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("offset in basic form +0100", body("\"2024-08-01T12:34:56+0100\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("offset with seconds +14:00:30", body("\"2024-07-31T12:34:56+14:00:30\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("leap second 23:59:60", body("\"2016-12-31T23:59:60Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("hour 24", body("\"2024-07-31T24:00:00Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("year 0000", body("\"0000-01-01T00:00:00Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("one second before the epoch", body("\"1969-12-31T23:59:59Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("year 10000 without sign", body("\"10000-01-01T00:00:00Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("year +10000", body("\"+10000-01-01T00:00:00Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("Feb 30", body("\"2024-02-30T12:00:00Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("Feb 29 in a common year", body("\"2023-02-29T12:00:00Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("10 fraction digits", body("\"2024-08-01T12:34:56.1234567890Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("a week date", body("\"2024-W31-4T12:34:56Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("an ordinal date", body("\"2024-214T12:34:56Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("epoch seconds as a string", body("\"1722515696\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("epoch millis as a number", body("1722515696000", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("a space instead of T", body("\"2024-08-01 12:34:56Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("basic format", body("\"20240801T123456Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("RFC 1123", body("\"Thu, 01 Aug 2024 12:34:56 GMT\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("a zone id suffix", body("\"2024-08-01T12:34:56Z[Europe/London]\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("far future", body("\"2999-01-01T00:00:00Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("six minutes ahead of the clock", body("\"2024-08-01T12:41:01Z\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                invalid("an empty string", body("\"\"", DESC, CUR, AMT), 422, "paymentTimestamp"),
                valid("offset +14:00", body("\"2024-08-01T23:34:56+14:00\"", DESC, CUR, AMT), "2024-08-01T09:34:56Z", "Gym", "USD", "500.00"),
                valid("offset -14:00", body("\"2024-07-31T22:34:56-14:00\"", DESC, CUR, AMT), "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"),
                valid("offset +05:45", body("\"2024-08-01T18:19:56+05:45\"", DESC, CUR, AMT), "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"),
                valid("offset -00:00", body("\"2024-08-01T12:34:56-00:00\"", DESC, CUR, AMT), "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"),
                valid("the epoch itself", body("\"1970-01-01T00:00:00Z\"", DESC, CUR, AMT), "1970-01-01T00:00:00Z", "Gym", "USD", "500.00"),
                valid("Feb 29 in a leap year", body("\"2024-02-29T12:00:00Z\"", DESC, CUR, AMT), "2024-02-29T12:00:00Z", "Gym", "USD", "500.00"),
                valid("nanoseconds", body("\"2024-08-01T12:34:56.123456789Z\"", DESC, CUR, AMT), "2024-08-01T12:34:56.123456789Z", "Gym", "USD", "500.00"),
                valid("lowercase t and z (RFC 3339 allows them)", body("\"2024-08-01t12:34:56z\"", DESC, CUR, AMT), "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"),
                valid("no seconds (ISO-8601 allows it)", body("\"2024-08-01T12:34Z\"", DESC, CUR, AMT), "2024-08-01T12:34:00Z", "Gym", "USD", "500.00"),
                valid("four minutes ahead of the clock (skew allowance)", body("\"2024-08-01T12:39:01Z\"", DESC, CUR, AMT), "2024-08-01T12:39:01Z", "Gym", "USD", "500.00"));
    }

    static Stream<Case> descriptions() {
        String emoji200 = "\uD83C\uDFCB".repeat(200);
        return Stream.of(
                invalid("description empty", body(TS, "\"\"", CUR, AMT), 422, "paymentDescription"),
                invalid("spaces only", body(TS, "\"   \"", CUR, AMT), 422, "paymentDescription"),
                invalid("no-break spaces only", body(TS, q("\u00A0\u00A0\u3000"), CUR, AMT), 422, "paymentDescription"),
                invalid("a tab only", body(TS, "\"\\t\"", CUR, AMT), 422, "paymentDescription"),
                invalid("an escaped NUL", body(TS, "\"Gym\\u0000\"", CUR, AMT), 422, "paymentDescription"),
                invalid("a bell", body(TS, "\"Gym\\u0007\"", CUR, AMT), 422, "paymentDescription"),
                invalid("an ANSI escape sequence", body(TS, "\"\\u001b[31mGym\"", CUR, AMT), 422, "paymentDescription"),
                invalid("DEL", body(TS, "\"Gym\\u007f\"", CUR, AMT), 422, "paymentDescription"),
                invalid("C1 control NEL", body(TS, "\"Gym\\u0085Rent\"", CUR, AMT), 422, "paymentDescription"),
                invalid("an escaped newline", body(TS, "\"Gym\\nRent\"", CUR, AMT), 422, "paymentDescription"),
                invalid("a log-forging line", body(TS, q("Gym\r\n{\"level\":\"ERROR\",\"message\":\"forged\",\"requestId\":\"x\"}"), CUR, AMT), 422,
                        "paymentDescription"),
                invalid("a line separator U+2028", body(TS, q("Gym\u2028Rent"), CUR, AMT), 422, "paymentDescription"),
                invalid("a paragraph separator U+2029", body(TS, q("Gym\u2029Rent"), CUR, AMT), 422, "paymentDescription"),
                invalid("a zero-width space", body(TS, q("G\u200Bym"), CUR, AMT), 422, "paymentDescription"),
                invalid("a right-to-left override (Trojan Source)", body(TS, q("\u202Emyg"), CUR, AMT), 422, "paymentDescription"),
                invalid("a right-to-left mark", body(TS, q("Gym\u200F"), CUR, AMT), 422, "paymentDescription"),
                invalid("a left-to-right isolate", body(TS, q("\u2066Gym\u2069"), CUR, AMT), 422, "paymentDescription"),
                invalid("a byte order mark inside", body(TS, q("\uFEFFGym"), CUR, AMT), 422, "paymentDescription"),
                invalid("a soft hyphen", body(TS, q("Gy\u00ADm"), CUR, AMT), 422, "paymentDescription"),
                invalid("a private-use character", body(TS, q("Gym\uE000"), CUR, AMT), 422, "paymentDescription"),
                invalid("an unassigned code point", body(TS, q("Gym\u0378"), CUR, AMT), 422, "paymentDescription"),
                invalid("a lone surrogate (escaped)", body(TS, "\"Gym\\ud800\"", CUR, AMT), 422, "paymentDescription"),
                invalid("201 characters", body(TS, q("x".repeat(201)), CUR, AMT), 422, "paymentDescription"),
                invalid("10,000 characters", body(TS, q("x".repeat(10_000)), CUR, AMT), 422, "paymentDescription"),
                invalid("a 9 MB string", body(TS, q("x".repeat(9 * 1024 * 1024)), CUR, AMT), 422, "paymentDescription"),
                invalid("a 9 MB run of spaces between two letters (was quadratic)", body(TS, q("a" + " ".repeat(9 * 1024 * 1024) + "a"), CUR, AMT), 422,
                        "paymentDescription"),
                valid("trimmed", body(TS, q("  Gym \u00A0"), CUR, AMT), "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"),
                valid("inner spaces kept", body(TS, q("Gym  Club"), CUR, AMT), "2024-08-01T12:34:56Z", "Gym  Club", "USD", "500.00"),
                valid("a combining accent is NFC-normalized", body(TS, q("Cafe\u0301"), CUR, AMT), "2024-08-01T12:34:56Z", "Caf\u00E9", "USD", "500.00"),
                valid("stacked combining marks", body(TS, q("Z\u0351\u0352\u0357\u035Bgym"), CUR, AMT), "2024-08-01T12:34:56Z", "Z\u0351\u0352\u0357\u035Bgym", "USD", "500.00"),
                valid("emoji", body(TS, q("\uD83C\uDFCB\uFE0F Gym"), CUR, AMT), "2024-08-01T12:34:56Z", "\uD83C\uDFCB\uFE0F Gym", "USD", "500.00"),
                valid("an emoji ZWJ sequence", body(TS, q("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 family plan"), CUR, AMT),
                        "2024-08-01T12:34:56Z", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 family plan", "USD", "500.00"),
                valid("escaped emoji surrogate pair", body(TS, "\"\\ud83c\\udfcb gym\"", CUR, AMT), "2024-08-01T12:34:56Z", "\uD83C\uDFCB gym", "USD", "500.00"),
                valid("right-to-left script without controls", body(TS, q("\u0646\u0627\u062F\u064A \u0631\u064A\u0627\u0636\u064A"), CUR, AMT),
                        "2024-08-01T12:34:56Z", "\u0646\u0627\u062F\u064A \u0631\u064A\u0627\u0636\u064A", "USD", "500.00"),
                valid("CJK", body(TS, q("\u30B8\u30E0\u6708\u8CBB"), CUR, AMT), "2024-08-01T12:34:56Z", "\u30B8\u30E0\u6708\u8CBB", "USD", "500.00"),
                valid("200 characters", body(TS, q("y".repeat(200)), CUR, AMT), "2024-08-01T12:34:56Z", "y".repeat(200), "USD", "500.00"),
                valid("200 emoji (400 UTF-16 units, 200 code points)", body(TS, q(emoji200), CUR, AMT), "2024-08-01T12:34:56Z", emoji200, "USD", "500.00"),
                valid("JSON and HTML metacharacters are data", body(TS, q("Gym\",\"level\":\"ERROR <script>alert(1)</script> ' OR 1=1 --"), CUR, AMT),
                        "2024-08-01T12:34:56Z", "Gym\",\"level\":\"ERROR <script>alert(1)</script> ' OR 1=1 --", "USD", "500.00"));
    }

    static Stream<Case> currencies() {
        return Stream.of(
                invalid("unknown code XYZ", body(TS, DESC, "\"XYZ\"", AMT), 422, "currency"),
                invalid("numeric code 840", body(TS, DESC, "\"840\"", AMT), 422, "currency"),
                invalid("currency empty", body(TS, DESC, "\"\"", AMT), 422, "currency"),
                invalid("two letters", body(TS, DESC, "\"US\"", AMT), 422, "currency"),
                invalid("four letters", body(TS, DESC, "\"USDD\"", AMT), 422, "currency"),
                invalid("gold XAU (no minor units)", body(TS, DESC, "\"XAU\"", AMT), 422, "currency"),
                invalid("testing code XTS", body(TS, DESC, "\"XTS\"", AMT), 422, "currency"),
                invalid("no currency XXX", body(TS, DESC, "\"XXX\"", AMT), 422, "currency"),
                invalid("a symbol $", body(TS, DESC, "\"$\"", AMT), 422, "currency"),
                invalid("US$", body(TS, DESC, "\"US$\"", AMT), 422, "currency"),
                invalid("long s lookalike u\u017Fd", body(TS, DESC, q("u\u017Fd"), AMT), 422, "currency"),
                invalid("full-width USD", body(TS, DESC, q("\uFF35\uFF33\uFF24"), AMT), 422, "currency"),
                invalid("an alias not on the list (Pounds)", body(TS, DESC, "\"Pounds\"", AMT), 422, "currency"),
                invalid("a code with a NUL", body(TS, DESC, "\"US\\u0000D\"", AMT), 422, "currency"),
                valid("lowercase usd", body(TS, DESC, "\"usd\"", AMT), "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"),
                valid("mixed case Eur", body(TS, DESC, "\"Eur\"", "\"12.99\""), "2024-08-01T12:34:56Z", "Gym", "EUR", "12.99"),
                valid("padded \" gbp \"", body(TS, DESC, "\" gbp \"", AMT), "2024-08-01T12:34:56Z", "Gym", "GBP", "500.00"),
                valid("alias Dollars", body(TS, DESC, "\"Dollars\"", AMT), "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"),
                valid("alias \"us   DOLLARS\"", body(TS, DESC, "\"us   DOLLARS\"", AMT), "2024-08-01T12:34:56Z", "Gym", "USD", "500.00"),
                valid("alias euro", body(TS, DESC, "\"euro\"", AMT), "2024-08-01T12:34:56Z", "Gym", "EUR", "500.00"),
                valid("alias Pounds Sterling", body(TS, DESC, "\"Pounds Sterling\"", AMT), "2024-08-01T12:34:56Z", "Gym", "GBP", "500.00"),
                valid("alias Yen (no minor units)", body(TS, DESC, "\"Yen\"", "500"), "2024-08-01T12:34:56Z", "Gym", "JPY", "500"),
                valid("KWD has three minor units", body(TS, DESC, "\"kwd\"", "\"1.234\""), "2024-08-01T12:34:56Z", "Gym", "KWD", "1.234"));
    }

    static Stream<Case> headers() {
        return Stream.of(
                validExample("Content-Type application/json; charset=utf-8").with(e -> e.header("Content-Type", "application/json; charset=utf-8")),
                validExample("Content-Type application/json;charset=UTF-8").with(e -> e.header("Content-Type", "application/json;charset=UTF-8")),
                validExample("Content-Type with a quoted charset").with(e -> e.header("Content-Type", "application/json; charset=\"utf-8\"")),
                validExample("Content-Type charset=utf8").with(e -> e.header("Content-Type", "application/json; charset=utf8")),
                validExample("Content-Type in capitals").with(e -> e.header("Content-Type", "APPLICATION/JSON")),
                validExample("Content-Type application/problem+json").with(e -> e.header("Content-Type", "application/problem+json")),
                validExample("Content-Type with a trailing semicolon").with(e -> e.header("Content-Type", "application/json;")),
                validExample("lower-case header name content-type").with(e -> e.removeHeader("Content-Type").header("content-type", "application/json")),
                validExample("no Content-Type (read as JSON)").with(e -> e.removeHeader("Content-Type")),
                unsupported("Content-Type text/plain", "text/plain"),
                unsupported("Content-Type form-urlencoded", "application/x-www-form-urlencoded"),
                unsupported("Content-Type multipart", "multipart/form-data; boundary=x"),
                unsupported("Content-Type text/json", "text/json"),
                unsupported("Content-Type application/jsonx", "application/jsonx"),
                unsupported("Content-Type charset=iso-8859-1", "application/json; charset=iso-8859-1"),
                unsupported("Content-Type charset=utf-16", "application/json; charset=utf-16"),
                unsupported("Content-Type empty", ""),
                new Case("Content-Type sent twice, first not JSON", VALID, e -> e.header("Content-Type", "text/plain", "application/json"), 415, null,
                        "application/json", null),
                new Case("no API key id (not bound to a client)", VALID, e -> e.apiKeyId(""), 403, null, "not bound", null),
                new Case("an unknown API key id", VALID, e -> e.apiKeyId("unknown-key-id"), 403, null, "not bound", null),
                validExample("Idempotency-Key of 255 visible characters").with(e -> e.header("Idempotency-Key", "k".repeat(254) + "~")),
                validExample("Idempotency-Key a UUID").with(e -> e.header("Idempotency-Key", "7d0e2c1a-5b8f-4f1e-9b7c-2f0c8e1d3a4b")),
                validExample("lower-case header name idempotency-key").with(e -> e.header("idempotency-key", "lower-case-key")),
                badKey("Idempotency-Key of 256 characters", "k".repeat(256)),
                badKey("Idempotency-Key of 10,000 characters", "k".repeat(10_000)),
                badKey("Idempotency-Key empty", ""),
                badKey("Idempotency-Key with a space", "order 42"),
                badKey("Idempotency-Key with a tab", "order\t42"),
                badKey("Idempotency-Key non-ASCII", "cl\u00E9-42"),
                badKey("Idempotency-Key emoji", "key-\uD83D\uDD11"),
                badKey("Idempotency-Key with a newline", "key\r\nX-Injected: 1"),
                badKey("Idempotency-Key with DEL", "key\u007F"),
                new Case("Idempotency-Key sent twice", VALID, e -> e.header("Idempotency-Key", "a-key", "b-key"), 400, "Idempotency-Key", null, null),
                new Case("Idempotency-Key sent twice with the same value", VALID, e -> e.header("Idempotency-Key", "a-key", "a-key"), 400,
                        "Idempotency-Key", null, null),
                new Case("a bad Idempotency-Key wins over a bad body", "{", e -> e.header("Idempotency-Key", ""), 400, "Idempotency-Key", null, null),
                validExample("x-api-key header sent twice (the id decides, not the value)").with(e -> e.header("x-api-key", "a".repeat(40), "b".repeat(40))));
    }

    static Case unsupported(String name, String contentType) {
        return new Case(name, VALID, e -> e.header("Content-Type", contentType), 415, null, "application/json", null);
    }

    static Case badKey(String name, String key) {
        return new Case(name, VALID, e -> e.header("Idempotency-Key", key), 400, "Idempotency-Key", null, null);
    }

    static Stream<Case> cases() {
        return Stream.of(malformedJson(), notAnObject(), wrongTypes(), amounts(), timestamps(), descriptions(), currencies(), headers())
                .flatMap(s -> s);
    }

    @Test
    void the_table_has_at_least_150_cases_and_covers_valid_and_invalid() {
        List<Case> all = cases().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(150);
        assertThat(all.stream().filter(c -> c.stored() != null)).hasSizeGreaterThanOrEqualTo(40);
        assertThat(all.stream().map(Case::name).distinct()).hasSameSizeAs(all);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void every_hostile_request_gets_a_4xx_naming_the_problem_and_stores_nothing_while_valid_edge_cases_store_one(Case c) throws Exception {
        int n = CLIENTS.incrementAndGet();
        String apiKeyId = "hostile-key-" + n;
        ClientId client = new ClientId("hostile-" + n);
        directory.bind(apiKeyId, client);
        ApiGatewayEvent event = ApiGatewayEvent.postPayment().apiKeyId(apiKeyId).requestId("req-" + n).body(c.body());
        int logStart = LOGS.size();

        ApiResponse response = c.request().apply(event).sendTo(handler);

        assertThat(response.statusCode()).as("status of %s; body %s", c.name(), abbreviate(response.body())).isEqualTo(c.status());
        assertThat(response.body()).doesNotContain(CANARY);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        if (c.status() >= 400) {
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json; charset=utf-8");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(c.status());
            assertThat(problem.get("requestId").asText()).isEqualTo("req-" + n);
            assertThat(problem.get("detail").asText()).isNotBlank();
            assertThat(response.body().length()).as("a problem stays small whatever the request").isLessThan(8_192);
            if (c.field() != null) {
                List<String> named = new ArrayList<>();
                problem.path("errors").forEach(error -> {
                    named.add(error.get("field").asText());
                    assertThat(error.get("detail").asText()).isNotBlank();
                });
                assertThat(named).containsAll(List.of(c.field().contains(",") && !c.field().contains("\n") ? c.field().split(",") : new String[] {c.field()}));
            }
            if (c.detail() != null) {
                assertThat(problem.get("detail").asText()).contains(c.detail());
            }
            assertThat(storedPayments(client)).as("nothing stored for %s", c.name()).isEmpty();
        } else {
            assertThat(response.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            JsonNode payment = JSON.readTree(response.body());
            Stored expected = c.stored();
            assertThat(payment.get("paymentTimestamp").asText()).isEqualTo(expected.timestamp());
            assertThat(payment.get("paymentDescription").asText()).isEqualTo(expected.description());
            assertThat(payment.get("currency").asText()).isEqualTo(expected.currency());
            assertThat(payment.get("amount").asText()).isEqualTo(expected.amount());
            assertThat(storedPayments(client)).as("exactly one payment stored for %s", c.name()).singleElement().satisfies(item -> {
                assertThat(item.get("paymentId").s()).isEqualTo(payment.get("paymentId").asText());
                assertThat(item.get("paymentTimestamp").s()).isEqualTo(expected.timestamp());
                assertThat(item.get("description").s()).isEqualTo(expected.description());
                assertThat(item.get("currency").s()).isEqualTo(expected.currency());
                assertThat(new BigDecimal(item.get("amount").n())).isEqualByComparingTo(expected.amount());
                assertThat(item.get("clientId").s()).isEqualTo(client.value());
            });
        }
        assertLogLinesAreWellFormed(LOGS.toString(StandardCharsets.UTF_8).substring(logStartChars(logStart)));
    }

    /** Every log line the request produced is one JSON object: nothing a client sends can forge a line. */
    private static void assertLogLinesAreWellFormed(String logs) throws Exception {
        for (String line : logs.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode parsed = JSON.readTree(line);
            assertThat(parsed.isObject()).as(line).isTrue();
            assertThat(parsed.path("level").asText()).isIn("INFO", "WARN");
            assertThat(line).doesNotContain(CANARY).doesNotContain("forged");
        }
    }

    /** LOGS is written as UTF-8 bytes; count characters of the prefix to cut at the right place. */
    private static int logStartChars(int byteOffset) {
        byte[] all = LOGS.toByteArray();
        return new String(all, 0, Math.min(byteOffset, all.length), StandardCharsets.UTF_8).length();
    }

    static List<Map<String, AttributeValue>> storedPayments(ClientId client) {
        return dynamo.scanPaginator(r -> r.tableName(TABLE).consistentRead(true)
                        .filterExpression("clientId = :c")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(client.value()))))
                .items().stream()
                .filter(PaymentItems::isPayment)
                .toList();
    }

    private static String abbreviate(String text) {
        return text == null || text.length() < 400 ? text : text.substring(0, 400) + "…";
    }
}
