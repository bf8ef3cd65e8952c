package io.recorder.dynamodb;

import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.PaymentRecorded;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Whole-ledger reads for maintenance (rebuilding and auditing projections), never for the API: every
 * payment event, or one client's, and every projection item. Also the one conditional delete a
 * rebuild needs.
 */
public final class LedgerScans {
    private final LedgerTable table;

    public LedgerScans(LedgerTable table) {
        this.table = table;
    }

    /**
     * Every payment event in the table, in no particular order: a strongly consistent scan (every
     * event written before it started is seen), filtered on the item type. Reads the whole table.
     */
    public void forEachPayment(Consumer<PaymentRecorded> action) {
        scanType(PaymentItems.TYPE_VALUE, item -> action.accept(PaymentItems.fromItem(item)));
    }

    /** Every ledger event in the table (payments and reversals), in no particular order: two strongly consistent scans. */
    public void forEachEvent(Consumer<LedgerEvent> action) {
        scanType(PaymentItems.TYPE_VALUE, item -> action.accept(PaymentItems.fromItem(item)));
        scanType(ReversalItems.TYPE_VALUE, item -> action.accept(ReversalItems.fromItem(item)));
    }

    /**
     * One client's ledger events, payments and reversals, from its byTime index partitions (a reversal sits
     * beside its payment there). Index reads are eventually consistent: an event written a moment ago may be missing.
     */
    public void forEachEvent(ClientId client, Consumer<LedgerEvent> action) {
        forEachIndexed(client, item -> {
            if (PaymentItems.isPayment(item)) {
                action.accept(PaymentItems.fromItem(item));
            } else if (ReversalItems.isReversal(item)) {
                action.accept(ReversalItems.fromItem(item));
            }
        });
    }

    /**
     * One client's payment events from its {@link LedgerTable#LEDGER_SHARDS} byTime index partitions.
     * Index reads are eventually consistent: an event written a moment ago may be missing.
     */
    public void forEachPayment(ClientId client, Consumer<PaymentRecorded> action) {
        forEachIndexed(client, item -> {
            if (PaymentItems.isPayment(item)) {
                action.accept(PaymentItems.fromItem(item));
            }
        });
    }

    private void forEachIndexed(ClientId client, Consumer<Map<String, AttributeValue>> action) {
        for (int shard = 0; shard < LedgerTable.LEDGER_SHARDS; shard++) {
            QueryRequest query = QueryRequest.builder()
                    .tableName(table.name())
                    .indexName(LedgerTable.GSI1)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", LedgerTable.GSI1_PK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(LedgerTable.ledgerShardPk(client, shard))))
                    .build();
            StoreFailures.translate(() -> {
                table.dynamo().queryPaginator(query).items().forEach(action);
                return null;
            });
        }
    }

    /** Every stored recurring-series projection, of every client: a strongly consistent scan. */
    public void forEachProjection(Consumer<StoredSeries> action) {
        scanType(SeriesProjections.TYPE_VALUE, item -> action.accept(SeriesProjections.fromItem(item)));
    }

    /** Every stored monthly spending cell, of every client (ADR 0011): a strongly consistent scan. */
    public void forEachRollup(Consumer<SpendingRollups.StoredRollup> action) {
        scanType(SpendingRollups.TYPE_VALUE, item -> action.accept(SpendingRollups.fromItem(item)));
    }

    /** Deletes the projection if it is still at {@code stored.version()}; false when it changed meanwhile. */
    public boolean deleteProjection(StoredSeries stored) {
        try {
            StoreFailures.translate(() -> table.dynamo().deleteItem(r -> r
                    .tableName(table.name())
                    .key(SeriesProjections.key(stored.client(), stored.series()))
                    .conditionExpression("#v = :expected")
                    .expressionAttributeNames(Map.of("#v", SeriesProjections.VERSION))
                    .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(stored.version()))))));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    private void scanType(String type, Consumer<Map<String, AttributeValue>> action) {
        ScanRequest scan = ScanRequest.builder()
                .tableName(table.name())
                .consistentRead(true)
                .filterExpression("#type = :type")
                .expressionAttributeNames(Map.of("#type", LedgerTable.TYPE))
                .expressionAttributeValues(Map.of(":type", AttributeValue.fromS(type)))
                .build();
        StoreFailures.translate(() -> {
            table.dynamo().scanPaginator(scan).items().forEach(action);
            return null;
        });
    }
}
