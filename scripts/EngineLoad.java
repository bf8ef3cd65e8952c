import io.recorder.dynamodb.LedgerTable;
import io.recorder.localengine.Dynalite;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The embedded engine alone under the load that made it go back in time (docs/reliability.md, issue 12),
 * run by scripts/engine-load.sh. Raw HTTP (no SDK on the load path), a persistent data dir, the project's
 * own launcher (Dynalite.persistent), or dynalite as shipped with --leak:
 * <ul>
 *   <li>16 writers: PutItem with attribute_not_exists, about 800/s together, 15 % of them replays of an
 *       item already written (each must be refused), 10 % reads (GetItem, Queries on the byTime index);
 *   <li>one single writer, like the projection: GetItem(ConsistentRead) then PutItem conditioned on the
 *       version it read, over 50 items that grow to 60 KB. It remembers the version it last saved per
 *       item, so an older version read back is a stale read, and a put accepted on it a lost update.
 * </ul>
 * Every 10 s it prints the engine's RSS, the data dir's size and its open iterators. Exit 1 on any stale
 * read, lost update, accepted replay or error.
 * With --scans, one more thread reads the whole table page after page all along, as audit and rebuild do.
 * <pre>java -Drecorder.home=$PWD -cp local-runtime/target/local-runtime.jar scripts/EngineLoad.java SECONDS [--leak] [--scans]</pre>
 */
public class EngineLoad {
    private static final String TABLE = "engine-load";
    private static final int WRITERS = 16;
    private static final int TARGET_PER_SECOND = 800;
    private static final int SERIES = 50;
    private static final int MAX_ITEM_BYTES = 60_000;
    private static final Pattern VERSION = Pattern.compile("\"version\":\\{\"N\":\"(\\d+)\"\\}");

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong replaysRefused = new AtomicLong();
    private final AtomicLong replaysAccepted = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong versionedSaves = new AtomicLong();
    private final AtomicLong staleReads = new AtomicLong();
    private final AtomicLong staleSavesAccepted = new AtomicLong();
    private final AtomicLong conditionFailures = new AtomicLong();
    private final AtomicLong scannedPages = new AtomicLong();
    private final AtomicLong scanPasses = new AtomicLong();
    private final boolean scans;

    EngineLoad(URI endpoint, boolean scans) {
        this.endpoint = endpoint;
        this.scans = scans;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        boolean leak = List.of(args).contains("--leak");
        boolean scans = List.of(args).contains("--scans");
        Path dataDir = Files.createTempDirectory("engine-load");
        System.out.printf("Engine load: %d s, %s%s, data dir %s%n", seconds,
                leak ? "dynalite as shipped (iterators leak)" : "the project's launcher (iterators closed)",
                scans ? ", whole-table paged scans all along (like audit and rebuild)" : "", dataDir);
        try (Dynalite engine = leak ? Dynalite.leakingIterators(Optional.of(dataDir)) : Dynalite.persistent(dataDir)) {
            try (DynamoDbClient dynamo = engine.client()) {
                new LedgerTable(dynamo, TABLE).createIfMissing();
            }
            System.exit(new EngineLoad(engine.endpoint(), scans).run(engine, dataDir, seconds));
        }
    }

    int run(Dynalite engine, Path dataDir, int seconds) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            threads.add(started(new Thread(this::writer, "writer-" + i)));
        }
        threads.add(started(new Thread(this::singleWriter, "single-writer")));
        if (scans) {
            threads.add(started(new Thread(this::scanner, "scanner")));
        }
        long maxRss = 0;
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            long rss = rssKb(engine.pid());
            maxRss = Math.max(maxRss, rss);
            System.out.printf("%4d s  puts %,d  replays refused %,d  reads %,d  queries %,d  versioned saves %,d  "
                            + "stale reads %d  engine RSS %,d MB  data dir %,d MB  open iterators %d%n",
                    (System.nanoTime() - start) / 1_000_000_000, puts.get(), replaysRefused.get(), reads.get(), queries.get(),
                    versionedSaves.get(), staleReads.get(), rss / 1024, sizeBytes(dataDir) / (1024 * 1024), engine.openIterators());
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000_000;
        int openAtEnd = engine.openIterators();
        System.out.printf("%nResult after %d s:%n", elapsed);
        System.out.printf("  writes: %,d puts (%,d/s), %,d replays refused, %d replays ACCEPTED%n",
                puts.get(), puts.get() / Math.max(1, elapsed), replaysRefused.get(), replaysAccepted.get());
        System.out.printf("  reads: %,d GetItem, %,d Query (byTime index)%n", reads.get(), queries.get());
        System.out.printf("  single writer: %,d versioned saves, %d stale reads, %d saves accepted on a stale version, %d condition failures%n",
                versionedSaves.get(), staleReads.get(), staleSavesAccepted.get(), conditionFailures.get());
        if (scans) {
            System.out.printf("  scans: %,d pages read, %,d whole passes over the table%n", scannedPages.get(), scanPasses.get());
        }
        System.out.printf("  engine: max RSS %,d MB, data dir %,d MB, open iterators %d%n",
                maxRss / 1024, sizeBytes(dataDir) / (1024 * 1024), openAtEnd);
        System.out.printf("  errors: %d%n", errors.get());
        boolean pass = staleReads.get() == 0 && staleSavesAccepted.get() == 0 && replaysAccepted.get() == 0
                && conditionFailures.get() == 0 && errors.get() == 0;
        System.out.println(pass ? "PASS" : "FAIL");
        return pass ? 0 : 1;
    }

    private void writer() {
        long pauseNanos = 1_000_000_000L * WRITERS / TARGET_PER_SECOND;
        long next = System.nanoTime();
        while (running.get()) {
            try {
                double dice = ThreadLocalRandom.current().nextDouble();
                String existing = dice < 0.25 ? randomWritten() : null;
                if (dice < 0.05 && existing != null) {
                    get(existing);
                } else if (dice < 0.10) {
                    queryNewest();
                } else if (dice < 0.25 && existing != null) {
                    replay(existing);
                } else {
                    putNew();
                }
            } catch (IOException | RuntimeException e) {
                if (errors.incrementAndGet() <= 5) {
                    System.out.println("error: " + e);
                }
            } catch (InterruptedException e) {
                return;
            }
            next += pauseNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            } else {
                next = System.nanoTime(); // behind: don't burst to catch up
            }
        }
    }

    private void putNew() throws IOException, InterruptedException {
        String id = UUID.randomUUID().toString();
        String answer = call("PutItem", putEvent(id));
        if (!answer.equals("{}")) {
            throw new IllegalStateException("new put refused: " + answer);
        }
        puts.incrementAndGet();
        written.add(id);
        if (written.size() > 20_000) {
            written.poll();
        }
    }

    private void replay(String id) throws IOException, InterruptedException {
        String answer = call("PutItem", putEvent(id));
        if (answer.contains("ConditionalCheckFailedException")) {
            replaysRefused.incrementAndGet();
        } else if (answer.equals("{}")) {
            replaysAccepted.incrementAndGet();
        } else {
            throw new IllegalStateException("replay answered " + answer);
        }
    }

    private void get(String id) throws IOException, InterruptedException {
        String answer = call("GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":{\"pk\":{\"S\":\"C#load#PAY#" + id
                + "\"},\"sk\":{\"S\":\"EVENT\"}}}");
        if (!answer.contains(id)) {
            throw new IllegalStateException("written event not found: " + id);
        }
        reads.incrementAndGet();
    }

    private void queryNewest() throws IOException, InterruptedException {
        int shard = ThreadLocalRandom.current().nextInt(16);
        String answer = call("Query", "{\"TableName\":\"" + TABLE + "\",\"IndexName\":\"" + LedgerTable.GSI1 + "\","
                + "\"KeyConditionExpression\":\"gsi1pk = :pk\",\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"C#load#LEDGER#"
                + shard + "\"}},\"ScanIndexForward\":false,\"Limit\":20}");
        if (!answer.contains("\"Count\"")) {
            throw new IllegalStateException("query answered " + answer);
        }
        queries.incrementAndGet();
    }

    private static String putEvent(String id) {
        String time = java.time.Instant.now().toString();
        return "{\"TableName\":\"" + TABLE + "\",\"Item\":{"
                + "\"pk\":{\"S\":\"C#load#PAY#" + id + "\"},\"sk\":{\"S\":\"EVENT\"},"
                + "\"gsi1pk\":{\"S\":\"C#load#LEDGER#" + Math.floorMod(id.hashCode(), 16) + "\"},\"gsi1sk\":{\"S\":\"" + time + "#" + id + "\"},"
                + "\"gsi2pk\":{\"S\":\"C#load#SERIES#" + Math.floorMod(id.hashCode(), 50) + "\"},\"gsi2sk\":{\"S\":\"" + time + "#" + id + "\"},"
                + "\"type\":{\"S\":\"PaymentRecorded\"},\"description\":{\"S\":\"" + "x".repeat(300) + "\"},"
                + "\"amount\":{\"S\":\"500.00\"},\"currency\":{\"S\":\"USD\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(pk)\"}";
    }

    /** Read, then write conditioned on what was read: the projection's pattern, one writer per item. */
    private void singleWriter() {
        long[] lastSaved = new long[SERIES];
        int series = 0;
        while (running.get()) {
            try {
                String key = "{\"pk\":{\"S\":\"C#load#RECURRING\"},\"sk\":{\"S\":\"ser_" + series + "\"}}";
                String item = call("GetItem", "{\"TableName\":\"" + TABLE + "\",\"ConsistentRead\":true,\"Key\":" + key + "}");
                Matcher found = VERSION.matcher(item);
                long version = found.find() ? Long.parseLong(found.group(1)) : 0;
                boolean stale = version < lastSaved[series];
                if (stale) {
                    staleReads.incrementAndGet();
                    System.out.printf("STALE: ser_%d read version %d after saving version %d%n", series, version, lastSaved[series]);
                }
                long next = version + 1;
                String history = "h".repeat((int) Math.min(MAX_ITEM_BYTES, next * 200));
                String condition = version == 0
                        ? "\"ConditionExpression\":\"attribute_not_exists(pk)\""
                        : "\"ConditionExpression\":\"version = :v\",\"ExpressionAttributeValues\":{\":v\":{\"N\":\"" + version + "\"}}";
                String answer = call("PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"C#load#RECURRING\"},"
                        + "\"sk\":{\"S\":\"ser_" + series + "\"},\"version\":{\"N\":\"" + next + "\"},\"history\":{\"S\":\"" + history + "\"}},"
                        + condition + "}");
                if (answer.equals("{}")) {
                    versionedSaves.incrementAndGet();
                    lastSaved[series] = next;
                    if (stale) {
                        staleSavesAccepted.incrementAndGet();
                    }
                } else if (answer.contains("ConditionalCheckFailedException")) {
                    conditionFailures.incrementAndGet(); // one writer: only an engine going back explains it
                } else {
                    throw new IllegalStateException("versioned put answered " + answer);
                }
            } catch (IOException | RuntimeException e) {
                if (errors.incrementAndGet() <= 5) {
                    System.out.println("error: " + e);
                }
            } catch (InterruptedException e) {
                return;
            }
            series = (series + 1) % SERIES;
        }
    }

    /** Reads the whole table page by page (1 MB each, the engine's default), as audit and rebuild do. */
    private void scanner() {
        String startKey = null;
        while (running.get()) {
            try {
                String answer = call("Scan", "{\"TableName\":\"" + TABLE + "\""
                        + (startKey == null ? "" : ",\"ExclusiveStartKey\":" + startKey) + "}");
                if (!answer.contains("\"Count\"")) {
                    throw new IllegalStateException("scan answered " + answer.substring(0, Math.min(200, answer.length())));
                }
                scannedPages.incrementAndGet();
                startKey = lastEvaluatedKey(answer);
                if (startKey == null) {
                    scanPasses.incrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                if (errors.incrementAndGet() <= 5) {
                    System.out.println("error: " + e);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The LastEvaluatedKey object of a Scan answer, as JSON, or null on the last page. */
    private static String lastEvaluatedKey(String answer) {
        int at = answer.indexOf("\"LastEvaluatedKey\":");
        if (at < 0) {
            return null;
        }
        int start = answer.indexOf('{', at);
        int depth = 0;
        for (int i = start; i < answer.length(); i++) {
            char c = answer.charAt(i);
            if (c == '"') {
                i = answer.indexOf('"', i + 1); // keys and values here hold no escaped quotes
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return answer.substring(start, i + 1);
            }
        }
        throw new IllegalStateException("unterminated LastEvaluatedKey");
    }

    private static Thread started(Thread thread) {
        thread.start();
        return thread;
    }

    private String randomWritten() {
        String[] some = written.stream().limit(2_000).toArray(String[]::new);
        return some.length == 0 ? null : some[ThreadLocalRandom.current().nextInt(some.length)];
    }

    private String call(String target, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + target)
                .header("X-Amz-Date", "20260101T000000Z")
                // dynalite checks the header's form, not the signature
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return 0;
    }

    private static long sizeBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1; // a file vanished mid-walk (compaction): the next sample counts it
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
