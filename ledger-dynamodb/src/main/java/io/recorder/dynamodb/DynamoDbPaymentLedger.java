package io.recorder.dynamodb;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.ReversalLedger;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Appends payment events with one conditional PutItem: the event item is its own idempotency record,
 * so there is no separate idempotency table and no transaction (ADR 0002). A reversal is one conditional
 * PutItem too, on its payment's partition: at most one per payment (ADR 0009). Never updates or deletes.
 */
public final class DynamoDbPaymentLedger implements ReversalLedger {
    private static final String NOT_YET_RECORDED = "attribute_not_exists(" + LedgerTable.PK + ")";

    private final LedgerTable table;

    public DynamoDbPaymentLedger(LedgerTable table) {
        this.table = table;
    }

    @Override
    public AppendResult append(PaymentRecorded event) {
        Optional<Map<String, AttributeValue>> refused = putIfAbsent(PaymentItems.toItem(event));
        if (refused.isEmpty()) {
            return new Appended();
        }
        PaymentRecorded existing = !refused.get().isEmpty()
                ? PaymentItems.fromItem(refused.get())
                : find(event.clientId(), event.paymentId()).orElseThrow(() -> new IllegalStateException(
                        "conditional check failed but no event " + event.paymentId() + " is stored"));
        return new AlreadyRecorded(existing);
    }

    @Override
    public ReversalAppendResult append(PaymentReversed event) {
        Optional<Map<String, AttributeValue>> refused = putIfAbsent(ReversalItems.toItem(event));
        if (refused.isEmpty()) {
            return new ReversalAppended();
        }
        PaymentReversed existing = !refused.get().isEmpty()
                ? ReversalItems.fromItem(refused.get())
                : findReversal(event.clientId(), event.paymentId()).orElseThrow(() -> new IllegalStateException(
                        "conditional check failed but payment " + event.paymentId() + " has no reversal"));
        return new AlreadyReversed(existing);
    }

    /**
     * One PutItem on condition that the key is free. Empty when it was written; when refused, the stored item
     * as DynamoDB returns it with the failure, or an empty map from engines that don't (dynalite: one read more).
     */
    private Optional<Map<String, AttributeValue>> putIfAbsent(Map<String, AttributeValue> item) {
        try {
            StoreFailures.translate(() -> table.dynamo().putItem(r -> r
                    .tableName(table.name())
                    .item(item)
                    .conditionExpression(NOT_YET_RECORDED)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return Optional.empty();
        } catch (ConditionalCheckFailedException alreadyThere) {
            return Optional.of(alreadyThere.hasItem() && alreadyThere.item() != null ? alreadyThere.item() : Map.of());
        }
    }

    @Override
    public Optional<PaymentReversed> findReversal(ClientId client, PaymentId payment) {
        Map<String, AttributeValue> item = StoreFailures.translate(() -> table.dynamo().getItem(r -> r
                .tableName(table.name())
                .key(ReversalItems.key(client, payment))
                .consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ReversalItems.fromItem(item));
    }

    @Override
    public Optional<PaymentRecorded> find(ClientId client, PaymentId id) {
        Map<String, AttributeValue> item = StoreFailures.translate(() -> table.dynamo().getItem(r -> r
                .tableName(table.name())
                .key(Map.of(
                        LedgerTable.PK, AttributeValue.fromS(LedgerTable.paymentPk(client, id)),
                        LedgerTable.SK, AttributeValue.fromS(LedgerTable.EVENT_SK)))
                .consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(PaymentItems.fromItem(item));
    }
}
