package io.recorder.dynamodb;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.recurring.MonthlyRollup;
import io.recorder.ledger.recurring.MonthlyRollup.Cell;
import io.recorder.ledger.recurring.RecentIds;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The monthly spending cells ({@code C#{client}#SPENDING / {yyyy-MM}#{currency}#{cell}}, ADR 0011): per client,
 * month and currency, the exact total of the standing payments, spread over {@link #CELLS} items by payment id
 * (the byTime shard) so that a burst of one client's payments never piles its ids into one item. Each holds
 * the recent ids its deduplication needs; writes are conditional on the version read, like the series'.
 * A month range is one Query on a key range: it reads the months' cells, never the series or the payments.
 */
public final class SpendingRollups {
    public static final String TYPE_VALUE = "MonthlySpending";
    public static final int CELLS = LedgerTable.LEDGER_SHARDS;
    /** Which cell a payment's amount is summed in. */
    public static final ToIntFunction<PaymentId> CELL_OF = LedgerTable::shardOf;
    private static final String TOTAL = "t";
    private static final String PAYMENTS = "n";
    private static final String RECENT = "r";

    /** A cell as stored, with the version its next write is conditioned on. */
    public record StoredRollup(MonthlyRollup rollup, long version) {
    }

    private final LedgerTable table;

    public SpendingRollups(LedgerTable table) {
        this.table = table;
    }

    public Optional<StoredRollup> load(Cell cell) {
        Map<String, AttributeValue> item = StoreFailures.translate(() -> table.dynamo().getItem(r -> r
                .tableName(table.name())
                .key(key(cell))
                .consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * Writes the cell at {@code version} if the stored one is still at {@code version - 1} (absent for 1).
     * False when another writer got there first: reload and reapply.
     */
    public boolean save(MonthlyRollup rollup, long version) {
        Map<String, AttributeValue> item = toItem(rollup, version);
        try {
            StoreFailures.translate(() -> table.dynamo().putItem(r -> {
                r.tableName(table.name()).item(item);
                if (version == 1) {
                    r.conditionExpression("attribute_not_exists(" + LedgerTable.PK + ")");
                } else {
                    r.conditionExpression("#v = :expected")
                            .expressionAttributeNames(Map.of("#v", SeriesProjections.VERSION))
                            .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(version - 1))));
                }
            }));
            return true;
        } catch (ConditionalCheckFailedException lostRace) {
            return false;
        }
    }

    /** Deletes the cell if it is still at {@code version}; false when it changed meanwhile (rebuild only). */
    public boolean delete(Cell cell, long version) {
        try {
            StoreFailures.translate(() -> table.dynamo().deleteItem(r -> r
                    .tableName(table.name())
                    .key(key(cell))
                    .conditionExpression("#v = :expected")
                    .expressionAttributeNames(Map.of("#v", SeriesProjections.VERSION))
                    .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(version))))));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /**
     * The client's cells of the months {@code from}..{@code to} (both inclusive, each optional), in month order:
     * totals and counts only (the ids are not transferred; DynamoDB still bills the whole items).
     */
    public List<MonthlyRollup> between(ClientId client, Optional<YearMonth> from, Optional<YearMonth> to) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", LedgerTable.PK, "#sk", LedgerTable.SK,
                "#t", TOTAL, "#n", PAYMENTS));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(LedgerTable.spendingPk(client))));
        String condition = "#pk = :pk";
        if (from.isPresent() || to.isPresent()) {
            // "~" sorts after every currency code and cell, so "{to}#~" closes the last month.
            values.put(":lo", AttributeValue.fromS(from.map(YearMonth::toString).orElse("")));
            values.put(":hi", AttributeValue.fromS(to.map(month -> month + "#~").orElse("~")));
            condition += " AND #sk BETWEEN :lo AND :hi";
        }
        QueryRequest query = QueryRequest.builder()
                .tableName(table.name())
                .keyConditionExpression(condition)
                .projectionExpression("#pk, #sk, #t, #n")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
        List<MonthlyRollup> out = new ArrayList<>();
        StoreFailures.translate(() -> {
            table.dynamo().queryPaginator(query).items().forEach(item -> out.add(fromItem(item).rollup()));
            return null;
        });
        return out;
    }

    /** Every cell of one client, ids included (rebuild and audit). */
    public void forClient(ClientId client, Consumer<StoredRollup> action) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table.name())
                .keyConditionExpression("#pk = :pk")
                .consistentRead(true)
                .expressionAttributeNames(Map.of("#pk", LedgerTable.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(LedgerTable.spendingPk(client))))
                .build();
        StoreFailures.translate(() -> {
            table.dynamo().queryPaginator(query).items().forEach(item -> action.accept(fromItem(item)));
            return null;
        });
    }

    static Map<String, AttributeValue> key(Cell cell) {
        return Map.of(
                LedgerTable.PK, AttributeValue.fromS(LedgerTable.spendingPk(cell.clientId())),
                LedgerTable.SK, AttributeValue.fromS(LedgerTable.spendingSk(cell.month(), cell.currency(), cell.index())));
    }

    static Map<String, AttributeValue> toItem(MonthlyRollup rollup, long version) {
        Map<String, AttributeValue> item = new HashMap<>(key(rollup.cell()));
        item.put(LedgerTable.TYPE, AttributeValue.fromS(TYPE_VALUE));
        item.put(TOTAL, AttributeValue.fromS(rollup.total().toPlainString()));
        item.put(PAYMENTS, AttributeValue.fromN(Integer.toString(rollup.payments())));
        item.put(SeriesProjections.VERSION, AttributeValue.fromN(Long.toString(version)));
        item.put(RECENT, AttributeValue.fromB(SdkBytes.fromByteArray(SeriesHistoryEncoding.encode(rollup.recent()))));
        return item;
    }

    /** An item, whole or as {@link #between} reads it (no ids, no version: those read as empty and 0). */
    static StoredRollup fromItem(Map<String, AttributeValue> item) {
        String pk = item.get(LedgerTable.PK).s();
        String[] sk = item.get(LedgerTable.SK).s().split("#");
        if (!pk.startsWith("C#") || !pk.endsWith("#SPENDING") || sk.length != 3) {
            throw new IllegalArgumentException("not a monthly spending cell: " + pk + " / " + item.get(LedgerTable.SK).s());
        }
        CurrencyCode currency = CurrencyCode.of(sk[1]);
        Cell cell = new Cell(new ClientId(pk.substring(2, pk.length() - "#SPENDING".length())), YearMonth.parse(sk[0]),
                currency, Integer.parseInt(sk[2]));
        RecentIds recent = item.containsKey(RECENT)
                ? SeriesHistoryEncoding.decodeRecentIds(item.get(RECENT).b().asByteArray())
                : RecentIds.empty();
        long version = item.containsKey(SeriesProjections.VERSION) ? Long.parseLong(item.get(SeriesProjections.VERSION).n()) : 0;
        return new StoredRollup(new MonthlyRollup(cell, new Money(new BigDecimal(item.get(TOTAL).s()), currency),
                Integer.parseInt(item.get(PAYMENTS).n()), recent), version);
    }
}
