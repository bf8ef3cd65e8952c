package io.recorder.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees in the terminal: in readable mode one line per request and one per stream batch, no
 * EMF metric blobs (those come with --json-logs or --metrics). The functions' loggers and the EMF sink
 * write to System.out, so it is captured for the test.
 */
class ReadableConsoleIT {
    private static final String KEY = "console-key-0123456789abcdef";
    private static final String PAYMENT =
            "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"USD\",\"amount\":500}";

    @TempDir
    Path dataDir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private LocalRecorder recorder;

    @BeforeEach
    void captureStdout() {
        originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        if (recorder != null) {
            recorder.close();
        }
        System.setOut(originalOut);
    }

    @Test
    void readable_mode_prints_one_line_per_request_and_per_batch_and_no_metric_blobs() throws Exception {
        recorder = start();

        post();
        String console = awaitLine("batch records=1");

        assertThat(console).doesNotContain("\"_aws\"");
        assertThat(console.lines().filter(line -> line.contains("POST /payments → 201"))).hasSize(1);
        assertThat(console).doesNotContain("outcome=recorded"); // the function's own INFO line would repeat the access line
        assertThat(console.lines().filter(line -> line.contains("batch records="))).hasSize(1);
    }

    @Test
    void the_metrics_flag_brings_the_emf_blobs_back() throws Exception {
        recorder = start("--metrics");

        post();
        String console = awaitLine("\"ProjectionEventsApplied\"");

        assertThat(console).contains("\"PaymentsRecorded\":1.0");
    }

    private LocalRecorder start(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--port", "0", "--data-dir", dataDir.toString(), "--api-key", KEY));
        args.addAll(List.of(extra));
        return LocalRecorder.start(LocalOptions.parse(args.toArray(String[]::new), Map.of(), dataDir), System.out);
    }

    private void post() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + recorder.port() + "/payments"))
                .header("x-api-key", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PAYMENT)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
    }

    /** The console once {@code text} appeared in it (the stream delivers within its 1 s batching window). */
    private String awaitLine(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String console = out.toString(StandardCharsets.UTF_8);
            if (console.contains(text)) {
                return console;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never printed " + text + ":\n" + out.toString(StandardCharsets.UTF_8));
    }
}
