package io.recorder.dynamodb;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps {@link PaymentRecorded} to and from its table item. The stream carries the same shape. */
public final class PaymentItems {
    public static final String TYPE_VALUE = "PaymentRecorded";
    /** Bumped when the item shape changes, so readers can upcast older events. */
    public static final String SCHEMA_VERSION = "1";
    /** The values every payment item shares (attribute values are immutable, so one instance serves all). */
    private static final AttributeValue EVENT_SK = s(LedgerTable.EVENT_SK);
    private static final AttributeValue TYPE = s(TYPE_VALUE);
    private static final AttributeValue VERSION = s(SCHEMA_VERSION);

    private PaymentItems() {
    }

    public static Map<String, AttributeValue> toItem(PaymentRecorded event) {
        AttributeValue timeSk = s(LedgerTable.timeSk(event.paymentTimestamp(), event.paymentId()));
        Map<String, AttributeValue> item = new HashMap<>(20);
        item.put(LedgerTable.PK, s(LedgerTable.paymentPk(event.clientId(), event.paymentId())));
        item.put(LedgerTable.SK, EVENT_SK);
        item.put(LedgerTable.GSI1_PK, s(LedgerTable.ledgerShardPk(event.clientId(), LedgerTable.shardOf(event.paymentId()))));
        item.put(LedgerTable.GSI1_SK, timeSk);
        item.put(LedgerTable.GSI2_PK, s(LedgerTable.seriesPk(event.clientId(), event.seriesId())));
        item.put(LedgerTable.GSI2_SK, timeSk);
        item.put(LedgerTable.TYPE, TYPE);
        item.put("v", VERSION);
        item.put("paymentId", s(event.paymentId().value()));
        item.put("clientId", s(event.clientId().value()));
        item.put("seriesId", s(event.seriesId().value()));
        item.put("paymentTimestamp", s(Timestamps.canonical(event.paymentTimestamp())));
        item.put("description", s(event.description().text()));
        item.put("currency", s(event.currency().code()));
        // DynamoDB numbers are exact decimals (38 digits): the amount is stored as written, never as binary floating point.
        item.put("amount", AttributeValue.fromN(event.amount().toPlainString()));
        item.put("recordedAt", s(Timestamps.canonical(event.recordedAt())));
        item.put("fingerprint", s(event.fingerprint()));
        return item;
    }

    public static boolean isPayment(Map<String, AttributeValue> item) {
        AttributeValue type = item.get(LedgerTable.TYPE);
        return type != null && TYPE_VALUE.equals(type.s());
    }

    public static PaymentRecorded fromItem(Map<String, AttributeValue> item) {
        CurrencyCode currency = CurrencyCode.of(item.get("currency").s());
        return new PaymentRecorded(
                new PaymentId(item.get("paymentId").s()),
                new ClientId(item.get("clientId").s()),
                new SeriesId(item.get("seriesId").s()),
                Instant.parse(item.get("paymentTimestamp").s()),
                new Description(item.get("description").s()),
                new Money(new BigDecimal(item.get("amount").n()), currency),
                Instant.parse(item.get("recordedAt").s()),
                item.get("fingerprint").s());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
