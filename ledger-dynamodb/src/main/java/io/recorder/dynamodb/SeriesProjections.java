package io.recorder.dynamodb;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.SeriesEntry;
import io.recorder.ledger.recurring.SeriesHistory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The recurring-series projection items ({@code C#{client}#RECURRING / {seriesId}}). Each holds the
 * series' compact history, which is what makes applying an event idempotent (its id is either in
 * the history or not) and order-independent (the history is a sorted set). Writes are optimistic:
 * conditional on the version read (ADR 0006).
 */
public final class SeriesProjections {
    public static final String TYPE_VALUE = "RecurringSeries";
    private static final String VERSION = "version";
    private static final String ENTRIES = "entries";

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
        item.put("clientId", AttributeValue.fromS(series.client().value()));
        item.put("seriesId", AttributeValue.fromS(series.series().value()));
        item.put("description", AttributeValue.fromS(series.description()));
        item.put("currency", AttributeValue.fromS(series.currency().code()));
        item.put("count", AttributeValue.fromN(Integer.toString(series.history().size())));
        item.put(VERSION, AttributeValue.fromN(Long.toString(series.version())));
        item.put(ENTRIES, AttributeValue.fromS(encode(series.history())));
        return item;
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

    /**
     * Compact history: {@code id26,paidAt,amount,recordedAt} per entry, {@code ;} between
     * entries, about 50 bytes each. Size is write cost in DynamoDB (1 WCU per KB), hence not JSON.
     */
    static String encode(SeriesHistory history) {
        StringBuilder out = new StringBuilder(history.size() * 52);
        for (SeriesEntry entry : history.entries()) {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(entry.paymentId().value(), PaymentId.PREFIX.length(), entry.paymentId().value().length())
                    .append(',').append(instant(entry.paymentTimestamp()))
                    .append(',').append(entry.amount().amount().stripTrailingZeros().toPlainString())
                    .append(',').append(instant(entry.recordedAt()));
        }
        return out.toString();
    }

    static SeriesHistory decode(String encoded, CurrencyCode currency) {
        if (encoded.isEmpty()) {
            return SeriesHistory.empty();
        }
        List<SeriesEntry> entries = new ArrayList<>();
        for (String entry : encoded.split(";")) {
            String[] parts = entry.split(",");
            entries.add(new SeriesEntry(
                    new PaymentId(PaymentId.PREFIX + parts[0]),
                    instant(parts[1]),
                    new Money(new BigDecimal(parts[2]), currency),
                    instant(parts[3])));
        }
        return SeriesHistory.of(entries);
    }

    /** Epoch seconds in base 36, then {@code .nanos} only when there are any: exact and short. */
    private static String instant(Instant instant) {
        String seconds = Long.toString(instant.getEpochSecond(), 36);
        return instant.getNano() == 0 ? seconds : seconds + "." + instant.getNano();
    }

    private static Instant instant(String text) {
        int dot = text.indexOf('.');
        return dot < 0
                ? Instant.ofEpochSecond(Long.parseLong(text, 36))
                : Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot), 36), Long.parseLong(text.substring(dot + 1)));
    }
}
