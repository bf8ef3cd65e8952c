package io.recorder.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §6: a keep-alive client (two pooled connections, as Node's agent behind Prism keeps them)
 * reuses its connections from the first request after start. Every request must get its proper
 * answer: a request sent on a connection the server has silently closed gets ECONNRESET and never
 * reaches a handler.
 */
class KeepAliveIT {
    private static final String KEY = "keep-alive-key-0123456789abcdef";
    private static final Map<String, String> JSON_WITH_KEY = Map.of("x-api-key", KEY, "Content-Type", "application/json");
    private static final Map<String, String> WITH_KEY = Map.of("x-api-key", KEY);

    @TempDir
    Path dataDir;
    private LocalRecorder recorder;
    private final List<String> answers = new ArrayList<>();
    private final List<KeepAliveConnection.Answer> keptAlive = new ArrayList<>();

    @BeforeEach
    void startFresh() {
        LocalOptions options = LocalOptions.parse(
                new String[] {"--port", "0", "--data-dir", dataDir.toString(), "--api-key", KEY + "=acme"}, Map.of(), dataDir);
        recorder = LocalRecorder.start(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        recorder.close();
    }

    private static byte[] payment(int month) {
        return String.format("{\"paymentTimestamp\":\"2024-%02d-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"USD\",\"amount\":500}",
                month).getBytes(StandardCharsets.UTF_8);
    }

    private void send(KeepAliveConnection connection, String name, String method, String path, Map<String, String> headers, byte[] body) {
        KeepAliveConnection.Answer answer = connection.send(method, path, headers, body);
        answers.add(name + " → " + (answer.failure() == null ? Integer.toString(answer.status()) : answer.failure()));
        if (answer.failure() == null && !"close".equalsIgnoreCase(answer.header("Connection"))) {
            keptAlive.add(answer);
        }
    }

    @Test
    void a_keep_alive_client_reusing_its_connections_from_the_first_request_after_start_gets_every_answer() {
        try (KeepAliveConnection first = new KeepAliveConnection(recorder.port());
             KeepAliveConnection second = new KeepAliveConnection(recorder.port())) {
            // What a new user sends first, alternating over the pool's two connections.
            send(first, "POST 1", "POST", "/payments", JSON_WITH_KEY, payment(1));
            send(second, "POST 2", "POST", "/payments", JSON_WITH_KEY, payment(2));
            send(first, "POST 3", "POST", "/payments", JSON_WITH_KEY, payment(3));
            send(second, "GET payments", "GET", "/payments", WITH_KEY, null);
            send(first, "GET series", "GET", "/recurring-payments", WITH_KEY, null);
            send(second, "GET spending", "GET", "/spending/monthly", WITH_KEY, null);
            // Answers given without reading the whole body (more than the JDK server drains): the next
            // request on the same pooled connection must still be answered.
            send(first, "POST 11 MB", "POST", "/payments", JSON_WITH_KEY, new byte[11 * 1024 * 1024]);
            send(first, "GET after 413", "GET", "/payments", WITH_KEY, null);
            send(second, "POST 200 KB to an unknown route", "POST", "/nothing", JSON_WITH_KEY, new byte[200 * 1024]);
            send(second, "GET after 403", "GET", "/payments", WITH_KEY, null);
            send(second, "POST 200 KB without a key", "POST", "/payments", Map.of(), new byte[200 * 1024]);
            send(second, "GET after the keyless 403", "GET", "/payments", WITH_KEY, null);
        }

        assertThat(answers).containsExactly(
                "POST 1 → 201", "POST 2 → 201", "POST 3 → 201",
                "GET payments → 200", "GET series → 200", "GET spending → 200",
                "POST 11 MB → 413", "GET after 413 → 200",
                "POST 200 KB to an unknown route → 403", "GET after 403 → 200",
                "POST 200 KB without a key → 403", "GET after the keyless 403 → 200");
    }

    @Test
    void every_kept_alive_answer_announces_an_idle_timeout_shorter_than_the_servers() {
        try (KeepAliveConnection connection = new KeepAliveConnection(recorder.port())) {
            send(connection, "POST", "POST", "/payments", JSON_WITH_KEY, payment(1));
            send(connection, "GET", "GET", "/payments", WITH_KEY, null);
            send(connection, "403", "GET", "/nothing", WITH_KEY, null);
            send(connection, "GET again", "GET", "/recurring-payments", WITH_KEY, null);
            assertThat(connection.socketsOpened()).isEqualTo(1);
        }

        assertThat(answers).containsExactly("POST → 201", "GET → 200", "403 → 403", "GET again → 200");
        // Node's agent and undici retire an idle socket a second before the announced timeout.
        assertThat(keptAlive).hasSize(4).allSatisfy(answer -> assertThat(answer.header("Keep-Alive"))
                .matches("timeout=\\d+")
                .satisfies(value -> assertThat(Long.parseLong(value.substring("timeout=".length())))
                        .isPositive().isLessThan(LocalRecorder.IDLE_SECONDS)));
    }
}
