package io.recorder.benchmarks.coldstart;

import io.recorder.ingest.IngestHandler;
import io.recorder.ingest.IngestPriming;
import io.recorder.telemetry.lambda.SnapStartPriming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import software.amazon.lambda.powertools.common.internal.ClassPreLoader;

/**
 * What Lambda does on a cold start, in one fresh JVM: build the real {@link IngestHandler} through its
 * no-arg constructor (configuration from TABLE_NAME / DYNAMODB_ENDPOINT / AWS_REGION and the
 * credentials variables, exactly as the runtime provides them), then invoke it once with a real API
 * Gateway REST proxy event. Runs on the shaded Lambda jar plus this class only.
 *
 * <p>Prints {@code @@PERF} lines on stderr (stdout carries the function's own JSON logs, as in Lambda):
 * {@code first201} the moment the first 201 is in hand (the harness timestamps that line), then the
 * in-process timings. Options: {@code --prime} runs SnapStart priming between init and the first
 * invoke, as a snapshot would (Powertools' own resource and {@link IngestPriming});
 * {@code --prime-powertools-only} runs Powertools' alone (what the function had before IngestPriming); {@code --steady N} invokes N more times and reports the tail's median;
 * {@code --run ID} makes the payments unique to this run; {@code --event FILE} is the event (the Node.js peer's).
 */
public final class IngestColdStart {
    private IngestColdStart() {
    }

    public static void main(String[] args) throws IOException {
        long mainAt = System.nanoTime();
        boolean prime = false;
        boolean primePowertools = false;
        int primeTimes = 1;
        int steady = 0;
        String run = Long.toString(System.currentTimeMillis(), 36);
        Path eventFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--prime" -> {
                    prime = true;
                    primePowertools = true;
                }
                case "--prime-powertools-only" -> primePowertools = true;
                case "--prime-times" -> primeTimes = Integer.parseInt(args[++i]);
                case "--steady" -> steady = Integer.parseInt(args[++i]);
                case "--run" -> run = args[++i];
                case "--event" -> eventFile = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        PrintStream perf = System.err;
        if (eventFile == null) {
            throw new IllegalArgumentException("--event FILE (an API Gateway POST /payments event) is required");
        }
        String template = Files.readString(eventFile, StandardCharsets.UTF_8);

        long initStart = System.nanoTime();
        IngestHandler handler = new IngestHandler();
        long initEnd = System.nanoTime();
        long primeEnd = initEnd;
        // A SnapStart checkpoint runs every registered CRaC resource; this JVM has no checkpoint, so the
        // resources' work is run here: Powertools metrics' own (it preloads the classes it lists) and ours.
        if (primePowertools) {
            ClassPreLoader.preloadClasses();
        }
        if (prime) {
            boolean ok = true;
            for (int i = 0; i < primeTimes; i++) { // > 1: an experiment on how much JIT warm-up priming could buy
                ok &= SnapStartPriming.registered(IngestPriming.class).map(IngestPriming::prime).orElse(false);
            }
            perf.println("@@PERF primed=" + ok);
        }
        primeEnd = System.nanoTime();

        System.out.println("@@MARK first invoke"); // for -Xlog:class+load:stdout: what the first invoke still loads
        long firstStart = System.nanoTime();
        String first = invoke(handler, template, run, 0);
        long firstEnd = System.nanoTime();
        if (!first.contains("\"statusCode\":201")) {
            perf.println("@@PERF error first response was not 201: " + first);
            System.exit(2);
        }
        perf.println("@@PERF first201");
        perf.flush();

        perf.printf("@@PERF init_ms=%.2f prime_ms=%.2f first_invoke_ms=%.2f main_to_201_ms=%.2f%n",
                ms(initEnd - initStart), ms(primeEnd - initEnd), ms(firstEnd - firstStart), ms(firstEnd - mainAt));
        if (steady > 0) {
            long[] nanos = new long[steady];
            for (int i = 0; i < steady; i++) {
                long start = System.nanoTime();
                String response = invoke(handler, template, run, i + 1);
                nanos[i] = System.nanoTime() - start;
                if (!response.contains("\"statusCode\":201")) {
                    perf.println("@@PERF error response " + (i + 1) + " was not 201: " + response);
                    System.exit(2);
                }
            }
            // Steady state: the last fifth, after the JIT has seen the path hundreds of times.
            long[] tail = Arrays.copyOfRange(nanos, steady - Math.max(1, steady / 5), steady);
            Arrays.sort(tail);
            perf.printf("@@PERF second_invoke_ms=%.3f steady_median_ms=%.3f steady_n=%d%n",
                    ms(nanos[0]), ms(tail[tail.length / 2]), tail.length);
        }
        perf.flush();
        System.exit(0);
    }

    /** One invocation through the RequestStreamHandler contract; returns the proxy response JSON. */
    private static String invoke(IngestHandler handler, String template, String run, int n) throws IOException {
        String id = run + "-" + n;
        String event = template
                .replace("\\\"Gym\\\"", "\\\"Gym " + id + "\\\"")
                .replace("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "perf-" + id);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new io.recorder.telemetry.lambda.LocalLambdaContext("payments-ingest", "perf-" + id));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
