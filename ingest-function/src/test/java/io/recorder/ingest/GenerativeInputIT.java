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
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 7 §1, generatively: random JSON documents and random mutations of valid bodies (byte flips,
 * deleted and duplicated fields, swapped types, huge numbers, unicode) sent to the real handler against
 * dynalite. Whatever arrives: never a 5xx, a payment is stored if and only if the answer is 201, and a
 * replay of a 201 answers the same payment and stores nothing new. Each try records as its own client.
 */
class GenerativeInputIT {
    private static final String TABLE = "generative-input";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-01T12:35:01Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final List<String> FIELDS = List.of("paymentTimestamp", "paymentDescription", "currency", "amount");

    private static LedgerEngine ledger;
    private static DynamoDbClient dynamo;
    private static ApiKeyClients directory;
    private static IngestHandler handler;

    @BeforeContainer
    static void start() {
        ledger = LedgerEngine.start(TABLE);
        dynamo = ledger.dynamo();
        LedgerTable table = ledger.table();
        directory = new ApiKeyClients(table, CLOCK);
        handler = new IngestHandler(dynamo, CLOCK, TABLE, new FunctionTelemetry(MetricNames.SERVICE_INGEST), new StderrIngestEvents(new PrintStream(OutputStream.nullOutputStream())));
    }

    @AfterContainer
    static void stop() {
        ledger.close();
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void random_json_documents_never_get_a_5xx_and_are_stored_iff_201(@ForAll("jsonDocuments") String body) throws Exception {
        checkOneRequest(body);
    }

    @Property(tries = 250, shrinking = ShrinkingMode.BOUNDED)
    void mutated_valid_bodies_never_get_a_5xx_and_are_stored_iff_201(@ForAll("mutatedBodies") String body) throws Exception {
        checkOneRequest(body);
    }

    private static void checkOneRequest(String generated) throws Exception {
        String body = asDecodedFromUtf8(generated);
        int n = CLIENTS.incrementAndGet();
        String apiKeyId = "gen-key-" + n;
        ClientId client = new ClientId("gen-" + n);
        directory.bind(apiKeyId, client);

        ApiResponse response = ApiGatewayEvent.postPayment().apiKeyId(apiKeyId).requestId("gen-" + n).body(body).sendTo(handler);

        net.jqwik.api.statistics.Statistics.collect(response.statusCode());
        assertThat(response.statusCode()).as(response.body()).isLessThan(500).isIn(201, 400, 415, 422);
        List<Map<String, AttributeValue>> stored = stored(client);
        if (response.statusCode() == 201) {
            JsonNode payment = JSON.readTree(response.body());
            assertThat(stored).singleElement().satisfies(item -> {
                assertThat(item.get("paymentId").s()).isEqualTo(payment.get("paymentId").asText());
                assertThat(item.get("currency").s()).isEqualTo(payment.get("currency").asText());
                assertThat(item.get("paymentTimestamp").s()).isEqualTo(payment.get("paymentTimestamp").asText());
            });
            ApiResponse replay = ApiGatewayEvent.postPayment().apiKeyId(apiKeyId).body(body).sendTo(handler);
            assertThat(replay.statusCode()).isEqualTo(201);
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(replay.body()).isEqualTo(response.body());
            assertThat(stored(client)).hasSize(1);
        } else {
            assertThat(stored).isEmpty();
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("requestId").asText()).isEqualTo("gen-" + n);
            assertThat(problem.get("detail").asText()).isNotBlank();
        }
    }

    private static List<Map<String, AttributeValue>> stored(ClientId client) {
        return dynamo.scanPaginator(r -> r.tableName(TABLE).consistentRead(true)
                        .filterExpression("clientId = :c")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(client.value()))))
                .items().stream().filter(PaymentItems::isPayment).toList();
    }

    // ---- random JSON documents ----

    @Provide
    Arbitrary<String> jsonDocuments() {
        Arbitrary<String> objectOfKnownAndUnknownFields = Arbitraries.maps(fieldNames(), jsonValue(2)).ofMaxSize(6)
                .map(GenerativeInputIT::object);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, objectOfKnownAndUnknownFields),
                net.jqwik.api.Tuple.of(2, jsonValue(3)),
                net.jqwik.api.Tuple.of(2, validBodies()));
    }

    private static Arbitrary<String> fieldNames() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(FIELDS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(12)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("Amount", "__proto__", "constructor", "paymentId", "clientId", "")));
    }

    private static Arbitrary<String> jsonValue(int depth) {
        List<Arbitrary<String>> leaves = List.of(
                Arbitraries.just("null"),
                Arbitraries.of("true", "false"),
                numbers(),
                Arbitraries.strings().ofMaxLength(30).map(GenerativeInputIT::quote),
                interestingStrings().map(GenerativeInputIT::quote));
        Arbitrary<String> leaf = Arbitraries.oneOf(leaves);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> array = jsonValue(depth - 1).list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Arbitraries.maps(fieldNames(), jsonValue(depth - 1)).ofMaxSize(4).map(GenerativeInputIT::object);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, leaf),
                net.jqwik.api.Tuple.of(1, array),
                net.jqwik.api.Tuple.of(1, object));
    }

    private static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.bigDecimals().ofScale(3).map(d -> d.toPlainString()),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "0"),
                Arbitraries.of("1e400", "-1e400", "1e-400", "0", "-0", "0.001", "999999999999.99", "1000000000000",
                        "1234567890123456789012345678901234567890", "12345678901234567890123456789012345678901", "1E+2", "-5",
                        "0.10", "500", "5e2", "1e-2147483648", "9".repeat(99)));
    }

    private static Arbitrary<String> interestingStrings() {
        return Arbitraries.of("2024-08-01T12:34:56Z", "2024-08-01T12:34:56", "2024-02-30T00:00:00Z", "2016-12-31T23:59:60Z",
                "2024-08-01T23:34:56+14:00", "2024-08-01T12:34:56+14:01", "2999-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
                "USD", "usd", "Dollars", "XAU", "XTS", "840", "", " ", "Gym", "\u202Egym", "G\u200Bym", "Gym\n{\"level\":\"ERROR\"}",
                "\uD83C\uDFCB\uFE0F", "Cafe\u0301", "500", "500.00", "0.001", "NaN", "Infinity", "\uD800", "\uFEFF", "\u0000",
                "x".repeat(201));
    }

    // ---- mutations of valid bodies ----

    @Provide
    Arbitrary<String> mutatedBodies() {
        return Combinators.combine(validBodies(), mutation().list().ofMinSize(1).ofMaxSize(2))
                .as((body, mutations) -> {
                    String mutated = body;
                    for (Mutation m : mutations) {
                        mutated = m.apply(mutated);
                    }
                    return mutated;
                });
    }

    /** Valid bodies in varied spellings: offsets, aliases, string amounts, unicode descriptions. */
    static Arbitrary<String> validBodies() {
        Arbitrary<String> timestamp = Arbitraries.of("2024-08-01T12:34:56Z", "2024-08-01T13:34:56+01:00", "2023-12-31T23:59:59.999999999-14:00",
                "1970-01-01T00:00:00Z", "2024-02-29T00:00:00+05:45", "2024-08-01t12:34:56z");
        Arbitrary<String> description = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars(' ', '-', '&').ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank()),
                Arbitraries.of("Gym", "\uD83C\uDFCB\uFE0F Gym", "Caf\u00E9", "\u30B8\u30E0", "\u0646\u0627\u062F\u064A", "Gym  Club"));
        Arbitrary<String[]> money = Arbitraries.of(
                new String[] {"USD", "500"}, new String[] {"usd", "\"12.99\""}, new String[] {"Dollars", "0.01"},
                new String[] {"EUR", "999999999999.99"}, new String[] {"JPY", "1500"}, new String[] {"KWD", "\"1.234\""},
                new String[] {"Pounds Sterling", "5E+2"}, new String[] {"yen", "\"42\""});
        return Combinators.combine(timestamp, description, money).as((ts, desc, m) ->
                "{\"paymentTimestamp\":" + quote(ts) + ",\"paymentDescription\":" + quote(desc)
                        + ",\"currency\":" + quote(m[0]) + ",\"amount\":" + m[1] + "}");
    }

    interface Mutation {
        String apply(String body);
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        Arbitrary<Character> anyChar = Arbitraries.oneOf(Arbitraries.chars().ascii(), Arbitraries.chars(),
                Arbitraries.of('"', '{', '}', '[', ']', ',', ':', '\\', '\u0000', '\n', '\uFEFF', '\u202E', '\uD800'));
        Arbitrary<String> field = Arbitraries.of(FIELDS);
        Arbitrary<String> replacement = Arbitraries.oneOf(jsonValue(1), numbers(),
                Arbitraries.of("\"" + "9".repeat(45) + "\"", "1e99999", "[" + "[".repeat(40) + "]".repeat(41), "{\"$gt\":\"\"}"));
        Arbitrary<Mutation> deleteField = field.map(f -> body ->
                body.replaceFirst(",?\"" + f + "\":(\"(\\\\.|[^\"\\\\])*\"|[^,}]*)", "").replace("{,", "{"));
        Arbitrary<Mutation> swap = Combinators.combine(field, replacement).as((f, value) -> body ->
                body.replaceFirst("\"" + f + "\":(\"(\\\\.|[^\"\\\\])*\"|[^,}]*)", "\"" + f + "\":" + java.util.regex.Matcher.quoteReplacement(value)));
        return Arbitraries.oneOf(
                // a byte flip: one character replaced
                Combinators.combine(where, anyChar).as((w, c) -> body -> {
                    if (body.isEmpty()) {
                        return body;
                    }
                    int at = (int) (w * (body.length() - 1));
                    return body.substring(0, at) + c + body.substring(at + 1);
                }),
                // a character inserted
                Combinators.combine(where, anyChar).as((w, c) -> body -> {
                    int at = (int) (w * body.length());
                    return body.substring(0, at) + c + body.substring(at);
                }),
                // a character deleted
                where.map(w -> body -> {
                    if (body.isEmpty()) {
                        return body;
                    }
                    int at = (int) (w * (body.length() - 1));
                    return body.substring(0, at) + body.substring(at + 1);
                }),
                // truncated
                where.map(w -> body -> body.substring(0, (int) (w * body.length()))),
                // a field deleted (weighted: field-level mutations keep the JSON well-formed more often)
                deleteField, deleteField, deleteField,
                // a field duplicated
                field.map(f -> body -> body.replace("}", ",\"" + f + "\":\"dup\"}")),
                // a field's value swapped for another type or a huge/odd value
                swap, swap, swap, swap, swap, swap,
                // an unknown field added
                Arbitraries.strings().ofMaxLength(10).map(name -> body -> body.replace("}", "," + quote(name) + ":1}")),
                // garbage appended
                Arbitraries.of("x", "}", "{}", " // c", "\u0000", "]").map(tail -> body -> body + tail),
                // wrapped in an array
                Arbitraries.just(body -> "[" + body + "]"));
    }

    // ---- JSON text helpers ----

    /**
     * A body as API Gateway hands it over: decoded from UTF-8 bytes, so it cannot hold an unpaired
     * surrogate (a decoder makes it U+FFFD). Escaped ones ({@code \\ud800} in JSON text) stay and are tested.
     */
    private static String asDecodedFromUtf8(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String object(Map<String, String> fields) {
        List<String> parts = new ArrayList<>();
        fields.forEach((name, value) -> parts.add(quote(name) + ":" + value));
        return "{" + String.join(",", parts) + "}";
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
