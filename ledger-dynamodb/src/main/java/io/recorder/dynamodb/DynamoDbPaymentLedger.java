package io.recorder.dynamodb;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentLedger;
import io.recorder.ledger.PaymentRecorded;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Appends payment events with one conditional PutItem: the event item is its own idempotency record,
 * so there is no separate idempotency table and no transaction (ADR 0002). Never updates or deletes.
 */
public final class DynamoDbPaymentLedger implements PaymentLedger {
    private static final String NOT_YET_RECORDED = "attribute_not_exists(" + LedgerTable.PK + ")";

    private final LedgerTable table;

    public DynamoDbPaymentLedger(LedgerTable table) {
        this.table = table;
    }

    @Override
    public AppendResult append(PaymentRecorded event) {
        try {
            StoreFailures.translate(() -> table.dynamo().putItem(r -> r
                    .tableName(table.name())
                    .item(PaymentItems.toItem(event))
                    .conditionExpression(NOT_YET_RECORDED)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return new Appended();
        } catch (ConditionalCheckFailedException alreadyThere) {
            // DynamoDB returns the stored item with the failure; engines that don't (dynalite) cost one read.
            Map<String, AttributeValue> stored = alreadyThere.hasItem() ? alreadyThere.item() : null;
            PaymentRecorded existing = stored != null && !stored.isEmpty()
                    ? PaymentItems.fromItem(stored)
                    : find(event.clientId(), event.paymentId()).orElseThrow(() -> new IllegalStateException(
                            "conditional check failed but no event " + event.paymentId() + " is stored"));
            return new AlreadyRecorded(existing);
        }
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
