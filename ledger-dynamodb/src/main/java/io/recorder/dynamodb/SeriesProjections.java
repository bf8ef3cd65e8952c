package io.recorder.dynamodb;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesHistory;
import io.recorder.ledger.recurring.SeriesState;
import io.recorder.ledger.recurring.SeriesSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The recurring-series projection items ({@code C#{client}#RECURRING / {seriesId}}). Each holds the
 * series' history in a compact binary form ({@link SeriesHistoryEncoding}): entries without ids, plus
 * the ids recorded within the deduplication window, which is what makes applying an event
 * idempotent and order-independent (ADR 0007). Writes are optimistic: conditional on the version
 * read (ADR 0006).
 */
public final class SeriesProjections {
    public static final String TYPE_VALUE = "RecurringSeries";
    /** Kept from ADR 0006's items, so that writes and deletes conditioned on it work on those too. */
    public static final String VERSION = "version";
    /** Short names for the rest: every byte of the item is paid for on each write. */
    private static final String DESCRIPTION = SeriesSummaryAttributes.DESCRIPTION;
    private static final String CURRENCY = SeriesSummaryAttributes.CURRENCY;
    private static final String COUNT = SeriesSummaryAttributes.COUNT;
    private static final String HISTORY = "h";

    /**
     * Up to {@code limit} summaries a listing keeps, read in its order, and whether more follow.
     * Reads stop once one more than {@code limit} is kept, so a page costs about the page.
     */
    public record Window(List<SeriesSummary> items, boolean more) {
    }

    /**
     * One series as stored: identity, the latest description, the history the summary is folded from,
     * and the summary stored beside it (empty for items written before summaries were stored, ADR 0008;
     * ignored on save, which always stores the summary of the history).
     */
    public record StoredSeries(ClientId client, SeriesId series, String description, CurrencyCode currency,
                               SeriesHistory history, long version, Optional<SeriesSummary> storedSummary) {

        public StoredSeries(ClientId client, SeriesId series, String description, CurrencyCode currency,
                            SeriesHistory history, long version) {
            this(client, series, description, currency, history, version, Optional.empty());
        }

        public static StoredSeries of(SeriesState state, long version) {
            return new StoredSeries(state.clientId(), state.seriesId(), state.description(), state.currency(),
                    state.history(), version);
        }

        /**
         * The projection's state, for {@code SeriesProjection.evolve}; empty for an item with nothing applied. A
         * series whose every payment was reversed has a state (its ids deduplicate) but no summary.
         */
        public Optional<SeriesState> state() {
            return history.isBlank() ? Optional.empty()
                    : Optional.of(new SeriesState(client, series, description, currency, history));
        }
    }

    private final LedgerTable table;

    public SeriesProjections(LedgerTable table) {
        this.table = table;
    }

    public Optional<StoredSeries> load(ClientId client, SeriesId series) {
        Map<String, AttributeValue> item = StoreFailures.translate(() -> table.dynamo().getItem(r -> r
                .tableName(table.name())
                .key(key(client, series))
                .consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * Writes {@code updated} if the stored version is still {@code updated.version() - 1} (or absent,
     * for version 1). Returns false when another writer got there first: reload and reapply.
     */
    public boolean save(StoredSeries updated) {
        Map<String, AttributeValue> item = toItem(updated);
        try {
            StoreFailures.translate(() -> table.dynamo().putItem(r -> {
                r.tableName(table.name()).item(item);
                if (updated.version() == 1) {
                    r.conditionExpression("attribute_not_exists(" + LedgerTable.PK + ")");
                } else {
                    r.conditionExpression("#v = :expected")
                            .expressionAttributeNames(Map.of("#v", VERSION))
                            .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(updated.version() - 1))));
                }
            }));
            return true;
        } catch (ConditionalCheckFailedException lostRace) {
            return false;
        }
    }

    /** Every series of one client, in series-id order. */
    public List<StoredSeries> listForClient(ClientId client) {
        List<StoredSeries> out = new ArrayList<>();
        QueryRequest query = QueryRequest.builder()
                .tableName(table.name())
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", LedgerTable.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(LedgerTable.recurringPk(client))))
                .build();
        StoreFailures.translate(() -> {
            table.dynamo().queryPaginator(query).items().forEach(item -> out.add(fromItem(item)));
            return null;
        });
        return out;
    }

    /**
     * A range of byDue positions ({@link LedgerTable#dueSk}), both ends inclusive, an absent end open.
     * The factories speak in next expected dates; a bare date sorts before every position of that date.
     */
    public record DueRange(Optional<String> lowest, Optional<String> highest) {
        public DueRange {
            if (lowest.isPresent() && highest.isPresent() && lowest.get().compareTo(highest.get()) > 0) {
                throw new IllegalArgumentException("empty range " + lowest.get() + " .. " + highest.get());
            }
        }

        /** Every recurring series. */
        public static DueRange all() {
            return new DueRange(Optional.empty(), Optional.empty());
        }

        /** Series due on or after {@code from}, and those without a date (they sort last). */
        public static DueRange dueFrom(LocalDate from) {
            return new DueRange(Optional.of(from.toString()), Optional.empty());
        }

        /** Series due before {@code before}. */
        public static DueRange dueBefore(LocalDate before) {
            return new DueRange(Optional.empty(), Optional.of(before.toString()));
        }

        /** Series due on or after {@code from} and before {@code before}. */
        public static DueRange due(LocalDate from, LocalDate before) {
            return new DueRange(Optional.of(from.toString()), Optional.of(before.toString()));
        }

        /** Series without a next expected date. */
        public static DueRange undated() {
            return new DueRange(Optional.of(LedgerTable.NO_DUE_DATE), Optional.empty());
        }

        /** Whether a byDue position ({@link LedgerTable#dueSk}) is within the range. */
        public boolean contains(String position) {
            return !startsAfter(position) && !endsBefore(position);
        }

        boolean endsBefore(String position) {
            return highest.isPresent() && highest.get().compareTo(position) < 0;
        }

        boolean startsAfter(String position) {
            return lowest.isPresent() && lowest.get().compareTo(position) > 0;
        }
    }

    /**
     * The client's recurring series (paid at least twice) within {@code ranges}, in byDue order: next expected
     * date, then series id, series without a date last. Only the sparse byDue index is read, never the series
     * paid once nor the histories. The ranges are read one after the other (so the
     * ranges must ascend and not overlap). Resuming {@code after} a position skips the ranges that end
     * before it, starts the one holding it at it, and reads later ones from their start: a cursor of
     * an earlier day, whose ranges were not these, resumes correctly too.
     */
    public Window recurring(ClientId client, List<DueRange> ranges, Optional<String> after,
                            Predicate<SeriesSummary> keep, int limit) {
        for (int i = 1; i < ranges.size(); i++) {
            DueRange previous = ranges.get(i - 1);
            if (previous.highest().isEmpty() || ranges.get(i).lowest().isEmpty()
                    || previous.highest().get().compareTo(ranges.get(i).lowest().get()) >= 0) {
                throw new IllegalArgumentException("ranges must ascend without overlapping: " + ranges);
            }
        }
        List<QueryRequest> queries = new ArrayList<>();
        for (DueRange range : ranges) {
            if (after.isPresent() && range.endsBefore(after.get())) {
                continue;
            }
            Optional<String> start = after.filter(position -> !range.startsAfter(position));
            queries.add(dueQuery(client, range, start, limit));
        }
        return window(queries, limit, keep,
                item -> SeriesSummaryAttributes.read(client, new SeriesId(item.get(LedgerTable.SK).s()), item));
    }

    private QueryRequest dueQuery(ClientId client, DueRange range, Optional<String> after, int limit) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", LedgerTable.GSI3_PK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(LedgerTable.duePk(client))));
        String condition = "#pk = :pk";
        range.lowest().ifPresent(lowest -> values.put(":lo", AttributeValue.fromS(lowest)));
        range.highest().ifPresent(highest -> values.put(":hi", AttributeValue.fromS(highest)));
        if (range.lowest().isPresent() || range.highest().isPresent()) {
            names.put("#sk", LedgerTable.GSI3_SK);
            condition += range.lowest().isEmpty() ? " AND #sk <= :hi"
                    : range.highest().isEmpty() ? " AND #sk >= :lo"
                    : " AND #sk BETWEEN :lo AND :hi";
        }
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table.name())
                .indexName(LedgerTable.GSI3)
                .keyConditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .limit(limit + 1);
        after.ifPresent(position -> query.exclusiveStartKey(Map.of(
                LedgerTable.GSI3_PK, AttributeValue.fromS(LedgerTable.duePk(client)),
                LedgerTable.GSI3_SK, AttributeValue.fromS(position),
                LedgerTable.PK, AttributeValue.fromS(LedgerTable.recurringPk(client)),
                LedgerTable.SK, AttributeValue.fromS(seriesOfDueSk(position)))));
        return query.build();
    }

    /**
     * Every series of the client, those paid once included, in series-id order: the base table's
     * items, histories and all (what {@code includeSinglePayments} asks for). Items written before
     * summaries were stored are summarized from their history.
     *
     * @param after the series id to resume after (a cursor), if any
     */
    public Window all(ClientId client, Optional<SeriesId> after, Predicate<SeriesSummary> keep, int limit) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table.name())
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", LedgerTable.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(LedgerTable.recurringPk(client))))
                .limit(limit + 1);
        after.ifPresent(series -> query.exclusiveStartKey(key(client, series)));
        return window(List.of(query.build()), limit, keep, SeriesProjections::summaryOf);
    }

    /** The stored summary of an item, or the one folded from its history when it has none yet; empty for no payment. */
    static SeriesSummary summaryOf(Map<String, AttributeValue> item) {
        StoredSeries stored = fromItem(item);
        return stored.storedSummary()
                .or(() -> stored.state().filter(SeriesState::hasStandingPayments).map(state -> state.summary().summary()))
                .orElse(null);
    }

    /** Reads the queries one after the other, each to its end, until one more than {@code limit} is kept. */
    private Window window(List<QueryRequest> queries, int limit, Predicate<SeriesSummary> keep,
                          Function<Map<String, AttributeValue>, SeriesSummary> read) {
        List<SeriesSummary> kept = new ArrayList<>(limit + 1);
        for (QueryRequest first : queries) {
            QueryRequest request = first;
            while (request != null) {
                QueryRequest current = request;
                QueryResponse response = StoreFailures.translate(() -> table.dynamo().query(current));
                for (Map<String, AttributeValue> item : response.items()) {
                    SeriesSummary summary = read.apply(item);
                    if (summary != null && keep.test(summary)) {
                        kept.add(summary);
                        if (kept.size() > limit) {
                            return new Window(List.copyOf(kept.subList(0, limit)), true);
                        }
                    }
                }
                request = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? request.toBuilder().exclusiveStartKey(response.lastEvaluatedKey()).build()
                        : null;
            }
        }
        return new Window(List.copyOf(kept), false);
    }

    private static String seriesOfDueSk(String position) {
        int hash = position.lastIndexOf('#');
        return hash < 0 ? position : position.substring(hash + 1);
    }

    /** Removes one series' projection (rebuild starts from nothing). Never touches ledger events. */
    public void delete(ClientId client, SeriesId series) {
        StoreFailures.translate(() -> table.dynamo().deleteItem(r -> r.tableName(table.name()).key(key(client, series))));
    }

    static Map<String, AttributeValue> key(ClientId client, SeriesId series) {
        return Map.of(
                LedgerTable.PK, AttributeValue.fromS(LedgerTable.recurringPk(client)),
                LedgerTable.SK, AttributeValue.fromS(series.value()));
    }

    static Map<String, AttributeValue> toItem(StoredSeries series) {
        Map<String, AttributeValue> item = new HashMap<>(key(series.client(), series.series()));
        item.put(LedgerTable.TYPE, AttributeValue.fromS(TYPE_VALUE));
        item.put(DESCRIPTION, AttributeValue.fromS(series.description()));
        item.put(CURRENCY, AttributeValue.fromS(series.currency().code()));
        item.put(COUNT, AttributeValue.fromN(Integer.toString(series.history().size())));
        item.put(VERSION, AttributeValue.fromN(Long.toString(series.version())));
        item.put(HISTORY, AttributeValue.fromB(SdkBytes.fromByteArray(SeriesHistoryEncoding.encode(series.history(), series.currency()))));
        // No summary, so in no listing, when no payment stands (all reversed, ADR 0009).
        series.state().filter(SeriesState::hasStandingPayments).ifPresent(state -> {
            SeriesSummary summary = state.summary().summary();
            SeriesSummaryAttributes.write(summary, item);
            if (summary.recurred()) {
                item.put(LedgerTable.GSI3_PK, AttributeValue.fromS(LedgerTable.duePk(series.client())));
                item.put(LedgerTable.GSI3_SK, AttributeValue.fromS(LedgerTable.dueSk(summary.nextExpectedDate(), series.series())));
            }
        });
        return item;
    }

    static StoredSeries fromItem(Map<String, AttributeValue> item) {
        if (item.containsKey(LegacyItem.ENTRIES)) {
            return LegacyItem.fromItem(item);
        }
        String pk = item.get(LedgerTable.PK).s();
        CurrencyCode currency = CurrencyCode.of(item.get(CURRENCY).s());
        ClientId client = LedgerTable.clientOfRecurringPk(pk);
        SeriesId series = new SeriesId(item.get(LedgerTable.SK).s());
        return new StoredSeries(
                client,
                series,
                item.get(DESCRIPTION).s(),
                currency,
                SeriesHistoryEncoding.decode(item.get(HISTORY).b().asByteArray(), currency),
                Long.parseLong(item.get(VERSION).n()),
                SeriesSummaryAttributes.present(item)
                        ? Optional.of(SeriesSummaryAttributes.read(client, series, item))
                        : Optional.empty());
    }

    /**
     * The items ADR 0006 wrote: the history as text with every id and recording time. Read so that a
     * deployment needs no migration step (the next write of a series stores it in the binary form;
     * {@code rebuild} converts them all at once). Never written.
     */
    static final class LegacyItem {
        static final String ENTRIES = "entries";

        private LegacyItem() {
        }

        static StoredSeries fromItem(Map<String, AttributeValue> item) {
            CurrencyCode currency = CurrencyCode.of(item.get("currency").s());
            return new StoredSeries(
                    new ClientId(item.get("clientId").s()),
                    new SeriesId(item.get("seriesId").s()),
                    item.get("description").s(),
                    currency,
                    decode(item.get(ENTRIES).s(), currency),
                    Long.parseLong(item.get(VERSION).n()));
        }

        /** {@code id26,paidAt,amount,recordedAt} per entry, {@code ;} between entries. */
        static SeriesHistory decode(String encoded, CurrencyCode currency) {
            if (encoded.isEmpty()) {
                return SeriesHistory.empty();
            }
            List<SeriesPayment> payments = new ArrayList<>();
            for (String entry : encoded.split(";")) {
                String[] parts = entry.split(",");
                payments.add(new SeriesPayment(
                        new PaymentId(PaymentId.PREFIX + parts[0]),
                        instant(parts[1]),
                        new Money(new BigDecimal(parts[2]), currency),
                        instant(parts[3])));
            }
            return SeriesHistory.of(payments);
        }

        /** Epoch seconds in base 36, then {@code .nanos} only when there are any. */
        private static Instant instant(String text) {
            int dot = text.indexOf('.');
            return dot < 0
                    ? Instant.ofEpochSecond(Long.parseLong(text, 36))
                    : Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot), 36), Long.parseLong(text.substring(dot + 1)));
        }
    }
}
