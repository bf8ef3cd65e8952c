package io.recorder.projections;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the projections should hold, folded from ledger events read in any order (duplicates
 * allowed): per series, the history and the description of its latest payment. The same result as
 * {@code RecurringSeriesFold.summarizeLedger}, kept in the projection's stored form.
 */
final class LedgerFold {
    record SeriesKey(ClientId client, SeriesId series) {
        static final Comparator<SeriesKey> ORDER = Comparator.comparing((SeriesKey k) -> k.client().value())
                .thenComparing(k -> k.series().value());

        @Override
        public String toString() {
            return "client=" + client.value() + " series=" + series.value();
        }
    }

    /** One series as the ledger says it should be stored, and the payments it is folded from (ids for the rebuild). */
    record Expected(SeriesKey key, String description, CurrencyCode currency, SeriesHistory history, List<SeriesPayment> payments) {
    }

    private static final class Builder {
        final List<SeriesPayment> entries = new ArrayList<>();
        SeriesPayment latest;
        String description;
        CurrencyCode currency;
    }

    private final Map<SeriesKey, Builder> series = new LinkedHashMap<>();
    private long events;

    void add(PaymentRecorded payment) {
        events++;
        Builder builder = series.computeIfAbsent(new SeriesKey(payment.clientId(), payment.seriesId()), key -> new Builder());
        SeriesPayment entry = SeriesPayment.of(payment);
        builder.entries.add(entry);
        builder.currency = payment.currency();
        if (builder.latest == null || SeriesPayment.PAYMENT_ORDER.compare(entry, builder.latest) > 0) {
            builder.latest = entry;
            builder.description = payment.description().text();
        }
    }

    long events() {
        return events;
    }

    /** Per series, in client then series order. */
    Map<SeriesKey, Expected> result() {
        Map<SeriesKey, Expected> out = new java.util.TreeMap<>(SeriesKey.ORDER);
        series.forEach((key, b) -> out.put(key, new Expected(key, b.description, b.currency, SeriesHistory.of(b.entries),
                List.copyOf(b.entries))));
        return out;
    }
}
