package io.recorder.benchmarks.load;

import io.recorder.benchmarks.Machine;
import io.recorder.benchmarks.PerfEngine;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.Description;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * End to end on the local runtime (driven by scripts/perf/load.sh): one dynalite, the local runtime
 * (API Gateway emulator + the real IngestHandler + stream-emulated projections) pointed at it, and a
 * closed-loop load generator on loopback only. Phases, each bounded in time and in requests: the
 * engine's raw conditional PutItem rate (same item shape, same SDK HTTP client as the function), new
 * payments through the API, replays through the API, then the raw rate again — so the share of time
 * spent in our code is visible, measured in the same run on the same engine.
 */
public final class LoadBench {
    private static final double THROUGHPUT_BUDGET = 0.70;
    private static final String API_KEY = "perf-load-key-0123456789abcdef";
    private static final String[] SERIES = new String[40];
    /**
     * The JVM flags ./run-local.sh starts the runtime with (C1 only), unless --runtime-jvm gives others
     * (--runtime-jvm -XX:+TieredCompilation for the JVM's defaults). With C2 on two busy cores the runtime
     * spent the whole run compiling, in slower profiled code: 2-3x its CPU per request (docs/performance.md §4).
     */
    static final List<String> RUN_LOCAL_JVM = List.of("-XX:TieredStopAtLevel=1");

    static {
        for (int i = 0; i < SERIES.length; i++) {
            SERIES[i] = "Subscription " + (char) ('A' + i % 26) + (i / 26);
        }
    }

    record Result(String phase, long requests, long errors, double seconds, long[] latenciesNanos, double[] cpuSeconds) {
        double rate() {
            return requests / seconds;
        }

        /** CPU time per measured request of one process (-1 where the OS does not say). */
        double cpuMsPerRequest(int process) {
            return cpuSeconds[process] < 0 || requests == 0 ? -1 : cpuSeconds[process] * 1000 / requests;
        }

        /** Cores one process kept busy during the measured window. */
        double cores(int process) {
            return cpuSeconds[process] < 0 ? -1 : cpuSeconds[process] / seconds;
        }

        double percentileMs(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, index)] / 1_000_000.0;
        }
    }

    /** One request of a phase: returns whether it succeeded (the expected status or outcome). */
    interface Call {
        boolean run(int thread, long sequence) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int concurrency = 8;
        int seconds = 20;
        int warmup = 5;
        long maxRequests = 200_000;
        Path runtimeJar = null;
        Path work = Path.of("benchmarks/target/perf/load");
        List<String> runtimeJvm = new ArrayList<>();
        // urlconnection: HttpURLConnection, the client under the raw phases' SDK client (keep-alive, one
        // connection per thread); httpclient: java.net.http, which cost the load generator 2-3x the CPU per
        // request on this 2-core machine, taken from the runtime and the engine it measures.
        String apiClient = "urlconnection";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--max-requests" -> maxRequests = Long.parseLong(args[++i]);
                case "--runtime-jar" -> runtimeJar = Path.of(args[++i]);
                case "--runtime-jvm" -> runtimeJvm.add(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--api-client" -> apiClient = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (runtimeJvm.isEmpty()) {
            runtimeJvm.addAll(RUN_LOCAL_JVM);
        }
        if (runtimeJar == null) {
            throw new IllegalArgumentException("--runtime-jar local-runtime/target/local-runtime.jar is required");
        }
        Files.createDirectories(work);
        // The raw phases' SDK client gets the connection cache the local runtime sets for itself (one idle
        // connection per client thread instead of HttpURLConnection's 5): the engine's rate, not connection churn.
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, concurrency + 2)));
        System.out.printf("## Local runtime load: %d concurrent clients, %d s per phase after %d s warm-up (≤ %d requests)%n%n%s · runtime JVM flags %s%n%n",
                concurrency, seconds, warmup, maxRequests, Machine.describe() + " · API client " + apiClient, String.join(" ", runtimeJvm));
        try (PerfEngine engine = PerfEngine.start("perf-raw");
             DynamoDbClient dynamo = DynamoDbClients.local(URI.create(engine.endpoint()));
             LocalRuntime runtime = LocalRuntime.start(runtimeJar, runtimeJvm, engine.endpoint(), API_KEY, work)) {
            Poster http = switch (apiClient) {
                case "urlconnection" -> LoadBench::postWithUrlConnection;
                case "httpclient" -> httpClientPoster();
                default -> throw new IllegalArgumentException("--api-client urlconnection|httpclient, not " + apiClient);
            };
            URI payments = runtime.uri("/payments");
            LedgerTable raw = new LedgerTable(dynamo, engine.table());
            ClientId client = new ClientId("raw");
            String run = Long.toString(System.currentTimeMillis(), 36);

            Call rawPut = (thread, n) -> {
                PaymentRecorded event = rawEvent(client, run, thread, n);
                dynamo.putItem(r -> r.tableName(raw.name()).item(PaymentItems.toItem(event))
                        .conditionExpression("attribute_not_exists(" + LedgerTable.PK + ")"));
                return true;
            };
            Call newPayment = (thread, n) -> post(http, payments, body(run + "n", thread, n), null) == 201;
            // Replays: a fixed set of recorded payments, sent again with the same Idempotency-Key.
            int replaySet = 200;
            for (int i = 0; i < replaySet; i++) {
                int status = post(http, payments, body(run + "r", 0, i), "replay-" + run + "-" + i);
                if (status != 201) {
                    throw new IllegalStateException("could not record the replay set: " + status);
                }
            }
            Call replay = (thread, n) -> {
                int i = (int) ((n * 31 + thread) % replaySet);
                return post(http, payments, body(run + "r", 0, i), "replay-" + run + "-" + i) == 201;
            };

            // Whose CPU a phase costs: the three share the machine's cores, so the split says where the time goes.
            List<ProcessHandle> processes = List.of(ProcessHandle.current(), runtime.process.toHandle(),
                    ProcessHandle.of(engine.pid()).orElseThrow());
            List<Result> results = new ArrayList<>();
            // Each phase numbers its requests from its own offset, so no two phases write the same item.
            results.add(phase("raw conditional PutItem (engine, before)", rawPut, 0, concurrency, warmup, seconds, maxRequests, processes));
            results.add(phase("POST /payments, new payments", newPayment, 1_000_000_000L, concurrency, warmup, seconds, maxRequests, processes));
            results.add(phase("POST /payments, replays", replay, 2_000_000_000L, concurrency, warmup, seconds, maxRequests, processes));
            // The emulated stream may still be projecting what the API phases wrote: the raw rate after is the
            // engine's alone only once the runtime is idle again.
            double caughtUp = awaitIdle(processes.get(1), Duration.ofSeconds(180));
            System.err.printf(Locale.ROOT, "runtime idle %.0f s after the API phases (the projections catching up)%n", caughtUp);
            results.add(phase("raw conditional PutItem (engine, after)", rawPut, 3_000_000_000L, concurrency, warmup, seconds, maxRequests, processes));

            System.out.println("| phase | requests | errors | requests/s | p50 (ms) | p99 (ms) |");
            System.out.println("|---|---|---|---|---|---|");
            for (Result r : results) {
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f |%n",
                        r.phase(), r.requests(), r.errors(), r.rate(), r.percentileMs(0.50), r.percentileMs(0.99));
            }
            System.out.println();
            System.out.println("CPU per measured request (ms) and cores kept busy, per process (" + PROCESS_NAMES + "):");
            System.out.println();
            System.out.println("| phase | load generator ms | runtime ms | engine ms | load generator cores | runtime cores | engine cores |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Result r : results) {
                System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.2f | %.2f | %.2f |%n", r.phase(),
                        r.cpuMsPerRequest(0), r.cpuMsPerRequest(1), r.cpuMsPerRequest(2), r.cores(0), r.cores(1), r.cores(2));
            }
            System.out.printf(Locale.ROOT, "%nThe runtime was idle %.0f s after the API phases (the emulated stream projecting their payments).%n", caughtUp);
            double rawRate = (results.get(0).rate() + results.get(3).rate()) / 2;
            double fasterRaw = Math.max(results.get(0).rate(), results.get(3).rate());
            double share = results.get(1).rate() / rawRate;
            double replayShare = results.get(2).rate() / rawRate;
            System.out.printf(Locale.ROOT, "%nload average after: %s%n%n", Machine.loadAverage());
            System.out.println("Budgets:");
            System.out.printf(Locale.ROOT, "%s new payments through the local runtime: %.0f%% of the engine's raw conditional-PutItem rate (%.0f/s of %.0f/s; budget ≥ %.0f%%)%n",
                    share >= THROUGHPUT_BUDGET ? "PASS" : "FAIL", share * 100, results.get(1).rate(), rawRate, THROUGHPUT_BUDGET * 100);
            System.out.printf(Locale.ROOT, "REPORT new payments against the faster raw phase (the first one runs on a cold load generator): %.0f%% (%.0f/s)%n",
                    results.get(1).rate() / fasterRaw * 100, fasterRaw);
            System.out.printf(Locale.ROOT, "REPORT replays: %.0f%% of the raw rate (%.0f/s)%n", replayShare * 100, results.get(2).rate());
        }
    }

    private static PaymentRecorded rawEvent(ClientId client, String run, int thread, long n) {
        Description description = new Description(SERIES[(int) (n % SERIES.length)]);
        Money amount = Money.of("19.99", "USD");
        Instant at = Instant.parse("2000-01-01T00:00:00Z").plusSeconds(thread * 10_000_000L + n % 100_000_000L);
        PaymentId id = new PaymentId("pay_" + crockford(run, 16) + crockford(Long.toString(thread * 10_000_000_000L + n, 32), 10));
        return new PaymentRecorded(id, client, SeriesId.of(client, description, amount.currency()), at, description, amount,
                Instant.now(), "raw-" + run);
    }

    /** Base-32/36 digits as Crockford characters (no i, l, o, u), left-padded or cut to {@code length}. */
    private static String crockford(String digits, int length) {
        String mapped = digits.toLowerCase(Locale.ROOT).replace('i', 'x').replace('l', 'y').replace('o', 'z').replace('u', 'w');
        String padded = "0".repeat(Math.max(0, length - mapped.length())) + mapped;
        return padded.substring(padded.length() - length);
    }

    /** A valid payment, unique per (run, thread, n), in one of a few dozen series (as real clients have). */
    private static String body(String run, int thread, long n) {
        Instant at = Instant.parse("2000-01-01T00:00:00Z").plusSeconds(thread * 10_000_000L + n % 100_000_000L);
        return "{\"paymentTimestamp\":\"" + at + "\",\"paymentDescription\":\"" + SERIES[(int) (n % SERIES.length)] + " " + run
                + "\",\"currency\":\"USD\",\"amount\":\"19.99\"}";
    }

    /** Sends one payment; returns the HTTP status (the body is read and dropped). */
    interface Poster {
        int post(URI uri, String body, String idempotencyKey) throws IOException, InterruptedException;
    }

    private static int post(Poster http, URI uri, String body, String idempotencyKey) throws IOException, InterruptedException {
        return http.post(uri, body, idempotencyKey);
    }

    private static Poster httpClientPoster() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        return (uri, body, idempotencyKey) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .header("x-api-key", API_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        };
    }

    private static int postWithUrlConnection(URI uri, String body, String idempotencyKey) throws IOException {
        return sendWithUrlConnection(uri, "POST", API_KEY, body, idempotencyKey);
    }

    /**
     * One request; {@code body} null for none. Buffered (not streamed) body: headers and body leave in
     * one write, as the SDK's client sends them.
     */
    static int sendWithUrlConnection(URI uri, String method, String apiKey, String body, String idempotencyKey) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        connection.setRequestMethod(method);
        connection.setRequestProperty("x-api-key", apiKey);
        if (idempotencyKey != null) {
            connection.setRequestProperty("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        // Read to the end and close: the connection goes back to the keep-alive cache.
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in != null) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return status;
    }

    /** A closed loop: {@code concurrency} threads, each sending its next request when the last returns. */
    private static final String PROCESS_NAMES = "load generator = this JVM, runtime = local-runtime.jar, engine = dynalite";

    /** Total CPU time so far of each process, in seconds (-1 where the OS does not report it). */
    private static double[] cpuSeconds(List<ProcessHandle> processes) {
        double[] out = new double[processes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = processes.get(i).info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
        }
        return out;
    }

    /** Waits until the process used under 5 % of a core over a second; returns the seconds waited. */
    private static double awaitIdle(ProcessHandle process, Duration limit) throws InterruptedException {
        long started = System.nanoTime();
        double last = cpuSeconds(List.of(process))[0];
        while (last >= 0 && System.nanoTime() - started < limit.toNanos()) {
            TimeUnit.SECONDS.sleep(1);
            double now = cpuSeconds(List.of(process))[0];
            if (now - last < 0.05) {
                break;
            }
            last = now;
        }
        return (System.nanoTime() - started) / 1e9;
    }

    static Result phase(String name, Call call, long offset, int concurrency, int warmupSeconds, int seconds, long maxRequests,
                        List<ProcessHandle> processes) throws InterruptedException {
        System.err.printf("phase: %s (load %s)%n", name, Machine.loadAverage());
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong budget = new AtomicLong(maxRequests);
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        long[] measuredEnd = new long[concurrency];
        CountDownLatch done = new CountDownLatch(concurrency);
        IntFunction<Runnable> worker = t -> () -> {
            long[] mine = new long[1 << 16];
            int count = 0;
            long seq = offset;
            try {
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                        break;
                    }
                    boolean measuring = start >= warmupEnd;
                    if (measuring && budget.decrementAndGet() < 0) {
                        break;
                    }
                    boolean ok;
                    try {
                        ok = call.run(t, seq++);
                    } catch (Exception e) {
                        ok = false;
                    }
                    long elapsed = System.nanoTime() - start;
                    if (measuring) {
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                        if (count == mine.length) {
                            mine = Arrays.copyOf(mine, mine.length * 2);
                        }
                        mine[count++] = elapsed;
                    }
                }
            } finally {
                latencies[t] = mine;
                counts[t] = count;
                measuredEnd[t] = System.nanoTime();
                done.countDown();
            }
        };
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(worker.apply(t), "load-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        long toWarmupEnd = warmupEnd - System.nanoTime();
        if (toWarmupEnd > 0) {
            TimeUnit.NANOSECONDS.sleep(toWarmupEnd);
        }
        double[] cpuBefore = cpuSeconds(processes);
        done.await();
        double[] cpuAfter = cpuSeconds(processes);
        double[] cpu = new double[cpuBefore.length];
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = cpuBefore[i] < 0 || cpuAfter[i] < 0 ? -1 : cpuAfter[i] - cpuBefore[i];
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        long stoppedAt = Arrays.stream(measuredEnd).max().orElse(end);
        double measured = Math.max(1e-9, (Math.min(stoppedAt, end) - warmupEnd) / 1e9);
        return new Result(name, total, errors.get(), measured, all, cpu);
    }

    /** The local runtime as ./run-local.sh starts it, pointed at the benchmark's engine. */
    static final class LocalRuntime implements AutoCloseable {
        private final Process process;
        private final int port;

        private LocalRuntime(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static LocalRuntime start(Path jar, List<String> jvm, String endpoint, String apiKey, Path work) throws IOException {
            List<String> command = new ArrayList<>(List.of("java"));
            command.addAll(jvm);
            command.addAll(List.of("-jar", jar.toString(), "--port", "0", "--endpoint", endpoint,
                    "--table", "perf-runtime", "--data-dir", work.resolve("data").toString(),
                    "--api-key", apiKey + "=perf",
                    "--rate-limit", "1000000", "--burst-limit", "1000000", "--quota", "100000000"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("AWS_ACCESS_KEY_ID", "local");
            builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
            builder.environment().put("AWS_REGION", "us-east-1");
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                int at = line.indexOf("Listening on http://127.0.0.1:");
                if (at >= 0) {
                    int port = Integer.parseInt(line.substring(at + "Listening on http://127.0.0.1:".length()).strip());
                    Path log = work.resolve("runtime.log");
                    Thread drain = new Thread(() -> {
                        try (var writer = Files.newBufferedWriter(log)) {
                            for (String l = out.readLine(); l != null; l = out.readLine()) {
                                writer.write(l);
                                writer.newLine();
                            }
                        } catch (IOException ignored) {
                            // the runtime stopped
                        }
                    }, "runtime-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new LocalRuntime(process, port);
                }
                seen.append(line).append('\n');
            }
            throw new IllegalStateException("the local runtime exited during startup:\n" + seen);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path); // loopback only
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
