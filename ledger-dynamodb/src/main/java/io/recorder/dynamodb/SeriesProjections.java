package io.recorder.dynamodb;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesHistory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

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
    private static final String DESCRIPTION = "d";
    private static final String CURRENCY = "c";
    private static final String COUNT = "n";
    private static final String HISTORY = "h";

    /** One series as stored: identity, the latest description, and the history the summary is folded from. */
    public record StoredSeries(ClientId client, SeriesId series, String description, CurrencyCode currency,
                               SeriesHistory history, long version) {
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
        return item;
    }

    static StoredSeries fromItem(Map<String, AttributeValue> item) {
        if (item.containsKey(LegacyItem.ENTRIES)) {
            return LegacyItem.fromItem(item);
        }
        String pk = item.get(LedgerTable.PK).s();
        CurrencyCode currency = CurrencyCode.of(item.get(CURRENCY).s());
        return new StoredSeries(
                LedgerTable.clientOfRecurringPk(pk),
                new SeriesId(item.get(LedgerTable.SK).s()),
                item.get(DESCRIPTION).s(),
                currency,
                SeriesHistoryEncoding.decode(item.get(HISTORY).b().asByteArray(), currency),
                Long.parseLong(item.get(VERSION).n()));
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
