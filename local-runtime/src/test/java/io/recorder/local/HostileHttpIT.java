package io.recorder.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.localengine.Dynalite;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 7 §1, §2 and §4 over real HTTP: the local runtime (API Gateway emulator + the Lambda handler)
 * on a loopback port, driven by a raw socket client so that bytes a polite client would never send
 * arrive as sent. The runtime is pointed (--endpoint) at an engine this test owns, so the store is read
 * directly after every case. Each case has its own API key bound to its own client.
 */
class HostileHttpIT {
    private static final String TABLE = "hostile-http";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID =
            "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"USD\",\"amount\":500}";
    private static final String CANARY_KEY = "CANARY-HTTP-KEY-VALUE-0123456789";
    private static final int KEYS = 120;

    @TempDir
    static Path dataDir;
    private static Dynalite engine;
    private static DynamoDbClient dynamo;
    private static LocalRecorder recorder;
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
    private static PrintStream originalOut;
    private static PrintStream originalErr;
    private static int nextKey;

    static String key(int n) {
        return String.format("hostile-http-key-%04d-abcdefgh", n);
    }

    static String client(int n) {
        return String.format("http-%04d", n);
    }

    @BeforeAll
    static void start() {
        engine = Dynalite.inMemory();
        dynamo = engine.client();
        // --endpoint mode builds its client with the default credentials chain: give it local ones.
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        originalErr = System.err;
        originalOut = System.out;
        PrintStream capture = new PrintStream(new TeeStream(originalErr, CONSOLE), true, StandardCharsets.UTF_8);
        System.setErr(capture);
        // The functions' logs and metrics go to stdout, as in Lambda.
        System.setOut(new PrintStream(new TeeStream(originalOut, CONSOLE), true, StandardCharsets.UTF_8));
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", dataDir.toString(), "--endpoint", engine.endpoint().toString(),
                "--table", TABLE, "--rate-limit", "1000", "--burst-limit", "1000", "--metrics"));
        for (int i = 0; i < KEYS; i++) {
            args.addAll(List.of("--api-key", key(i) + "=" + client(i)));
        }
        args.addAll(List.of("--api-key", CANARY_KEY + "=canary"));
        recorder = LocalRecorder.start(LocalOptions.parse(args.toArray(String[]::new), Map.of(), dataDir), capture);
    }

    @AfterAll
    static void stop() {
        if (recorder != null) {
            recorder.close();
        }
        System.setErr(originalErr);
        System.setOut(originalOut);
        dynamo.close();
        engine.close();
    }

    /** One row: raw body bytes, extra headers (name/value pairs), the expected status and what must be named. */
    record Case(String name, byte[] body, List<String[]> headers, boolean withKey, int status, String named, String storedAmount) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<String[]> json() {
        return List.<String[]>of(new String[] {"Content-Type", "application/json"});
    }

    static Case invalid(String name, String body, int status, String named) {
        return new Case(name, body.getBytes(StandardCharsets.UTF_8), json(), true, status, named, null);
    }

    static Case withHeaders(String name, String body, List<String[]> headers, int status, String named, String storedAmount) {
        return new Case(name, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers, true, status, named, storedAmount);
    }

    static String with(String field, String rawValue) {
        return VALID.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\d+)", "\"" + field + "\":" + java.util.regex.Matcher.quoteReplacement(rawValue));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static Stream<Case> cases() {
        String idem = "Idempotency-Key";
        String ct = "Content-Type";
        return Stream.of(
                // malformed JSON
                invalid("truncated", "{\"amount\":500", 400, "JSON"),
                invalid("trailing garbage", VALID + "x", 400, "JSON"),
                new Case("a UTF-8 byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, VALID.getBytes(StandardCharsets.UTF_8)),
                        json(), true, 400, "JSON", null),
                invalid("duplicate keys", VALID.replace("}", ",\"amount\":500}"), 400, "JSON"),
                invalid("a comment", "/* c */" + VALID, 400, "JSON"),
                invalid("NaN", with("amount", "NaN"), 400, "JSON"),
                invalid("Infinity", with("amount", "Infinity"), 400, "JSON"),
                invalid("10,000-level nesting", "[".repeat(10_000) + "]".repeat(10_000), 400, "JSON"),
                invalid("a 9 MB description", with("paymentDescription", "\"" + "x".repeat(9 * 1024 * 1024) + "\""), 422, "paymentDescription"),
                invalid("a 9 MB run of inner spaces", with("paymentDescription", "\"a" + " ".repeat(9 * 1024 * 1024) + "a\""), 422, "paymentDescription"),
                invalid("an empty body", "", 400, "send a JSON object"),
                // wrong types, nulls, arrays, empty object
                invalid("an array", "[" + VALID + "]", 422, "(body)"),
                invalid("the empty object", "{}", 422, "amount"),
                invalid("timestamp as a number", with("paymentTimestamp", "1722515696"), 422, "paymentTimestamp"),
                invalid("description null", with("paymentDescription", "null"), 422, "paymentDescription"),
                invalid("currency as an array", with("currency", "[\"USD\"]"), 422, "currency"),
                invalid("amount as an object", with("amount", "{\"value\":500}"), 422, "amount"),
                invalid("amount as a boolean", with("amount", "true"), 422, "amount"),
                invalid("an unknown field", VALID.replace("}", ",\"note\":1}"), 422, "note"),
                // amounts
                invalid("amount -0", with("amount", "-0"), 422, "amount"),
                invalid("amount 0", with("amount", "0"), 422, "amount"),
                invalid("amount 0.001 USD", with("amount", "0.001"), 422, "amount"),
                invalid("amount 1e400", with("amount", "1e400"), 422, "amount"),
                invalid("amount 1e-400", with("amount", "1e-400"), 422, "amount"),
                invalid("amount with 40 digits", with("amount", "1234567890123456789012345678901234567890"), 422, "amount"),
                withHeaders("amount \"500\" as a string", with("amount", "\"500\""), json(), 201, null, "500.00"),
                withHeaders("amount 999999999999.99", with("amount", "999999999999.99"), json(), 201, null, "999999999999.99"),
                // timestamps
                invalid("no offset", with("paymentTimestamp", "\"2024-08-01T12:34:56\""), 422, "paymentTimestamp"),
                invalid("offset +14:01", with("paymentTimestamp", "\"2024-08-01T12:34:56+14:01\""), 422, "paymentTimestamp"),
                invalid("leap second", with("paymentTimestamp", "\"2016-12-31T23:59:60Z\""), 422, "paymentTimestamp"),
                invalid("year 0000", with("paymentTimestamp", "\"0000-01-01T00:00:00Z\""), 422, "paymentTimestamp"),
                invalid("year 10000", with("paymentTimestamp", "\"+10000-01-01T00:00:00Z\""), 422, "paymentTimestamp"),
                invalid("Feb 30", with("paymentTimestamp", "\"2024-02-30T12:00:00Z\""), 422, "paymentTimestamp"),
                invalid("a week date", with("paymentTimestamp", "\"2024-W31-4T12:34:56Z\""), 422, "paymentTimestamp"),
                invalid("far future", with("paymentTimestamp", "\"2999-01-01T00:00:00Z\""), 422, "paymentTimestamp"),
                withHeaders("offset +14:00", with("paymentTimestamp", "\"2024-08-01T23:34:56+14:00\""), json(), 201, null, "500.00"),
                withHeaders("nanoseconds", with("paymentTimestamp", "\"2024-08-01T12:34:56.123456789Z\""), json(), 201, null, "500.00"),
                // descriptions
                invalid("description empty", with("paymentDescription", "\"\""), 422, "paymentDescription"),
                invalid("description whitespace", with("paymentDescription", "\"  \\t \""), 422, "paymentDescription"),
                invalid("description with a control character", with("paymentDescription", "\"Gym\\u0007\""), 422, "paymentDescription"),
                invalid("description with a zero-width space", with("paymentDescription", "\"G\u200Bym\""), 422, "paymentDescription"),
                invalid("description with a right-to-left override", with("paymentDescription", "\"\u202Emyg\""), 422, "paymentDescription"),
                invalid("description of 10,000 characters", with("paymentDescription", "\"" + "x".repeat(10_000) + "\""), 422, "paymentDescription"),
                invalid("a log-forging description", with("paymentDescription", "\"Gym\\n{\\\"level\\\":\\\"ERROR\\\",\\\"message\\\":\\\"forged\\\"}\""), 422,
                        "paymentDescription"),
                withHeaders("emoji description", with("paymentDescription", "\"\uD83C\uDFCB\uFE0F Gym\""), json(), 201, null, "500.00"),
                withHeaders("combining characters", with("paymentDescription", "\"Cafe\u0301\""), json(), 201, null, "500.00"),
                // currencies
                invalid("currency unknown", with("currency", "\"XYZ\""), 422, "currency"),
                invalid("currency numeric", with("currency", "\"840\""), 422, "currency"),
                invalid("currency empty", with("currency", "\"\""), 422, "currency"),
                withHeaders("currency lowercase", with("currency", "\"usd\""), json(), 201, null, "500.00"),
                withHeaders("currency alias", with("currency", "\"US Dollars\""), json(), 201, null, "500.00"),
                // content types
                withHeaders("no Content-Type", VALID, List.of(), 201, null, "500.00"),
                withHeaders("Content-Type text/plain", VALID, List.<String[]>of(new String[] {ct, "text/plain"}), 415, "application/json", null),
                withHeaders("Content-Type form", VALID, List.<String[]>of(new String[] {ct, "application/x-www-form-urlencoded"}), 415, "application/json", null),
                withHeaders("charset UTF-8", VALID, List.<String[]>of(new String[] {ct, "application/json; charset=UTF-8"}), 201, null, "500.00"),
                withHeaders("charset latin-1", VALID, List.<String[]>of(new String[] {ct, "application/json; charset=ISO-8859-1"}), 415, "application/json", null),
                withHeaders("charset utf-16", VALID, List.<String[]>of(new String[] {ct, "application/json; charset=utf-16"}), 415, "application/json", null),
                withHeaders("Content-Type twice", VALID, List.<String[]>of(new String[] {ct, "text/plain"}, new String[] {ct, "application/json"}), 415,
                        "application/json", null),
                withHeaders("no body with a JSON content type", null, json(), 400, "send a JSON object", null),
                // idempotency keys
                withHeaders("Idempotency-Key of 255", VALID, List.<String[]>of(new String[] {idem, "k".repeat(255)}), 201, null, "500.00"),
                withHeaders("Idempotency-Key of 256", VALID, List.<String[]>of(new String[] {idem, "k".repeat(256)}), 400, "Idempotency-Key", null),
                withHeaders("Idempotency-Key of 8 KB", VALID, List.<String[]>of(new String[] {idem, "k".repeat(8 * 1024)}), 400, "Idempotency-Key", null),
                withHeaders("Idempotency-Key in UTF-8 (non-ASCII)", VALID, List.<String[]>of(new String[] {idem, "cl\u00E9-\uD83D\uDD11"}), 400, "Idempotency-Key", null),
                withHeaders("Idempotency-Key twice", VALID, List.<String[]>of(new String[] {idem, "a"}, new String[] {idem, "b"}), 400, "Idempotency-Key", null),
                // API keys: API Gateway's own answers
                new Case("no x-api-key", VALID.getBytes(StandardCharsets.UTF_8), json(), false, 403, "Forbidden", null),
                withHeaders("an unknown x-api-key", VALID, List.<String[]>of(new String[] {"x-api-key", "not-a-key-of-ours-0123456789"}), 403, "Forbidden", null),
                withHeaders("x-api-key of 8 KB", VALID, List.<String[]>of(new String[] {"x-api-key", "k".repeat(8 * 1024)}), 403, "Forbidden", null),
                withHeaders("x-api-key empty", VALID, List.<String[]>of(new String[] {"x-api-key", ""}), 403, "Forbidden", null),
                withHeaders("x-api-key with non-ASCII", VALID, List.<String[]>of(new String[] {"x-api-key", "cl\u00E9-0123456789abcdefghij"}), 403, "Forbidden", null),
                withHeaders("x-api-key sent twice (valid + other)", VALID, List.<String[]>of(new String[] {"x-api-key", CANARY_KEY}), 403, "Forbidden", null),
                withHeaders("x-api-key in capitals (header names are case-insensitive)", VALID, List.of(), 201, null, "500.00"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void every_hostile_http_request_gets_the_right_answer_and_only_valid_ones_are_stored(Case c) throws Exception {
        int n = nextKey++;
        List<String[]> headers = new ArrayList<>(c.headers());
        if (c.withKey()) {
            if (c.name().startsWith("x-api-key sent twice")) {
                headers.add(0, new String[] {"x-api-key", key(n)});
            } else if (c.name().startsWith("x-api-key in capitals")) {
                headers.add(new String[] {"X-API-KEY", key(n)});
            } else if (headers.stream().noneMatch(h -> h[0].equalsIgnoreCase("x-api-key"))) {
                headers.add(new String[] {"x-api-key", key(n)});
            }
        }

        RawHttp.Response response = RawHttp.send(recorder.port(), "POST", "/payments", headers, c.body());

        assertThat(response.status()).as("%s: %s", c.name(), abbreviate(response.body())).isEqualTo(c.status());
        assertThat(response.header("Server")).as("no server banner").isNull();
        assertThat(response.header("x-amzn-RequestId")).isNotBlank();
        List<Map<String, AttributeValue>> stored = stored(client(n));
        if (c.status() == 201) {
            assertThat(response.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
            JsonNode payment = JSON.readTree(response.body());
            assertThat(stored).singleElement().satisfies(item -> {
                assertThat(item.get("paymentId").s()).isEqualTo(payment.get("paymentId").asText());
                assertThat(new BigDecimal(item.get("amount").n())).isEqualByComparingTo(c.storedAmount());
            });
            return;
        }
        assertThat(stored).as("nothing stored for %s", c.name()).isEmpty();
        if (c.status() == 403 || c.status() == 413) {
            // API Gateway's own answer, in its own format.
            assertThat(response.body()).contains("\"message\":\"" + c.named());
            return;
        }
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json; charset=utf-8");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("requestId").asText()).isEqualTo(response.header("x-amzn-RequestId"));
        List<String> named = new ArrayList<>();
        problem.path("errors").forEach(e -> named.add(e.get("field").asText()));
        assertThat(named.contains(c.named()) || problem.get("detail").asText().contains(c.named()))
                .as("%s names %s: %s", c.name(), c.named(), response.body()).isTrue();
    }

    @Test
    void a_body_over_ten_megabytes_is_413_and_stores_nothing() throws Exception {
        int n = nextKey++;
        String huge = with("paymentDescription", "\"" + "x".repeat(11 * 1024 * 1024) + "\"");

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/payments"))
                .header("x-api-key", key(n)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(huge)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"message\":\"Request Too Long\"}");
        assertThat(stored(client(n))).isEmpty();
    }

    @Test
    void fifty_concurrent_requests_with_one_key_over_http_record_one_event_with_fifty_identical_bodies() {
        int n = nextKey++;
        List<HttpResponse<String>> responses = concurrently(50, i -> post(key(n), "same-key", VALID));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(responses.stream().map(HttpResponse::body).distinct()).hasSize(1);
        assertThat(responses.stream().filter(r -> r.headers().firstValue("Idempotent-Replayed").isEmpty())).hasSize(1);
        assertThat(stored(client(n))).hasSize(1);
    }

    @Test
    void fifty_concurrent_requests_with_distinct_keys_over_http_record_fifty_events() {
        int n = nextKey++;
        List<HttpResponse<String>> responses = concurrently(50, i -> post(key(n), "distinct-" + i, VALID));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(stored(client(n))).hasSize(50);
    }

    @Test
    void concurrent_replays_and_key_reuse_over_http_store_one_event_per_key_and_refuse_the_losers() throws Exception {
        int n = nextKey++;
        List<HttpResponse<String>> responses = concurrently(50, i -> post(key(n), "mixed-" + (i % 10), i % 3 == 0 ? with("amount", "501") : VALID));

        Map<String, String> storedAmountById = stored(client(n)).stream()
                .collect(Collectors.toMap(item -> item.get("paymentId").s(), item -> item.get("amount").n()));
        assertThat(storedAmountById).hasSize(10);
        Map<Integer, String> winner = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = responses.get(i);
            String sent = i % 3 == 0 ? "501" : "500";
            if (r.statusCode() == 201) {
                String id = JSON.readTree(r.body()).get("paymentId").asText();
                assertThat(storedAmountById.get(id)).isEqualTo(sent);
                assertThat(winner.merge(i % 10, sent, (a, b) -> a.equals(b) ? a : "CONFLICT")).isEqualTo(sent);
            } else {
                assertThat(r.statusCode()).isEqualTo(422);
                assertThat(r.body()).contains("/problems/idempotency-key-reused");
            }
        }
    }

    @Test
    void two_clients_over_http_never_collide_or_replay_each_other() throws Exception {
        int a = nextKey++;
        int b = nextKey++;
        HttpResponse<String> first = post(key(a), "shared", VALID);
        HttpResponse<String> other = post(key(b), "shared", VALID);
        HttpResponse<String> otherDifferent = post(key(b), "shared-2", with("amount", "7"));
        HttpResponse<String> firstReuse = post(key(a), "shared-2", VALID);

        assertThat(other.statusCode()).isEqualTo(201);
        assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(JSON.readTree(other.body()).get("paymentId").asText()).isNotEqualTo(JSON.readTree(first.body()).get("paymentId").asText());
        assertThat(otherDifferent.statusCode()).isEqualTo(201);
        assertThat(firstReuse.statusCode()).as("a key another client used is free for this one").isEqualTo(201);
        assertThat(stored(client(a))).hasSize(2);
        assertThat(stored(client(b))).hasSize(2);
    }

    @Test
    void the_api_key_value_never_appears_in_answers_or_logs() throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        responses.add(post(CANARY_KEY, "canary-1", VALID));
        responses.add(post(CANARY_KEY, "canary-1", VALID));
        responses.add(post(CANARY_KEY, "canary-1", with("amount", "2")));
        responses.add(post(CANARY_KEY, null, "{"));
        responses.add(post(CANARY_KEY, null, "{\"amount\":\"" + CANARY_KEY + "\"}"));
        responses.add(post(CANARY_KEY, "bad key", VALID));
        responses.add(post(CANARY_KEY + "x", null, VALID));

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(201, 201, 422, 400, 422, 400, 403);
        for (HttpResponse<String> response : responses) {
            assertThat(response.body()).doesNotContain(CANARY_KEY);
            response.headers().map().forEach((name, values) -> assertThat(values.toString()).doesNotContain(CANARY_KEY));
            assertThat(response.headers().firstValue("Server")).isEmpty();
        }
        // Readable mode: the access lines and (--metrics) the functions' EMF blobs were captured, and neither holds the key.
        assertThat(CONSOLE.toString(StandardCharsets.UTF_8)).doesNotContain(CANARY_KEY)
                .contains("POST /payments → 201").contains("\"PaymentsRecorded\"");
    }

    // ---- helpers ----

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + recorder.port() + path);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> post(String apiKey, String idempotencyKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/payments")).header("x-api-key", apiKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface Call {
        HttpResponse<String> send(int index);
    }

    private static List<HttpResponse<String>> concurrently(int count, Call call) {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(count);
        try {
            List<CompletableFuture<HttpResponse<String>>> futures = IntStream.range(0, count)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return call.send(i);
                    }, pool)).toList();
            go.countDown();
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Map<String, AttributeValue>> stored(String client) {
        return dynamo.scanPaginator(r -> r.tableName(TABLE).consistentRead(true)
                        .filterExpression("clientId = :c")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(client))))
                .items().stream().filter(PaymentItems::isPayment).toList();
    }

    private static String abbreviate(String text) {
        return text == null || text.length() < 300 ? text : text.substring(0, 300) + "…";
    }

    /** Writes to two streams: the real stderr and the capture the canary test reads. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }
    }
}
