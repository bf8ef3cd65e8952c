package io.recorder.dynamodb;

import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.recurring.SeriesEntry;
import io.recorder.ledger.recurring.RecentIds;
import io.recorder.ledger.recurring.SeriesHistory;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a {@link SeriesHistory} in a projection item (ADR 0007). Item size is write
 * cost (1 write unit per started KB), so each entry is a delta from the one before, as varints:
 * about 5 bytes for a monthly payment of an unchanged amount, against about 50 as text with ids.
 *
 * <pre>
 * version byte (1)
 * entries: count; per entry in payment order
 *   time:   (seconds since the previous entry (the first: zig-zag epoch seconds) &lt;&lt; 1 | has nanos) [, nanos]
 *   amount: zig-zag (minor units minus the previous entry's)
 * recent:  count; newest recording time (as a first time above); per id in id order
 *   its 26 characters after "pay_", then (seconds before the newest &lt;&lt; 1 | has nanos) [, nanos]
 * latest:  1-based position among the recent ids, or 0 and its 26 characters
 * </pre>
 * Version 2, written only for a series with reversals (ADR 0009), is version 1's parts in this order:
 * entries (standing), reversed entries (as entries), recent, reversals (as recent), latest (present when
 * there is any payment, standing or reversed).
 * Exact: times to the nanosecond, amounts in minor units of the series' currency. Sorted entries
 * make every time delta non-negative.
 */
public final class SeriesHistoryEncoding {
    static final int VERSION = 1;
    static final int VERSION_WITH_REVERSALS = 2;
    private static final int ID_CHARS = 26;

    private SeriesHistoryEncoding() {
    }

    public static byte[] encode(SeriesHistory history, CurrencyCode currency) {
        boolean reversals = !history.reversedEntries().isEmpty() || !history.reversals().isEmpty();
        Writer out = new Writer(16 + (history.size() + history.reversedEntries().size()) * 6
                + (history.recent().size() + history.reversals().size()) * 32);
        out.write(reversals ? VERSION_WITH_REVERSALS : VERSION);
        writeEntries(out, history.entries(), currency);
        if (reversals) {
            writeEntries(out, history.reversedEntries(), currency);
        }
        writeIds(out, history.recent());
        if (reversals) {
            writeIds(out, history.reversals());
        }
        if (history.latestPaymentId().isPresent()) {
            PaymentId latest = history.latestPaymentId().get();
            int position = new ArrayList<>(history.recent().keySet()).indexOf(latest);
            out.varint(position + 1);
            if (position < 0) {
                out.id(latest);
            }
        }
        return out.bytes();
    }

    private static void writeEntries(Writer out, List<SeriesEntry> entries, CurrencyCode currency) {
        out.varint(entries.size());
        long previousSecond = 0;
        long previousMinor = 0;
        boolean first = true;
        for (SeriesEntry entry : entries) {
            Instant at = entry.paymentTimestamp();
            long seconds = first ? zigZag(at.getEpochSecond()) : at.getEpochSecond() - previousSecond;
            out.time(seconds, at.getNano());
            long minor = minorUnits(entry.amount(), currency);
            out.varint(zigZag(minor - previousMinor));
            previousSecond = at.getEpochSecond();
            previousMinor = minor;
            first = false;
        }
    }

    private static void writeIds(Writer out, Map<PaymentId, Instant> ids) {
        out.varint(ids.size());
        if (!ids.isEmpty()) {
            Instant newest = java.util.Collections.max(ids.values());
            out.time(zigZag(newest.getEpochSecond()), newest.getNano());
            for (Map.Entry<PaymentId, Instant> id : ids.entrySet()) {
                out.id(id.getKey());
                Duration before = Duration.between(id.getValue(), newest);
                out.time(before.getSeconds(), before.getNano());
            }
        }
    }

    /**
     * The recent ids of a monthly spending cell (ADR 0011), in the same form as a history's: a version byte, then
     * the payment ids and the reversal ids as {@code recent} above.
     */
    static byte[] encode(RecentIds ids) {
        Writer out = new Writer(8 + (ids.payments().size() + ids.reversals().size()) * 32);
        out.write(VERSION);
        writeIds(out, ids.payments());
        writeIds(out, ids.reversals());
        return out.bytes();
    }

    /** @throws IllegalArgumentException when the bytes are not recent ids of a known version */
    static RecentIds decodeRecentIds(byte[] bytes) {
        Reader in = new Reader(bytes);
        int version = in.read();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown recent ids encoding version " + version);
        }
        Map<PaymentId, Instant> payments = readIds(in);
        Map<PaymentId, Instant> reversals = readIds(in);
        if (!in.done()) {
            throw new IllegalArgumentException("trailing bytes after the recent ids");
        }
        return RecentIds.restore(payments, reversals);
    }

    /** @throws IllegalArgumentException when the bytes are not a history of a known version */
    public static SeriesHistory decode(byte[] bytes, CurrencyCode currency) {
        Reader in = new Reader(bytes);
        int version = in.read();
        if (version != VERSION && version != VERSION_WITH_REVERSALS) {
            throw new IllegalArgumentException("unknown series history encoding version " + version);
        }
        boolean reversals = version == VERSION_WITH_REVERSALS;
        List<SeriesEntry> entries = readEntries(in, currency);
        List<SeriesEntry> reversedEntries = reversals ? readEntries(in, currency) : List.of();
        Map<PaymentId, Instant> recent = readIds(in);
        Map<PaymentId, Instant> reversalIds = reversals ? readIds(in) : Map.of();
        PaymentId latest = null;
        if (!entries.isEmpty() || !reversedEntries.isEmpty()) {
            long position = in.varint();
            if (position == 0) {
                latest = in.id();
            } else if (position <= recent.size()) {
                latest = new ArrayList<>(recent.keySet()).get((int) position - 1);
            } else {
                throw new IllegalArgumentException("latest payment at position " + position + " of " + recent.size());
            }
        }
        if (!in.done()) {
            throw new IllegalArgumentException("trailing bytes after the series history");
        }
        return SeriesHistory.restore(entries, reversedEntries, recent, reversalIds, latest);
    }

    private static List<SeriesEntry> readEntries(Reader in, CurrencyCode currency) {
        int count = in.count();
        List<SeriesEntry> entries = new ArrayList<>(count);
        long second = 0;
        long minor = 0;
        for (int i = 0; i < count; i++) {
            long[] time = in.time();
            second = i == 0 ? unZigZag(time[0]) : Math.addExact(second, time[0]);
            minor = Math.addExact(minor, unZigZag(in.varint()));
            entries.add(new SeriesEntry(Instant.ofEpochSecond(second, time[1]),
                    new Money(BigDecimal.valueOf(minor, currency.minorUnits()), currency)));
        }
        return entries;
    }

    private static Map<PaymentId, Instant> readIds(Reader in) {
        int count = in.count();
        Map<PaymentId, Instant> ids = new LinkedHashMap<>();
        if (count > 0) {
            long[] newestTime = in.time();
            Instant newest = Instant.ofEpochSecond(unZigZag(newestTime[0]), newestTime[1]);
            for (int i = 0; i < count; i++) {
                PaymentId id = in.id();
                long[] before = in.time();
                ids.put(id, newest.minus(Duration.ofSeconds(before[0], before[1])));
            }
        }
        return ids;
    }

    private static long minorUnits(Money amount, CurrencyCode currency) {
        if (!amount.currency().equals(currency)) {
            throw new IllegalArgumentException("a payment in " + amount.currency() + " in a series in " + currency);
        }
        return amount.amount().movePointRight(currency.minorUnits()).longValueExact();
    }

    private static long zigZag(long n) {
        return (n << 1) ^ (n >> 63);
    }

    private static long unZigZag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    private static final class Writer {
        private final ByteArrayOutputStream out;

        Writer(int expectedSize) {
            out = new ByteArrayOutputStream(expectedSize);
        }

        void write(int b) {
            out.write(b);
        }

        /** Unsigned LEB128: 7 bits a byte, low bits first. */
        void varint(long value) {
            long rest = value;
            while ((rest & ~0x7FL) != 0) {
                out.write((int) ((rest & 0x7F) | 0x80));
                rest >>>= 7;
            }
            out.write((int) rest);
        }

        /** Seconds (already made non-negative) with a flag bit saying whether nanos follow. */
        void time(long seconds, int nanos) {
            if (seconds < 0 || seconds > Long.MAX_VALUE >> 1) {
                throw new IllegalArgumentException("time out of range: " + seconds);
            }
            varint(seconds << 1 | (nanos == 0 ? 0 : 1));
            if (nanos != 0) {
                varint(nanos);
            }
        }

        void id(PaymentId id) {
            out.writeBytes(id.value().substring(PaymentId.PREFIX.length()).getBytes(StandardCharsets.US_ASCII));
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int read() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("series history ends early");
            }
            return bytes[position++] & 0xFF;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = read();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint longer than 64 bits");
        }

        /** A count or position: bounded by what is left, so a corrupt item cannot ask for a huge allocation. */
        int count() {
            long value = varint();
            if (value > bytes.length - position + 1L) {
                throw new IllegalArgumentException("count " + value + " beyond the series history's size");
            }
            return (int) value;
        }

        /** [seconds, nanos] */
        long[] time() {
            long flagged = varint();
            long nanos = (flagged & 1) == 0 ? 0 : varint();
            if (nanos < 0 || nanos > 999_999_999) {
                throw new IllegalArgumentException("nanos out of range: " + nanos);
            }
            return new long[] {flagged >>> 1, nanos};
        }

        PaymentId id() {
            if (bytes.length - position < ID_CHARS) {
                throw new IllegalArgumentException("series history ends early");
            }
            String body = new String(bytes, position, ID_CHARS, StandardCharsets.US_ASCII);
            position += ID_CHARS;
            return new PaymentId(PaymentId.PREFIX + body);
        }

        boolean done() {
            return position == bytes.length;
        }
    }
}
