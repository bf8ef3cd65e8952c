package io.recorder.dynamodb;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.LedgerEntry;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.Timestamps;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The read side of the ledger: one payment by id, and pages of a client's payments newest first.
 *
 * <p>A client's ledger is spread over {@link LedgerTable#LEDGER_SHARDS} partitions of the byTime
 * index. A page queries every shard newest first, bounded by the time range and by the position of
 * the previous page, and merges them (k-way, by sort key). The sort key {@code {timestamp}#{paymentId}}
 * is unique and total, so "everything strictly older than the last key returned" gives every payment
 * exactly once across pages, equal timestamps included. A series filter reads the bySeries index:
 * one partition, same sort keys, same positions.
 *
 * <p>A reversal sits in the same index partition as its payment, sorted right before it (newest first,
 * ADR 0009): the merge meets it first and attaches it to the payment that follows. It is never an item
 * of a page and never a position, so paging is unchanged.
 *
 * <p>Reads are eventually consistent (index reads always are): a payment recorded a moment ago may
 * be missing from a page, never duplicated; a reversal appended a moment ago may not show yet.
 */
public final class LedgerReads {
    /** Largest page a caller may ask for; the API allows 1..100. */
    public static final int MAX_PAGE = 1000;

    /** Shape of a position (a sort key): fixed-width UTC timestamp, {@code #}, payment id. */
    private static final Pattern POSITION = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{9}Z#pay_[0-9a-hjkmnp-tv-z]{26}");
    /** Below every sort key (they start with a 4-digit year). */
    private static final String LOWEST = "0";
    /** Above every sort key. */
    private static final String HIGHEST = "~";

    private static final ExecutorService SHARD_READS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "ledger-shard-read");
        thread.setDaemon(true);
        return thread;
    });

    /** Which payments a listing shows, by whether they were reversed. */
    public enum Reversals {
        /** Every payment, reversed ones marked. */
        INCLUDE,
        /** Only payments that stand. */
        EXCLUDE,
        /** Only reversed payments. */
        ONLY;

        boolean shows(LedgerEntry entry) {
            return this == INCLUDE || (this == ONLY) == entry.reversed();
        }
    }

    /**
     * What to list.
     *
     * @param from   payments at or after this instant
     * @param to     payments strictly before this instant
     * @param series only this series (the bySeries index)
     * @param limit  page size, 1..{@link #MAX_PAGE}
     * @param after  the position the previous page ended at ({@link Page#next()}); this page starts strictly after it
     * @param reversals which payments to show by whether they were reversed
     */
    public record PaymentQuery(Optional<Instant> from, Optional<Instant> to, Optional<SeriesId> series, int limit,
                               Optional<String> after, Reversals reversals) {
        public PaymentQuery {
            Objects.requireNonNull(reversals, "reversals");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(series, "series");
            Objects.requireNonNull(after, "after");
            if (limit < 1 || limit > MAX_PAGE) {
                throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE);
            }
            after.ifPresent(position -> {
                if (!isPosition(position)) {
                    throw new IllegalArgumentException("not a ledger position");
                }
            });
        }

        public static PaymentQuery firstPage(int limit) {
            return new PaymentQuery(Optional.empty(), Optional.empty(), Optional.empty(), limit, Optional.empty(), Reversals.INCLUDE);
        }

        /** The same query, continuing after {@code position}. */
        public PaymentQuery after(Optional<String> position) {
            return new PaymentQuery(from, to, series, limit, position, reversals);
        }
    }

    /**
     * One page, newest first.
     *
     * @param next the position to continue after; empty on the last page
     */
    public record Page(List<LedgerEntry> items, Optional<String> next) {
        public Page {
            items = List.copyOf(items);
            Objects.requireNonNull(next, "next");
        }
    }

    private final LedgerTable table;

    public LedgerReads(LedgerTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** True when {@code candidate} has the shape of a position this class hands out (untrusted input check). */
    public static boolean isPosition(String candidate) {
        return candidate != null && POSITION.matcher(candidate).matches();
    }

    /**
     * One of the client's payments with its reversal, if any; empty for an unknown id and for another client's
     * id alike. One strongly consistent Query of the payment's partition (both items, one read unit): a
     * reversal just answered 201 shows at once.
     */
    public Optional<LedgerEntry> payment(ClientId client, PaymentId payment) {
        // The partition's sort keys are EVENT and REVERSAL; BETWEEN names exactly the two.
        QueryResponse response = StoreFailures.translate(() -> table.dynamo().query(r -> r
                .tableName(table.name())
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lower AND :upper")
                .expressionAttributeNames(Map.of("#pk", LedgerTable.PK, "#sk", LedgerTable.SK))
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(LedgerTable.paymentPk(client, payment)),
                        ":lower", AttributeValue.fromS(LedgerTable.EVENT_SK),
                        ":upper", AttributeValue.fromS(LedgerTable.REVERSAL_SK)))
                .consistentRead(true)));
        PaymentRecorded recorded = null;
        PaymentReversed reversal = null;
        for (Map<String, AttributeValue> item : response.items()) {
            if (PaymentItems.isPayment(item)) {
                recorded = PaymentItems.fromItem(item);
            } else if (ReversalItems.isReversal(item)) {
                reversal = ReversalItems.fromItem(item);
            }
        }
        if (recorded == null || !recorded.clientId().equals(client)) {
            return Optional.empty();
        }
        return Optional.of(new LedgerEntry(recorded, Optional.ofNullable(reversal)));
    }

    /** One page of the client's payments, newest first (ties: payment id, descending). */
    public Page payments(ClientId client, PaymentQuery query) {
        String lower = query.from().map(Timestamps::sortable).orElse(LOWEST);
        // Both upper bounds are exclusive: a bare timestamp sorts before every key at that instant.
        String upper = query.to().map(Timestamps::sortable).orElse(HIGHEST);
        if (query.after().isPresent() && query.after().get().compareTo(upper) < 0) {
            upper = query.after().get();
        }
        if (lower.compareTo(upper) >= 0) {
            return new Page(List.of(), Optional.empty());
        }
        List<ShardReader> shards = new ArrayList<>();
        if (query.series().isPresent()) {
            shards.add(new ShardReader(LedgerTable.GSI2, LedgerTable.GSI2_PK, LedgerTable.GSI2_SK,
                    LedgerTable.seriesPk(client, query.series().get()), lower, upper, query.limit()));
        } else {
            for (int shard = 0; shard < LedgerTable.LEDGER_SHARDS; shard++) {
                shards.add(new ShardReader(LedgerTable.GSI1, LedgerTable.GSI1_PK, LedgerTable.GSI1_SK,
                        LedgerTable.ledgerShardPk(client, shard), lower, upper, query.limit()));
            }
        }
        fetchAll(shards);
        List<LedgerEntry> items = new ArrayList<>(query.limit());
        // Reversals met, by payment: each is met right before its payment (same partition, adjacent keys).
        Map<PaymentId, PaymentReversed> reversals = new HashMap<>();
        String lastKey = null;
        while (items.size() < query.limit()) {
            ShardReader newest = newestHead(shards);
            if (newest == null) {
                break;
            }
            Map<String, AttributeValue> item = newest.take();
            if (ReversalItems.isReversal(item)) {
                PaymentReversed reversal = ReversalItems.fromItem(item);
                requireClient(client, reversal.clientId());
                reversals.put(reversal.paymentId(), reversal);
                continue;
            }
            PaymentRecorded payment = PaymentItems.fromItem(item);
            requireClient(client, payment.clientId());
            LedgerEntry entry = new LedgerEntry(payment, Optional.ofNullable(reversals.remove(payment.paymentId())));
            lastKey = newest.sortKeyOf(item);
            if (query.reversals().shows(entry)) {
                items.add(entry);
            }
        }
        boolean more = items.size() == query.limit() && newestHead(shards) != null;
        return new Page(items, more ? Optional.of(lastKey) : Optional.empty());
    }

    private static void requireClient(ClientId expected, ClientId found) {
        if (!found.equals(expected)) {
            throw new IllegalStateException("index item of another client under this client's key");
        }
    }

    /** The position a page ends at when {@code payment} is its last item. */
    public static String positionOf(PaymentRecorded payment) {
        return LedgerTable.timeSk(payment.paymentTimestamp(), payment.paymentId());
    }

    /** Up to {@code max} most recent payments of one series, newest first, reversed ones marked. */
    public List<LedgerEntry> recentInSeries(ClientId client, SeriesId series, int max) {
        return payments(client, new PaymentQuery(Optional.empty(), Optional.empty(), Optional.of(series), max,
                Optional.empty(), Reversals.INCLUDE)).items();
    }

    /** The first batch of every shard, in parallel: one round trip for a page in the common case. */
    private static void fetchAll(List<ShardReader> shards) {
        if (shards.size() == 1) {
            shards.get(0).fetch();
            return;
        }
        List<CompletableFuture<Void>> reads = new ArrayList<>(shards.size());
        for (ShardReader shard : shards) {
            reads.add(CompletableFuture.runAsync(shard::fetch, SHARD_READS));
        }
        try {
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The shard whose next item is the newest, fetching more from a shard whose batch ran out; null when all are done. */
    private static ShardReader newestHead(List<ShardReader> shards) {
        ShardReader newest = null;
        String newestKey = null;
        for (ShardReader shard : shards) {
            String key = shard.headKey();
            if (key != null && (newestKey == null || key.compareTo(newestKey) > 0)) {
                newest = shard;
                newestKey = key;
            }
        }
        return newest;
    }

    /** One index partition read newest first between two bounds, batch by batch. */
    private final class ShardReader {
        private final String index;
        private final String pkName;
        private final String skName;
        private final String pk;
        private final String lower;
        private final String upper;
        private final int batch;
        private final Deque<Map<String, AttributeValue>> buffer = new ArrayDeque<>();
        private Map<String, AttributeValue> startKey;
        private boolean started;

        ShardReader(String index, String pkName, String skName, String pk, String lower, String upper, int pageSize) {
            this.index = index;
            this.pkName = pkName;
            this.skName = skName;
            this.pk = pk;
            this.lower = lower;
            this.upper = upper;
            // +1 to learn whether a next page exists, +1 for the item at the (inclusive) upper bound we skip.
            this.batch = pageSize + 2;
        }

        String sortKeyOf(Map<String, AttributeValue> item) {
            return item.get(skName).s();
        }

        /** The sort key of the next item, fetching when the batch is used up; null when the shard is done. */
        String headKey() {
            while (buffer.isEmpty() && (!started || startKey != null)) {
                fetch();
            }
            return buffer.isEmpty() ? null : sortKeyOf(buffer.peekFirst());
        }

        Map<String, AttributeValue> take() {
            return buffer.removeFirst();
        }

        void fetch() {
            if (started && startKey == null) {
                return;
            }
            // BETWEEN is inclusive; the upper bound is exclusive, so the item equal to it (the previous
            // page's last) is dropped below. A bare timestamp bound never equals a key.
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(table.name())
                    .indexName(index)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lower AND :upper")
                    .expressionAttributeNames(Map.of("#pk", pkName, "#sk", skName))
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(pk),
                            ":lower", AttributeValue.fromS(lower),
                            ":upper", AttributeValue.fromS(upper)))
                    .scanIndexForward(false)
                    .limit(batch);
            if (startKey != null) {
                request.exclusiveStartKey(startKey);
            }
            QueryResponse response = StoreFailures.translate(() -> table.dynamo().query(request.build()));
            started = true;
            for (Map<String, AttributeValue> item : response.items()) {
                if (!upper.equals(sortKeyOf(item))) {
                    buffer.addLast(item);
                }
            }
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        }
    }
}
