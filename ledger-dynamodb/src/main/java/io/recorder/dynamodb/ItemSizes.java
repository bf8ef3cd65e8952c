package io.recorder.dynamodb;

import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import io.recorder.ledger.recurring.MonthlyRollup;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item sizes as DynamoDB bills them (1 write unit per started KB, 1 strongly consistent read unit per
 * started 4 KB): names and string values in UTF-8 bytes, numbers about one byte per two significant
 * digits plus one. For cost estimates and the ADR; the engine used locally reports no capacity.
 */
public final class ItemSizes {
    private ItemSizes() {
    }

    public static long bytes(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + bytes(attribute.getValue());
        }
        return size;
    }

    /** The stored size of a projection item. */
    public static long projection(StoredSeries series) {
        return bytes(SeriesProjections.toItem(series));
    }

    /** The stored size of a monthly spending cell (ADR 0011). */
    public static long spendingCell(MonthlyRollup cell, long version) {
        return bytes(SpendingRollups.toItem(cell, version));
    }

    /** DynamoDB adds this to each global secondary index entry (AWS: "Item sizes and formats"). */
    public static final long INDEX_ENTRY_OVERHEAD = 100;

    /**
     * The size of a projection item's byDue index entry (keys and the projected summary), or 0 when the
     * series is not in that sparse index (paid once).
     */
    public static long dueIndexEntry(StoredSeries series) {
        Map<String, AttributeValue> item = SeriesProjections.toItem(series);
        if (!item.containsKey(LedgerTable.GSI3_PK)) {
            return 0;
        }
        long size = INDEX_ENTRY_OVERHEAD;
        for (String name : List.of(LedgerTable.PK, LedgerTable.SK, LedgerTable.GSI3_PK, LedgerTable.GSI3_SK)) {
            size += utf8(name) + bytes(item.get(name));
        }
        for (String name : SeriesSummaryAttributes.NAMES) {
            if (item.containsKey(name)) {
                size += utf8(name) + bytes(item.get(name));
            }
        }
        return size;
    }

    public static long writeUnits(long bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    public static long stronglyConsistentReadUnits(long bytes) {
        return Math.max(1, (bytes + 4095) / 4096);
    }

    private static long bytes(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            BigDecimal number = new BigDecimal(value.n()).stripTrailingZeros();
            int digits = number.signum() == 0 ? 1 : number.precision();
            return (digits + 1) / 2 + 1;
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.bool() != null || Boolean.TRUE.equals(value.nul())) {
            return 1;
        }
        long size = 3;
        if (value.hasM()) {
            for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
                size += 1 + utf8(entry.getKey()) + bytes(entry.getValue());
            }
        } else if (value.hasL()) {
            for (AttributeValue element : value.l()) {
                size += 1 + bytes(element);
            }
        } else if (value.hasSs()) {
            size = value.ss().stream().mapToLong(ItemSizes::utf8).sum();
        } else if (value.hasNs()) {
            size = value.ns().stream().mapToLong(n -> bytes(AttributeValue.fromN(n))).sum();
        }
        return size;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
