package io.recorder.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.projections.PowertoolsProjectionEvents;
import io.recorder.projections.ProjectionsHandler;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import io.recorder.telemetry.lambda.LocalLambdaContext;
import io.recorder.telemetry.lambda.Tracing;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * DynamoDB Streams and Lambda's event source mapping, for the local runtime (dynalite has no
 * streams). An SDK interceptor on the ingest function's client ({@link IngestTap}) turns every
 * payment event written into a stream record (INSERT, NEW_IMAGE, the real stream JSON with increasing
 * sequence numbers: {@link StreamRecordJson}); a dispatcher thread batches them as the deployed event source mapping does (up
 * to 100 records, or what arrives within 1 s: infra's {@code ProjectionStream}), reads the JSON with
 * the Lambda runtime's own serializer and invokes the same {@link ProjectionsHandler} class Lambda runs,
 * in order. Failures are retried like Lambda does: from the lowest reported sequence number, a few
 * times, then the record is logged as sent to the on-failure destination and delivery moves on.
 *
 * <p>A put whose outcome the ingest client could not see (a cut connection, a retry that found the
 * item already there) is checked with a consistent read, and delivered when the item exists: a
 * duplicate at worst, never a loss. A put refused at its first attempt (a replay) makes no record,
 * as in DynamoDB Streams: the item's own write made one. At start, the projections are rebuilt from
 * the ledger ({@link StreamCatchUp}: the rebuild command's code, safe beside the live stream), so a crash between a write and
 * its projection loses nothing either. Re-delivering old events would not do: the projection takes a
 * payment recorded more than 48 hours before its series' newest as applied (ADR 0007), which is what
 * a deployment does after an outage past the stream's retention, too.
 *
 * <p>With faults on, deliveries are made hostile on purpose: duplicated records and replayed batches,
 * shuffled batches and halves delivered out of order, failed invocations (before or after the
 * handler ran) and failed store calls under the projection ({@link HostileDelivery}).
 */
public final class LocalStream implements AutoCloseable {
    public enum Fault { DUPLICATES, REORDER, FAILURES }

    /**
     * The deployed mapping's {@code BatchSize} and {@code MaximumBatchingWindowInSeconds} (infra's
     * {@code ProjectionStream}). The handler costs one read and at most one write per series per batch,
     * so the window decides how many store calls a payment costs: 50 ms here used to give batches of
     * ~10 records under load, i.e. ~2 projection calls per payment instead of < 1 as deployed.
     */
    static final int MAX_BATCH = 100;
    static final Duration BATCH_WINDOW = Duration.ofSeconds(1);
    /** Lambda's mapping is configured with 10; locally a few are enough to outlast injected faults. */
    static final int MAX_RETRIES = 6;
    private static final Object END = new Object();

    /** A stream record waiting for delivery, or a put to check (its outcome unknown to the writer). */
    record Pending(Map<String, AttributeValue> item, Instant created, boolean verify) {
    }

    /** A record with its place in the stream and its JSON. */
    record Delivery(String sequenceNumber, String json) {
    }

    private final String tableName;
    private final StreamRecordJson recordJson;
    private final HostileDelivery hostile;
    private final PrintStream log;
    private final DynamoDbClient ingestClient;
    private final DynamoDbClient projectionClient;
    /** The catch-up's own client: no injected faults, no tap. */
    private final DynamoDbClient maintenanceClient;
    private final ProjectionsHandler handler;
    private final PojoSerializer<DynamodbEvent> serializer;
    /**
     * Records written but not yet delivered. Bounded: under sustained overload writers wait for the
     * projections instead of the backlog growing until the heap is full (a 10-minute soak at 500
     * requests/s did that with an unbounded queue). DynamoDB keeps its stream outside the writer's
     * memory; here back-pressure is the honest stand-in.
     */
    static final int MAX_BACKLOG = 10_000;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>(MAX_BACKLOG);
    private final AtomicInteger unfinished = new AtomicInteger();
    private final AtomicLong sequence;
    private final AtomicLong parked = new AtomicLong();
    private final Thread dispatcher;
    private volatile boolean accepting = true;

    private LocalStream(URI endpoint, String region, AwsCredentialsProvider credentials, String tableName,
                        Set<Fault> faults, long seed, PrintStream log) {
        this.tableName = tableName;
        this.recordJson = new StreamRecordJson(region, tableName);
        this.hostile = new HostileDelivery(faults, seed);
        this.log = log;
        // Sequence numbers grow across restarts too, like a stream's.
        this.sequence = new AtomicLong(System.currentTimeMillis() * 1_000);
        this.ingestClient = client(endpoint, region, credentials, new IngestTap(this::enqueue), true);
        StoreFaults storeFaults = hostile.storeFaults();
        // The projection's own client: SDK retries off when store faults are on, so they reach the handler.
        this.projectionClient = client(endpoint, region, credentials, storeFaults, !hostile.failsStoreCalls());
        this.maintenanceClient = client(endpoint, region, credentials, new ExecutionInterceptor() { }, true);
        FunctionTelemetry telemetry = new FunctionTelemetry(MetricNames.SERVICE_PROJECTIONS, Tracing.disabled());
        this.handler = new ProjectionsHandler(projectionClient, Clock.systemUTC(), tableName, telemetry,
                new PowertoolsProjectionEvents(telemetry));
        this.serializer = LambdaEventSerializers.serializerFor(DynamodbEvent.class, LocalStream.class.getClassLoader());
        this.dispatcher = new Thread(this::dispatch, "local-stream");
        this.dispatcher.setDaemon(true);
    }

    /**
     * Starts the stream: live records, and beside them a catch-up that rebuilds the projections from
     * the ledger. The ingest function must use {@link #tappedClient()} for its writes to be seen.
     */
    public static LocalStream start(URI endpoint, String region, AwsCredentialsProvider credentials, String tableName,
                                    Set<Fault> faults, PrintStream log) {
        LocalStream stream = new LocalStream(endpoint, region, credentials, tableName, faults, System.nanoTime(), log);
        stream.dispatcher.start();
        // In the background: a large ledger must not hold up the start (the queue is bounded).
        Thread catchUp = new Thread(new StreamCatchUp(stream.maintenanceClient, tableName, log), "local-stream-catch-up");
        catchUp.setDaemon(true);
        catchUp.start();
        return stream;
    }

    /** Parses {@code duplicates,reorder,failures} (also {@code all}, {@code none}, empty). */
    public static Set<Fault> parseFaults(String spec) {
        Set<Fault> out = EnumSet.noneOf(Fault.class);
        if (spec == null) {
            return out;
        }
        for (String part : spec.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "", "none" -> { }
                case "all" -> out.addAll(EnumSet.allOf(Fault.class));
                case "duplicates" -> out.add(Fault.DUPLICATES);
                case "reorder" -> out.add(Fault.REORDER);
                case "failures" -> out.add(Fault.FAILURES);
                default -> throw new IllegalArgumentException("unknown stream fault '" + part.strip()
                        + "' (duplicates, reorder, failures, all, none)");
            }
        }
        return out;
    }

    /** The DynamoDB client whose successful payment writes become stream records. */
    public DynamoDbClient tappedClient() {
        return ingestClient;
    }

    /** Waits until every record seen so far has been delivered (or parked); false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unfinished.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Records sent to the on-failure destination so far. */
    public long parkedRecords() {
        return parked.get();
    }

    /** Queues a record for delivery; waits while the backlog is full. */
    private void enqueue(Pending pending) {
        if (!accepting) {
            return; // shutting down: the next start's catch-up (a rebuild) projects it
        }
        unfinished.incrementAndGet();
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            unfinished.decrementAndGet(); // not queued: the next start's catch-up (a rebuild) projects it
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the dispatcher (Lambda side)

    private void dispatch() {
        while (true) {
            Object first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == END) {
                return;
            }
            if (first == null) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            batch.add((Pending) first);
            boolean end = collect(batch);
            try {
                deliver(records(batch));
            } catch (RuntimeException e) {
                log.println("Stream: delivery failed, " + batch.size() + " records parked: " + e);
                parked.addAndGet(batch.size());
            } finally {
                unfinished.addAndGet(-batch.size());
            }
            if (end) {
                return;
            }
        }
    }

    /** Adds what arrives within the batching window, up to the batch size; true when the end marker came. */
    private boolean collect(List<Pending> batch) {
        long deadline = System.nanoTime() + BATCH_WINDOW.toNanos();
        while (batch.size() < MAX_BATCH) {
            long left = deadline - System.nanoTime();
            Object next;
            try {
                next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            if (next == null) {
                return false;
            }
            if (next == END) {
                return true;
            }
            batch.add((Pending) next);
        }
        return false;
    }

    /** Stream records for the batch, in order; puts of unknown outcome only if the item is there. */
    private List<Delivery> records(List<Pending> batch) {
        List<Delivery> out = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            Map<String, AttributeValue> item = pending.item();
            if (pending.verify()) {
                Map<String, AttributeValue> key = Map.of(LedgerTable.PK, item.get(LedgerTable.PK), LedgerTable.SK, item.get(LedgerTable.SK));
                Map<String, AttributeValue> stored = projectionClient.getItem(GetItemRequest.builder()
                        .tableName(tableName).key(key).consistentRead(true).build()).item();
                if (stored == null || stored.isEmpty()) {
                    continue; // never written
                }
                item = stored;
            }
            String sequenceNumber = String.format(Locale.ROOT, "%025d", sequence.incrementAndGet());
            out.add(new Delivery(sequenceNumber, recordJson.record(item, pending.created(), sequenceNumber)));
        }
        return out;
    }

    /** Lambda's retry loop for one batch, made hostile when faults are on. */
    private void deliver(List<Delivery> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (hostile.splitsBatch(batch)) {
            // The second half first: across partition keys the stream promises no order.
            int half = batch.size() / 2;
            deliver(batch.subList(half, batch.size()));
            deliver(batch.subList(0, half));
            return;
        }
        List<Delivery> pending = batch;
        int retries = 0;
        while (!pending.isEmpty()) {
            List<String> failed = invoke(hostile.reshape(pending));
            if (failed.isEmpty()) {
                if (hostile.replaysBatch()) {
                    invoke(pending); // the same batch delivered again (a retried poll): must change nothing
                }
                return;
            }
            int from = failed.contains(null) ? 0 : indexOfLowest(pending, failed);
            if (++retries > MAX_RETRIES) {
                Delivery lost = pending.get(from);
                parked.incrementAndGet();
                log.println("Stream: record " + lost.sequenceNumber() + " failed " + MAX_RETRIES
                        + " retries: sent to the on-failure destination (replay it with the rebuild command)");
                from++;
                retries = 0;
            } else {
                pause(Math.min(1_000, 20L << retries));
            }
            pending = pending.subList(from, pending.size());
        }
    }

    /** One invocation; the sequence numbers reported failed (null: the whole batch). */
    private List<String> invoke(List<Delivery> records) {
        HostileDelivery.Crash crash = hostile.crash();
        if (crash == HostileDelivery.Crash.BEFORE_HANDLER) {
            return Collections.singletonList(null); // the function failed before doing anything
        }
        DynamodbEvent event = serializer.fromJson(StreamRecordJson.event(records));
        StreamsEventResponse response;
        try {
            response = handler.handleRequest(event, new LocalLambdaContext(MetricNames.SERVICE_PROJECTIONS, UUID.randomUUID().toString()));
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (RuntimeException | Error e) {
            // What Lambda does when the function throws: the invocation failed, the whole batch is retried.
            log.println("Stream: the projections function failed (" + e + "); the batch will be retried");
            return Collections.singletonList(null);
        }
        if (crash == HostileDelivery.Crash.AFTER_HANDLER) {
            return Collections.singletonList(null); // it did the work, then timed out: Lambda retries it all
        }
        List<String> failed = new ArrayList<>();
        response.getBatchItemFailures().forEach(failure -> failed.add(failure.getItemIdentifier()));
        return failed;
    }

    private static int indexOfLowest(List<Delivery> pending, List<String> failed) {
        BigInteger lowest = null;
        for (String sequenceNumber : failed) {
            BigInteger n = new BigInteger(sequenceNumber);
            lowest = lowest == null || n.compareTo(lowest) < 0 ? n : lowest;
        }
        for (int i = 0; i < pending.size(); i++) {
            if (new BigInteger(pending.get(i).sequenceNumber()).compareTo(lowest) >= 0) {
                return i;
            }
        }
        return pending.size();
    }

    // ------------------------------------------------------------------ plumbing

    private static DynamoDbClient client(URI endpoint, String region, AwsCredentialsProvider credentials,
                                         ExecutionInterceptor interceptor, boolean sdkRetries) {
        return DynamoDbClient.builder()
                .region(Region.of(region))
                .endpointOverride(endpoint)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .overrideConfiguration(o -> {
                    o.apiCallTimeout(Duration.ofSeconds(10)).addExecutionInterceptor(interceptor);
                    if (!sdkRetries) {
                        o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking records, delivers what is queued (up to 10 s), then closes its clients. */
    @Override
    public void close() {
        accepting = false;
        try {
            queue.put(END); // after what is queued; the dispatcher is draining, so this waits at most briefly
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            dispatcher.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dispatcher.isAlive()) {
            dispatcher.interrupt();
            log.println("Stream: " + unfinished.get() + " records not delivered at shutdown (the next start's catch-up, a rebuild, projects them)");
            try {
                // Its batch in flight must end before the clients close, or it fails on a closed client.
                dispatcher.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ingestClient.close();
        projectionClient.close();
        maintenanceClient.close();
    }
}
