package io.recorder.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.localengine.Dynalite;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 7 §3, the hard way: the local runtime as a separate JVM, under load with distinct
 * Idempotency-Keys, killed with SIGKILL mid-load, restarted on the same data dir. Every payment that got
 * a 201 must be in the store exactly once; requests cut off by the kill, retried with their key after
 * the restart, must end up recorded exactly once too; and no engine process may outlive its JVM.
 */
class CrashRecoveryIT {
    private static final String KEY = "crash-test-key-0123456789abcdef";
    private static final String BODY =
            "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"USD\",\"amount\":%d}";
    private static final Pattern LISTENING = Pattern.compile("Listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 8;

    @TempDir
    Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Runtime> started = new ArrayList<>();

    /** A runtime JVM, its port and everything it printed. */
    private record Runtime(Process process, int port, StringBuffer output) {
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(r -> r.process().destroyForcibly());
    }

    @Test
    void after_sigkill_mid_load_and_a_restart_every_acknowledged_payment_is_stored_exactly_once_and_retries_fill_the_rest()
            throws Exception {
        Runtime first = launch();
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // idempotency key -> paymentId
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        String key = "crash-" + thread + "-" + i;
                        attempted.add(key);
                        try {
                            HttpResponse<String> response = post(first.port(), key, 100 + i);
                            if (response.statusCode() == 201) {
                                acknowledged.put(key, JSON.readTree(response.body()).get("paymentId").asText());
                            } else {
                                assertThat(response.statusCode()).as(response.body()).isLessThan(500);
                            }
                        } catch (java.io.IOException cutOff) {
                            return; // the runtime is gone
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            }, "load-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        Instant deadline = Instant.now().plusSeconds(20);
        while (acknowledged.size() < 150 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }

        first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush, mid-request
        assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertNoProcessUses(dataDir);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(100);

        Runtime second = launch();
        for (String key : attempted) {
            HttpResponse<String> retry = post(second.port(), key, 100 + Integer.parseInt(key.substring(key.lastIndexOf('-') + 1)));
            assertThat(retry.statusCode()).as("retry of %s: %s", key, retry.body()).isEqualTo(201);
            String paymentId = JSON.readTree(retry.body()).get("paymentId").asText();
            if (acknowledged.containsKey(key)) {
                assertThat(paymentId).isEqualTo(acknowledged.get(key));
                assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            }
        }
        second.process().destroy(); // SIGTERM: the shutdown hook stops the engine cleanly
        assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertNoProcessUses(dataDir);

        List<Map<String, AttributeValue>> stored = storedPayments();
        Map<String, Long> copies = stored.stream().collect(Collectors.groupingBy(item -> item.get("paymentId").s(), Collectors.counting()));
        assertThat(copies.values()).allMatch(count -> count == 1);
        assertThat(copies.keySet()).containsAll(acknowledged.values());
        assertThat(stored).hasSize(attempted.size());
        System.out.printf("SIGKILL recovery: %d acknowledged before the kill, %d attempted, %d stored after retries, 0 duplicated%n",
                acknowledged.size(), attempted.size(), stored.size());
        String output = first.output() + "\n" + second.output();
        assertThat(output).doesNotContain(KEY);

        // The projections caught up too: the restart rebuilt them from the ledger, the stop drained the stream.
        java.io.ByteArrayOutputStream report = new java.io.ByteArrayOutputStream();
        int audit = io.recorder.projections.ProjectionsCommand.run(new String[] {"audit", "--data-dir", dataDir.toString()},
                Map.of(), new java.io.PrintStream(report, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(audit).as(report.toString(StandardCharsets.UTF_8)).isZero();
    }

    private Runtime launch() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LocalRecorder.class.getName(),
                "--port", "0", "--data-dir", dataDir.toString(), "--api-key", KEY + "=crash",
                "--rate-limit", "10000", "--burst-limit", "10000")
                .redirectErrorStream(true);
        Process process = builder.start();
        StringBuffer output = new StringBuffer();
        CountDownLatch listening = new CountDownLatch(1);
        int[] port = new int[1];
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        port[0] = Integer.parseInt(matcher.group(1));
                        listening.countDown();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process died
            }
        }, "runtime-output");
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the runtime did not start:\n" + output);
        }
        Runtime runtime = new Runtime(process, port[0], output);
        started.add(runtime);
        return runtime;
    }

    private HttpResponse<String> post(int port, String idempotencyKey, int amount) throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/payments"))
                .timeout(Duration.ofSeconds(20))
                .header("x-api-key", KEY).header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(String.format(BODY, amount))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** No process (the dynalite node process above all) may still be serving the data dir. */
    private static void assertNoProcessUses(Path dir) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        List<String> users;
        do {
            users = ProcessHandle.allProcesses()
                    .filter(p -> p.pid() != ProcessHandle.current().pid())
                    .map(p -> p.info().commandLine().orElse(""))
                    .filter(cmd -> cmd.contains(dir.toString()))
                    .toList();
            if (users.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        assertThat(users).as("orphan processes on the data dir").isEmpty();
    }

    private List<Map<String, AttributeValue>> storedPayments() {
        try (Dynalite engine = Dynalite.persistent(dataDir.resolve("engine")); DynamoDbClient dynamo = engine.client()) {
            new LedgerTable(dynamo, "recorder-ledger").createIfMissing();
            return dynamo.scanPaginator(r -> r.tableName("recorder-ledger").consistentRead(true)).items().stream()
                    .filter(PaymentItems::isPayment).collect(Collectors.toList());
        }
    }
}
