package io.recorder.benchmarks.coldstart;

import io.recorder.benchmarks.Machine;
import io.recorder.benchmarks.PerfEngine;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The cold-start benchmark (driven by scripts/perf/cold-start.sh). Starts one local engine, then runs
 * fresh processes — the Node.js peer and the Java variants, alternating round by round — each timed
 * from just before the process is spawned to the moment its "first 201" line arrives. Afterwards, per
 * variant: one run logging class loading (Java), and steady-state runs that compare the first invoke
 * after init (with and without priming) to the invokes after it. Prints Markdown tables and a PASS/FAIL
 * line per budget.
 */
public final class ColdStartBench {
    private static final Pattern NUMBER = Pattern.compile("([a-z_0-9]+)=([0-9.]+)");
    private static final double C1_APPCDS_BUDGET = 1.5;
    private static final double FIRST_VS_STEADY_BUDGET = 3.0;
    private static final long JAR_BUDGET_BYTES = 10L * 1024 * 1024;

    private final Options options;
    private final PerfEngine engine;
    private int sequence;

    private ColdStartBench(Options options, PerfEngine engine) {
        this.options = options;
        this.engine = engine;
    }

    record Options(Path ingestJar, String extraClasspath, Path benchJar, Path nodePeer, Path event, int runs,
                   int steadyRuns, int steadyInvokes, String java17, Optional<String> java25, Path work, String label) {
        String javaClasspath() {
            List<String> parts = new ArrayList<>(List.of(ingestJar.toString()));
            if (!extraClasspath.isBlank()) {
                parts.add(extraClasspath);
            }
            parts.add(benchJar.toString());
            return String.join(File.pathSeparator, parts);
        }
    }

    /** A way of starting the function: a command whose run prints the @@PERF lines. */
    record Variant(String name, List<String> command, boolean java) {
    }

    record Run(double wallMs, Map<String, Double> perf, long maxRssKb) {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        Files.createDirectories(options.work());
        try (PerfEngine engine = PerfEngine.start("perf-coldstart")) {
            new ColdStartBench(options, engine).run();
        }
    }

    private void run() throws Exception {
        String machine = Machine.describe();
        List<Variant> variants = variants();
        System.out.printf("## Cold start: %s%n%n%s%n%n", options.label(), machine);
        System.out.printf("ingest jar: %s (%s)%n%n", options.ingestJar().getFileName(), mb(Files.size(options.ingestJar())));

        Map<String, List<Run>> runs = new LinkedHashMap<>();
        variants.forEach(v -> runs.put(v.name(), new ArrayList<>()));
        for (int round = 0; round < options.runs(); round++) {
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get((i + round) % variants.size()); // rotate: no fixed neighbour
                runs.get(variant.name()).add(spawn(variant.command(), List.of(), true));
            }
            System.err.printf("round %d/%d done (load %s)%n", round + 1, options.runs(), Machine.loadAverage());
        }

        double node = median(runs.get("node").stream().map(Run::wallMs).toList());
        System.out.println("| variant | median to first 201 (ms) | min–max (ms) | vs Node.js | in-process init (ms) | first invoke (ms) | peak RSS (MB) | classes loaded |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Variant variant : variants) {
            List<Run> rs = runs.get(variant.name());
            double median = median(rs.stream().map(Run::wallMs).toList());
            medians.put(variant.name(), median);
            String classes = variant.java() ? Long.toString(classesLoaded(variant)) : "n/a";
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f–%.0f | %.2f× | %.0f | %.0f | %.0f | %s |%n",
                    variant.name(), median,
                    rs.stream().mapToDouble(Run::wallMs).min().orElse(0), rs.stream().mapToDouble(Run::wallMs).max().orElse(0),
                    median / node,
                    median(rs.stream().map(r -> r.perf().getOrDefault("init_ms", 0.0)).toList()),
                    median(rs.stream().map(r -> r.perf().getOrDefault("first_invoke_ms", 0.0)).toList()),
                    median(rs.stream().map(r -> (double) r.maxRssKb()).toList()) / 1024.0,
                    classes);
        }
        System.out.printf("%n(%d runs per variant, alternating; wall time from spawn to the first 201 on the caller's clock)%n%n", options.runs());

        System.out.println("| variant | priming | init (ms) | priming (ms) | first invoke (ms) | 2nd invoke (ms) | steady median (ms) | first ÷ steady |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        Map<String, Double> primedRatios = new LinkedHashMap<>();
        long primingFailures = 0;
        long primedRuns = 0;
        for (Variant variant : variants) {
            List<List<String>> modes = variant.java()
                    ? List.of(List.of(), List.of("--prime-powertools-only"), List.of("--prime"))
                    : List.of(List.<String>of());
            for (List<String> mode : modes) {
                List<Run> rs = new ArrayList<>();
                String priming = mode.isEmpty() ? "none" : mode.get(0).equals("--prime") ? "Powertools + IngestPriming" : "Powertools only";
                try {
                    for (int i = 0; i < options.steadyRuns(); i++) {
                        List<String> extra = new ArrayList<>(mode);
                        extra.addAll(List.of("--steady", Integer.toString(options.steadyInvokes())));
                        rs.add(spawn(variant.command(), extra, false));
                    }
                } catch (IllegalStateException failed) {
                    // A priming hook that throws fails the SnapStart checkpoint: report it, don't hide it.
                    System.out.printf("| %s | %s | the priming hook threw: %s | | | | | |%n", variant.name(), priming, firstError(failed.getMessage()));
                    if (mode.contains("--prime")) {
                        primingFailures++;
                        primedRuns++;
                    }
                    continue;
                }
                double first = median(rs.stream().map(r -> r.perf().get("first_invoke_ms")).toList());
                double steady = median(rs.stream().map(r -> r.perf().get("steady_median_ms")).toList());
                if (mode.contains("--prime")) {
                    primedRatios.put(variant.name(), first / steady);
                    primingFailures += rs.stream().filter(r -> r.perf().getOrDefault("primed", 0.0) < 1).count();
                    primedRuns += rs.size();
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.1f | %.2f | %.2f | %.1f× |%n", variant.name(), priming,
                        median(rs.stream().map(r -> r.perf().get("init_ms")).toList()),
                        median(rs.stream().map(r -> r.perf().get("prime_ms")).toList()),
                        first,
                        median(rs.stream().map(r -> r.perf().get("second_invoke_ms")).toList()),
                        steady, first / steady);
            }
        }
        System.out.printf("%n(%d runs per row; steady = median of the last fifth of %d invokes after the first)%n%n",
                options.steadyRuns(), options.steadyInvokes());

        System.out.println("Budgets:");
        Double appCds = medians.get("java17-c1-appcds");
        if (appCds != null) {
            verdict(appCds / node <= C1_APPCDS_BUDGET, String.format(Locale.ROOT,
                    "cold start, Java 17 C1 + AppCDS vs Node.js: %.2f× (budget ≤ %.1f×)", appCds / node, C1_APPCDS_BUDGET));
        }
        Double primed = primedRatios.get("java17-c1-appcds");
        if (primed != null) {
            verdict(primed <= FIRST_VS_STEADY_BUDGET, String.format(Locale.ROOT,
                    "first invoke after init + priming vs steady state (Java 17, C1 + AppCDS): %.1f× (budget ≤ %.0f×)", primed, FIRST_VS_STEADY_BUDGET));
        }
        verdict(primedRuns > 0 && primingFailures == 0,
                "a simulated checkpoint (Powertools' hook, then IngestPriming: 403 for the impossible key, 201 from the refused put) succeeded in every primed run"
                + (primingFailures == 0 ? "" : ": " + primingFailures + " of " + primedRuns + " did not"));
        long written = primingItems();
        verdict(written == 0, "priming wrote nothing to the table (" + written + " items of client snapstart-priming or key snapstart#…)");
        long jar = Files.size(options.ingestJar());
        verdict(jar <= JAR_BUDGET_BYTES, String.format(Locale.ROOT, "ingest jar: %s (budget ≤ 10 MB)", mb(jar)));
        medians.forEach((name, median) -> System.out.printf(Locale.ROOT, "REPORT %s vs Node.js: %.2f×%n", name, median / node));
    }

    private static String firstError(String message) {
        return message.lines().filter(l -> l.contains("Error") || l.contains("Exception")).findFirst()
                .map(String::strip).orElse("see the run's output").replace("|", "/");
    }

    /** Items priming could have written, had its conditions been wrong: must be none. */
    private long primingItems() {
        try (DynamoDbClient dynamo = engine.client()) {
            return dynamo.scanPaginator(r -> r.tableName(engine.table())).items().stream()
                    .filter(item -> item.values().stream().anyMatch(v -> v.s() != null
                            && (v.s().contains("snapstart-priming") || v.s().contains("snapstart#"))))
                    .count();
        }
    }

    private static void verdict(boolean pass, String what) {
        System.out.println((pass ? "PASS " : "FAIL ") + what);
    }

    private List<Variant> variants() throws IOException, InterruptedException {
        String cp = options.javaClasspath();
        String main = IngestColdStart.class.getName();
        // The Java variants read the same event file as the Node.js peer.
        List<String> event = List.of("--event", options.event().toString());
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("node", List.of("node", options.nodePeer().resolve("ingest-peer.mjs").toString(),
                options.event().toString()), false));
        String java17 = options.java17();
        variants.add(new Variant("java17-default", with(event, java17, "-cp", cp, main), true));
        variants.add(new Variant("java17-c1", with(event, java17, "-XX:TieredStopAtLevel=1", "-cp", cp, main), true));

        // AppCDS: one training run dumps every class it loaded (JDK and application) into a dynamic archive.
        Path jsa = options.work().resolve(options.label() + "-java17.jsa");
        Files.deleteIfExists(jsa);
        spawn(with(event, java17, "-XX:TieredStopAtLevel=1", "-XX:ArchiveClassesAtExit=" + jsa, "-cp", cp, main), List.of(), false);
        if (Files.isRegularFile(jsa)) {
            variants.add(new Variant("java17-c1-appcds",
                    with(event, java17, "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=" + jsa, "-Xshare:auto", "-cp", cp, main), true));
        } else {
            System.out.println("NOTE: no AppCDS archive was written; the C1 + AppCDS variant is skipped");
        }
        if (options.java25().isPresent()) {
            String java25 = options.java25().get();
            // JEP 483/514: one training run records and creates the AOT cache (classes loaded and linked).
            Path aot = options.work().resolve(options.label() + "-java25.aot");
            Files.deleteIfExists(aot);
            spawn(with(event, java25, "-XX:TieredStopAtLevel=1", "-XX:AOTCacheOutput=" + aot, "-cp", cp, main), List.of(), false);
            if (Files.isRegularFile(aot)) {
                variants.add(new Variant("java25-c1-aot",
                        with(event, java25, "-XX:TieredStopAtLevel=1", "-XX:AOTCache=" + aot, "-cp", cp, main), true));
            } else {
                System.out.println("NOTE: no AOT cache was written; the Java 25 variant is skipped");
            }
        }
        return variants;
    }

    private static List<String> with(List<String> arguments, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(arguments);
        return all;
    }

    /** Runs a variant once more with class-load logging and counts the classes it loaded. */
    private long classesLoaded(Variant variant) throws IOException, InterruptedException {
        Path log = options.work().resolve("classes-" + variant.name() + ".log");
        List<String> command = new ArrayList<>(variant.command());
        command.add(1, "-Xlog:class+load=info:file=" + log);
        spawn(command, List.of(), false);
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" source: ")).count();
        }
    }

    /** Spawns one fresh process and waits for it; wall time is to its "first 201" line. */
    private Run spawn(List<String> command, List<String> extra, boolean timed) throws IOException, InterruptedException {
        int n = ++sequence;
        List<String> full = new ArrayList<>();
        Path rss = options.work().resolve("rss-" + n + ".txt");
        boolean timeAvailable = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timeAvailable) {
            full.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", rss.toString()));
        }
        full.addAll(command);
        full.addAll(List.of("--run", options.label() + "-" + ProcessHandle.current().pid() + "-" + n));
        full.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectOutput(options.work().resolve("stdout-last.txt").toFile()) // the function's logs
                .redirectErrorStream(false);
        lambdaEnvironment(builder.environment());
        long start = System.nanoTime();
        Process process = builder.start();
        double wall = -1;
        Map<String, Double> perf = new LinkedHashMap<>();
        StringBuilder errors = new StringBuilder();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                if (line.equals("@@PERF first201")) {
                    wall = (System.nanoTime() - start) / 1_000_000.0;
                } else if (line.startsWith("@@PERF primed=")) {
                    perf.put("primed", line.endsWith("true") ? 1.0 : 0.0);
                } else if (line.startsWith("@@PERF ")) {
                    Matcher m = NUMBER.matcher(line);
                    while (m.find()) {
                        perf.put(m.group(1), Double.parseDouble(m.group(2)));
                    }
                    if (line.startsWith("@@PERF error")) {
                        errors.append(line).append('\n');
                    }
                } else if (errors.length() < 4000) {
                    errors.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + full);
        }
        if (process.exitValue() != 0 || (timed && wall < 0)) {
            throw new IllegalStateException("run failed (exit " + process.exitValue() + "): " + full + "\n" + errors);
        }
        long maxRss = timeAvailable && Files.isRegularFile(rss) ? parseRss(Files.readString(rss)) : 0;
        Files.deleteIfExists(rss);
        return new Run(wall, perf, maxRss);
    }

    private static long parseRss(String time) {
        String[] lines = time.strip().split("\n");
        try {
            return Long.parseLong(lines[lines.length - 1].strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** What the Lambda runtime sets for a function (a 1 GB one), pointed at the local engine. */
    private void lambdaEnvironment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JAVA_TOOL") || k.startsWith("_JAVA") || k.startsWith("JDK_JAVA"));
        env.put("TABLE_NAME", engine.table());
        env.put("DYNAMODB_ENDPOINT", engine.endpoint());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "recorder-ingest");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/recorder-ingest");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]perf");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        env.put("NODE_NO_WARNINGS", "1");
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1024.0 / 1024.0);
    }

    private static Options parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        String java25 = o.getOrDefault("java25", "");
        return new Options(
                Path.of(required(o, "ingest-jar")),
                o.getOrDefault("extra-cp", ""),
                Path.of(required(o, "bench-jar")),
                Path.of(required(o, "node-peer")),
                Path.of(required(o, "event")),
                Integer.parseInt(o.getOrDefault("runs", "10")),
                Integer.parseInt(o.getOrDefault("steady-runs", "3")),
                Integer.parseInt(o.getOrDefault("steady-invokes", "300")),
                o.getOrDefault("java17", "java"),
                java25.isBlank() ? Optional.empty() : Optional.of(java25),
                Path.of(o.getOrDefault("work", "benchmarks/target/perf")),
                o.getOrDefault("label", "run"));
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
