package io.recorder.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.localengine.Dynalite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The local runtime as a user meets it: real HTTP on loopback, API Gateway's rules, data that survives restarts. */
class LocalRecorderIT {
    private static final String KEY = "it-key-0123456789abcdef0123";
    private static final String OTHER_KEY = "it-other-key-0123456789abcdef";
    private static final String PUBLISHED_EXAMPLE =
            "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"Dollars\",\"amount\":500}";

    @TempDir
    Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private LocalRecorder recorder;

    @BeforeEach
    void start() {
        recorder = start("--api-key", KEY + "=acme", "--api-key", OTHER_KEY + "=globex");
    }

    @AfterEach
    void stop() {
        if (recorder != null) {
            recorder.close();
        }
    }

    private LocalRecorder start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        LocalOptions options = LocalOptions.parse(args.toArray(String[]::new), Map.of(), dataDir);
        return LocalRecorder.start(options, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recorder.port() + "/payments"))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recorder.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_payment_is_reversed_over_http_once_a_replay_is_marked_and_the_read_shows_the_reversal() throws Exception {
        String paymentId = post(PUBLISHED_EXAMPLE, "x-api-key", KEY, "Content-Type", "application/json").body()
                .replaceAll(".*\"paymentId\":\"(pay_[0-9a-z]+)\".*", "$1");
        String path = "/payments/" + paymentId + "/reversal";
        String reason = "{\"reason\":\"wrong amount\"}";

        HttpResponse<String> reversed = send("POST", path, reason, "x-api-key", KEY, "Content-Type", "application/json");
        HttpResponse<String> replayed = send("POST", path, reason, "x-api-key", KEY, "Content-Type", "application/json");
        HttpResponse<String> second = send("POST", path, null, "x-api-key", KEY);
        HttpResponse<String> foreign = send("POST", path, null, "x-api-key", OTHER_KEY);
        HttpResponse<String> noKey = send("POST", path, null);
        HttpResponse<String> read = send("GET", "/payments/" + paymentId, null, "x-api-key", KEY);

        assertThat(reversed.statusCode()).isEqualTo(201);
        assertThat(replayed.statusCode()).isEqualTo(201);
        assertThat(replayed.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(replayed.body()).isEqualTo(reversed.body());
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(noKey.statusCode()).isEqualTo(403);
        assertThat(read.body()).contains("\"reversed\":true").contains(reversed.body().substring(1, reversed.body().length() - 1));
    }

    @Test
    void fifty_different_reversals_racing_over_http_leave_one_and_the_rest_get_409() throws Exception {
        String paymentId = post(PUBLISHED_EXAMPLE, "x-api-key", KEY, "Content-Type", "application/json").body()
                .replaceAll(".*\"paymentId\":\"(pay_[0-9a-z]+)\".*", "$1");
        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recorder.port() + "/payments/" + paymentId + "/reversal"))
                    .header("x-api-key", KEY).header("Idempotency-Key", "race-" + i)
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            racing.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : racing) {
            statuses.add(response.get().statusCode());
        }

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s != 201).hasSize(49).containsOnly(409);
    }

    @Test
    void prints_where_it_listens_and_records_the_published_example() throws Exception {
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Listening on http://127.0.0.1:" + recorder.port());

        HttpResponse<String> response = post(PUBLISHED_EXAMPLE, "x-api-key", KEY, "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/payments/pay_"));
        assertThat(response.body()).contains("\"amount\":\"500.00\"").contains("\"currency\":\"USD\"");
    }

    @Test
    void a_replay_after_a_restart_returns_the_same_payment_because_it_was_persisted() throws Exception {
        HttpResponse<String> first = post(PUBLISHED_EXAMPLE, "x-api-key", KEY, "Content-Type", "application/json", "Idempotency-Key", "restart-1");
        recorder.close();
        recorder = start("--api-key", KEY + "=acme");

        HttpResponse<String> replay = post(PUBLISHED_EXAMPLE, "x-api-key", KEY, "Content-Type", "application/json", "Idempotency-Key", "restart-1");

        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(replay.body()).isEqualTo(first.body());
    }

    @Test
    void requests_without_a_valid_key_or_to_unknown_routes_get_api_gateway_answers() throws Exception {
        HttpResponse<String> noKey = post(PUBLISHED_EXAMPLE, "Content-Type", "application/json");
        HttpResponse<String> badKey = post(PUBLISHED_EXAMPLE, "x-api-key", "not-a-key-of-ours-at-all", "Content-Type", "application/json");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recorder.port() + "/nothing"))
                .header("x-api-key", KEY).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(noKey.statusCode()).isEqualTo(403);
        assertThat(noKey.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(badKey.statusCode()).isEqualTo(403);
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(storedPayments()).isEmpty();
    }

    @Test
    void browsers_get_cors_headers_only_for_the_origins_the_runtime_was_given() throws Exception {
        recorder.close();
        recorder = start("--api-key", KEY + "=acme", "--cors-origin", "http://localhost:8080");
        URI payments = URI.create("http://127.0.0.1:" + recorder.port() + "/payments");

        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(payments)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-api-key,content-type").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> foreignPreflight = http.send(HttpRequest.newBuilder(payments)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(payments).header("x-api-key", KEY)
                .header("Origin", "http://localhost:8080").GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> badKey = http.send(HttpRequest.newBuilder(payments).header("x-api-key", "not-a-key-of-ours-at-all")
                .header("Origin", "http://localhost:8080").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST, GET, OPTIONS");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Content-Type, X-Api-Key, Idempotency-Key");
        assertThat(foreignPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");
        // A refused key is readable by the page (not a network error), so it can say what went wrong.
        assertThat(badKey.statusCode()).isEqualTo(403);
        assertThat(badKey.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");
    }

    @Test
    void without_cors_origins_no_page_of_another_origin_may_read_an_answer() throws Exception {
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recorder.port() + "/payments"))
                .header("x-api-key", KEY).header("Origin", "http://localhost:8080").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void a_body_over_ten_megabytes_is_refused_with_413_and_nothing_is_stored() throws Exception {
        String huge = "{\"paymentDescription\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}";

        HttpResponse<String> response = post(huge, "x-api-key", KEY, "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(storedPayments()).isEmpty();
    }

    @Test
    void the_usage_plan_throttles_and_enforces_the_quota_per_key() throws Exception {
        recorder.close();
        recorder = start("--api-key", KEY + "=acme", "--rate-limit", "0.001", "--burst-limit", "2", "--quota", "1000");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(post(PUBLISHED_EXAMPLE, "x-api-key", KEY, "Content-Type", "application/json").statusCode());
        }
        assertThat(statuses).containsExactly(201, 201, 429, 429);

        recorder.close();
        recorder = start("--api-key", KEY + "=acme", "--quota", "1");
        assertThat(post(PUBLISHED_EXAMPLE, "x-api-key", KEY, "Content-Type", "application/json").statusCode()).isEqualTo(201);
        HttpResponse<String> overQuota = post(PUBLISHED_EXAMPLE, "x-api-key", KEY, "Content-Type", "application/json");
        assertThat(overQuota.statusCode()).isEqualTo(429);
        assertThat(overQuota.body()).isEqualTo("{\"message\":\"Limit Exceeded\"}");
    }

    @Test
    void twenty_parallel_identical_requests_with_one_key_record_exactly_one_payment() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recorder.port() + "/payments"))
                    .header("x-api-key", KEY).header("Content-Type", "application/json").header("Idempotency-Key", "parallel-1")
                    .POST(HttpRequest.BodyPublishers.ofString(PUBLISHED_EXAMPLE)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).collect(Collectors.toList());

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(responses.stream().map(HttpResponse::body).distinct()).hasSize(1);
        assertThat(storedPayments()).hasSize(1);
    }

    @Test
    void two_clients_never_collide_even_with_the_same_idempotency_key() throws Exception {
        post(PUBLISHED_EXAMPLE, "x-api-key", KEY, "Content-Type", "application/json", "Idempotency-Key", "shared");
        HttpResponse<String> other = post(PUBLISHED_EXAMPLE, "x-api-key", OTHER_KEY, "Content-Type", "application/json", "Idempotency-Key", "shared");

        assertThat(other.statusCode()).isEqualTo(201);
        assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(storedPayments()).hasSize(2);
    }

    @Test
    void closing_stops_the_engine_process_and_releases_the_data_dir() throws Exception {
        recorder.close();
        recorder = null;

        boolean engineStillRunning = ProcessHandle.allProcesses()
                .anyMatch(p -> p.info().commandLine().orElse("").contains(dataDir.toString()));
        assertThat(engineStillRunning).isFalse();
        assertThat(Files.exists(dataDir.resolve("engine"))).isTrue();
        storedPayments(); // the folder can be opened again: the lock was released
    }

    /** Reads the store itself (not the API), with the runtime stopped so the data dir is free. */
    private List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> storedPayments() {
        boolean running = recorder != null;
        if (running) {
            recorder.close();
        }
        try (Dynalite engine = Dynalite.persistent(dataDir.resolve("engine")); DynamoDbClient dynamo = engine.client()) {
            new LedgerTable(dynamo, "recorder-ledger").createIfMissing();
            return dynamo.scanPaginator(r -> r.tableName("recorder-ledger")).items().stream()
                    .filter(PaymentItems::isPayment).collect(Collectors.toList());
        } finally {
            recorder = running ? start("--api-key", KEY + "=acme", "--api-key", OTHER_KEY + "=globex") : null;
        }
    }
}
