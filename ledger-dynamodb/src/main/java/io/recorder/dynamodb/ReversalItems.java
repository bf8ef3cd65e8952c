package io.recorder.dynamodb;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.ReversalId;
import io.recorder.ledger.ReversalReason;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps {@link PaymentReversed} to and from its table item: in its payment's partition under sort key
 * {@code REVERSAL}, and in both indexes right beside its payment (ADR 0009). The stream carries the same shape.
 */
public final class ReversalItems {
    public static final String TYPE_VALUE = "PaymentReversed";
    public static final String SCHEMA_VERSION = "1";

    private ReversalItems() {
    }

    public static Map<String, AttributeValue> key(ClientId client, PaymentId payment) {
        return Map.of(
                LedgerTable.PK, s(LedgerTable.paymentPk(client, payment)),
                LedgerTable.SK, s(LedgerTable.REVERSAL_SK));
    }

    public static Map<String, AttributeValue> toItem(PaymentReversed event) {
        AttributeValue timeSk = s(LedgerTable.reversalTimeSk(event.paymentTimestamp(), event.paymentId()));
        Map<String, AttributeValue> item = new HashMap<>(key(event.clientId(), event.paymentId()));
        item.put(LedgerTable.GSI1_PK, s(LedgerTable.ledgerShardPk(event.clientId(), LedgerTable.shardOf(event.paymentId()))));
        item.put(LedgerTable.GSI1_SK, timeSk);
        item.put(LedgerTable.GSI2_PK, s(LedgerTable.seriesPk(event.clientId(), event.seriesId())));
        item.put(LedgerTable.GSI2_SK, timeSk);
        item.put(LedgerTable.TYPE, s(TYPE_VALUE));
        item.put("v", s(SCHEMA_VERSION));
        item.put("reversalId", s(event.reversalId().value()));
        item.put("paymentId", s(event.paymentId().value()));
        item.put("clientId", s(event.clientId().value()));
        item.put("seriesId", s(event.seriesId().value()));
        item.put("paymentTimestamp", s(Timestamps.canonical(event.paymentTimestamp())));
        item.put("description", s(event.description().text()));
        item.put("currency", s(event.amount().currency().code()));
        item.put("amount", AttributeValue.fromN(event.amount().toPlainString()));
        item.put("paymentRecordedAt", s(Timestamps.canonical(event.paymentRecordedAt())));
        event.reason().ifPresent(reason -> item.put("reason", s(reason.text())));
        item.put("reversedAt", s(Timestamps.canonical(event.reversedAt())));
        item.put("fingerprint", s(event.fingerprint()));
        return item;
    }

    public static boolean isReversal(Map<String, AttributeValue> item) {
        AttributeValue type = item.get(LedgerTable.TYPE);
        return type != null && TYPE_VALUE.equals(type.s());
    }

    public static PaymentReversed fromItem(Map<String, AttributeValue> item) {
        CurrencyCode currency = CurrencyCode.of(item.get("currency").s());
        AttributeValue reason = item.get("reason");
        return new PaymentReversed(
                new ReversalId(item.get("reversalId").s()),
                new PaymentId(item.get("paymentId").s()),
                new ClientId(item.get("clientId").s()),
                new SeriesId(item.get("seriesId").s()),
                Instant.parse(item.get("paymentTimestamp").s()),
                new Description(item.get("description").s()),
                new Money(new BigDecimal(item.get("amount").n()), currency),
                Instant.parse(item.get("paymentRecordedAt").s()),
                reason == null ? Optional.empty() : Optional.of(new ReversalReason(reason.s())),
                Instant.parse(item.get("reversedAt").s()),
                item.get("fingerprint").s());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
