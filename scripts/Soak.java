import io.recorder.dynamodb.PaymentItems;
import io.recorder.localengine.Dynalite;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The soak load client and store check (run by scripts/soak.sh, see docs/reliability.md). A single
 * source file run with the local runtime's jar on the class path:
 *
 * <pre>
 *   java -cp local-runtime/target/local-runtime.jar scripts/Soak.java load  PORT API_KEY SECONDS THREADS ACKS_FILE
 *   java -cp local-runtime/target/local-runtime.jar scripts/Soak.java check DATA_DIR ACKS_FILE
 * </pre>
 *
 * load: mixed traffic (new payments, replays, key reuse, bad requests, reads when the query routes exist),
 * every answer checked against what it must be; prints counts by status class and writes every
 * acknowledged payment (Idempotency-Key, paymentId) to ACKS_FILE. Exit 1 on any 5xx or unexpected answer.
 * check: opens the engine's data dir (runtime stopped) and verifies every acknowledged payment is
 * stored exactly once and nothing else was stored. Exit 1 on any difference.
 */
public class Soak {
    private static final Pattern PAYMENT_ID = Pattern.compile("\"paymentId\":\"(pay_[0-9a-z]{26})\"");
    private static final String TABLE = "recorder-ledger";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("load")) {
            System.exit(load(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5])));
        } else if (args.length > 0 && args[0].equals("check")) {
            System.exit(check(Path.of(args[1]), Path.of(args[2])));
        }
        System.err.println("usage: Soak load PORT KEY SECONDS THREADS ACKS | Soak check DATA_DIR ACKS");
        System.exit(2);
    }

    // ---------------------------------------------------------------- load

    enum Kind { NEW, REPLAY, REUSE, MALFORMED, INVALID, MEDIA_TYPE, NO_KEY, READ }

    record Sent(String key, String body, String paymentId) {
    }

    static final AtomicLong REQUESTS = new AtomicLong();
    static final AtomicLongArray BY_CLASS = new AtomicLongArray(6); // index = status / 100
    static final AtomicLong TRANSPORT_ERRORS = new AtomicLong();
    static final AtomicLong UNEXPECTED = new AtomicLong();
    static final Map<Kind, AtomicLong> BY_KIND = new ConcurrentHashMap<>();
    static final ConcurrentLinkedQueue<String> SURPRISES = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<Long> LATENCIES_MICROS = new ConcurrentLinkedQueue<>();

    static int load(int port, String apiKey, int seconds, int threads, Path acksFile) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        boolean reads = readsRouted(http, base, apiKey);
        System.out.println("query routes " + (reads ? "present: reads included" : "absent: no reads in the mix"));
        Map<String, String> acks = new ConcurrentHashMap<>();
        List<Sent> recent = java.util.Collections.synchronizedList(new ArrayList<>());
        Instant end = Instant.now().plusSeconds(seconds);
        AtomicLong sequence = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (Instant.now().isBefore(end)) {
                    try {
                        step(http, base, apiKey, reads, sequence.incrementAndGet(), acks, recent);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "soak-" + t);
            worker.start();
            workers.add(worker);
        }
        Instant started = Instant.now();
        while (Instant.now().isBefore(end)) {
            Thread.sleep(Math.min(60_000, Math.max(1, Duration.between(Instant.now(), end).toMillis())));
            System.out.printf(Locale.ROOT, "  %4ds: %d requests, 5xx %d, unexpected %d%n",
                    Duration.between(started, Instant.now()).toSeconds(), REQUESTS.get(), BY_CLASS.get(5), UNEXPECTED.get());
        }
        for (Thread worker : workers) {
            worker.join();
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(acksFile, StandardCharsets.UTF_8))) {
            acks.forEach((key, id) -> out.println(key + " " + id));
        }
        long elapsed = Math.max(1, Duration.between(started, Instant.now()).toSeconds());
        List<Long> latencies = new ArrayList<>(LATENCIES_MICROS);
        latencies.sort(null);
        System.out.printf(Locale.ROOT, "requests %d in %d s (%.0f/s); 2xx %d, 4xx %d, 5xx %d; transport errors %d; unexpected answers %d%n",
                REQUESTS.get(), elapsed, REQUESTS.get() / (double) elapsed, BY_CLASS.get(2), BY_CLASS.get(4), BY_CLASS.get(5),
                TRANSPORT_ERRORS.get(), UNEXPECTED.get());
        System.out.printf(Locale.ROOT, "latency ms: p50 %.1f, p99 %.1f, max %.1f%n", percentile(latencies, 0.50), percentile(latencies, 0.99),
                percentile(latencies, 1.0));
        StringBuilder kinds = new StringBuilder("by kind:");
        for (Kind kind : Kind.values()) {
            kinds.append(' ').append(kind.name().toLowerCase(Locale.ROOT)).append(' ').append(BY_KIND.getOrDefault(kind, new AtomicLong()).get());
        }
        System.out.println(kinds);
        System.out.println("acknowledged new payments " + acks.size());
        SURPRISES.stream().limit(10).forEach(s -> System.out.println("  unexpected: " + s));
        return BY_CLASS.get(5) == 0 && UNEXPECTED.get() == 0 && TRANSPORT_ERRORS.get() == 0 ? 0 : 1;
    }

    static void step(HttpClient http, String base, String apiKey, boolean reads, long n, Map<String, String> acks, List<Sent> recent)
            throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int roll = random.nextInt(100);
        Sent previous = recent.isEmpty() ? null : recent.get(random.nextInt(recent.size()));
        Kind kind = roll < 55 ? Kind.NEW
                : roll < 70 ? (previous == null ? Kind.NEW : Kind.REPLAY)
                : roll < 75 ? (previous == null ? Kind.NEW : Kind.REUSE)
                : roll < 80 ? Kind.MALFORMED
                : roll < 85 ? Kind.INVALID
                : roll < 88 ? Kind.MEDIA_TYPE
                : roll < 90 ? Kind.NO_KEY
                : reads && previous != null ? Kind.READ : Kind.NEW;
        BY_KIND.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        switch (kind) {
            case NEW -> {
                String key = "soak-" + n + "-" + Long.toHexString(random.nextLong());
                String body = body(n);
                HttpResponse<String> r = post(http, base, apiKey, key, "application/json", body);
                if (expect(r, 201, kind)) {
                    String id = paymentId(r.body());
                    acks.put(key, id);
                    Sent sent = new Sent(key, body, id);
                    synchronized (recent) {
                        if (recent.size() < 5_000) {
                            recent.add(sent);
                        } else {
                            recent.set(random.nextInt(recent.size()), sent);
                        }
                    }
                }
            }
            case REPLAY -> {
                HttpResponse<String> r = post(http, base, apiKey, previous.key(), "application/json", previous.body());
                if (expect(r, 201, kind) && (!previous.paymentId().equals(paymentId(r.body()))
                        || !"true".equals(r.headers().firstValue("Idempotent-Replayed").orElse("")))) {
                    surprise(kind, "replay answered another payment or no replay header: " + r.body());
                }
            }
            case REUSE -> expect(post(http, base, apiKey, previous.key(), "application/json", previous.body().replace("\"amount\":\"", "\"amount\":\"1")),
                    422, kind);
            case MALFORMED -> expect(post(http, base, apiKey, null, "application/json", "{\"amount\":"), 400, kind);
            case INVALID -> expect(post(http, base, apiKey, null, "application/json",
                    "{\"paymentTimestamp\":\"2024-02-30T00:00:00Z\",\"paymentDescription\":\"\",\"currency\":\"XYZ\",\"amount\":0}"), 422, kind);
            case MEDIA_TYPE -> expect(post(http, base, apiKey, null, "text/plain", "Gym 500"), 415, kind);
            case NO_KEY -> expect(post(http, base, null, null, "application/json", body(n)), 403, kind);
            case READ -> {
                HttpResponse<String> r = get(http, base, apiKey, "/payments/" + previous.paymentId());
                if (expect(r, 200, kind) && !previous.paymentId().equals(paymentId(r.body()))) {
                    surprise(kind, "read answered another payment: " + r.body());
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** A payment body unique to n: ~50 series, amounts with cents, timestamps in the recent past. */
    static String body(long n) {
        Instant when = Instant.now().minus(n % 20_000, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        return "{\"paymentTimestamp\":\"" + when + "\",\"paymentDescription\":\"Soak series " + (n % 50)
                + "\",\"currency\":\"USD\",\"amount\":\"" + (1 + n % 100_000) + "." + String.format(Locale.ROOT, "%02d", n % 100) + "\"}";
    }

    static boolean expect(HttpResponse<String> r, int status, Kind kind) {
        if (r == null) {
            return false;
        }
        if (r.statusCode() != status) {
            surprise(kind, "expected " + status + ", got " + r.statusCode() + ": " + r.body());
            return false;
        }
        return true;
    }

    static void surprise(Kind kind, String what) {
        UNEXPECTED.incrementAndGet();
        if (SURPRISES.size() < 100) {
            SURPRISES.add(kind + ": " + what);
        }
    }

    static HttpResponse<String> post(HttpClient http, String base, String apiKey, String idempotencyKey, String contentType, String body)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/payments")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(http, request.build());
    }

    static HttpResponse<String> get(HttpClient http, String base, String apiKey, String path) throws InterruptedException {
        return send(http, HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("x-api-key", apiKey).GET().build());
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request) throws InterruptedException {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            REQUESTS.incrementAndGet();
            BY_CLASS.incrementAndGet(Math.min(5, response.statusCode() / 100));
            LATENCIES_MICROS.add((System.nanoTime() - start) / 1000);
            if (response.statusCode() >= 500) {
                surprise(Kind.NEW, request.method() + " " + request.uri().getPath() + " -> " + response.statusCode() + ": " + response.body());
                UNEXPECTED.decrementAndGet(); // counted as a 5xx, not twice
            }
            return response;
        } catch (IOException e) {
            REQUESTS.incrementAndGet();
            TRANSPORT_ERRORS.incrementAndGet();
            return null;
        }
    }

    static boolean readsRouted(HttpClient http, String base, String apiKey) throws InterruptedException {
        HttpResponse<String> r = get(http, base, apiKey, "/payments/pay_0000000000000000000000000a");
        REQUESTS.decrementAndGet();
        BY_CLASS.decrementAndGet(Math.min(5, r.statusCode() / 100));
        return !(r.statusCode() == 403 && r.body().contains("Missing Authentication Token"));
    }

    static String paymentId(String body) {
        Matcher m = PAYMENT_ID.matcher(body);
        return m.find() ? m.group(1) : "";
    }

    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1000.0;
    }

    // ---------------------------------------------------------------- check

    static int check(Path dataDir, Path acksFile) throws IOException {
        Map<String, String> acks = new HashMap<>();
        for (String line : Files.readAllLines(acksFile, StandardCharsets.UTF_8)) {
            String[] parts = line.split(" ");
            acks.put(parts[0], parts[1]);
        }
        Map<String, Integer> copies = new HashMap<>();
        try (Dynalite engine = Dynalite.persistent(dataDir.resolve("engine")); DynamoDbClient dynamo = engine.client()) {
            for (Map<String, AttributeValue> item : dynamo.scanPaginator(r -> r.tableName(TABLE).consistentRead(true)).items()) {
                if (PaymentItems.isPayment(item)) {
                    copies.merge(item.get("paymentId").s(), 1, Integer::sum);
                }
            }
        }
        Set<String> acknowledged = new HashSet<>(acks.values());
        long lost = acknowledged.stream().filter(id -> !copies.containsKey(id)).count();
        long duplicated = copies.values().stream().filter(c -> c > 1).count();
        long unacknowledged = copies.keySet().stream().filter(id -> !acknowledged.contains(id)).count();
        System.out.printf(Locale.ROOT, "store check: %d payments stored, %d acknowledged; lost %d, duplicated %d, stored without a 201 %d%n",
                copies.size(), acknowledged.size(), lost, duplicated, unacknowledged);
        return lost == 0 && duplicated == 0 && unacknowledged == 0 && acknowledged.size() == acks.size() ? 0 : 1;
    }
}
