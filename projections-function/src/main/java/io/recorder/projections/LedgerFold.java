package io.recorder.projections;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.SeriesHistory;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesProjection;
import io.recorder.ledger.recurring.SeriesReversal;
import io.recorder.ledger.recurring.SeriesState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the projections should hold, folded from ledger events read in any order (duplicates
 * allowed) by the projection's own decider ({@link SeriesProjection#foldLedger}), plus the payments
 * of each series (the rebuild needs their ids).
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

    /** One series as the ledger says it should be stored, and the payments and reversals it is folded from (ids for the rebuild). */
    record Expected(SeriesKey key, String description, CurrencyCode currency, SeriesHistory history, List<SeriesPayment> payments,
                    List<SeriesReversal> reversals) {
    }

    private final List<LedgerEvent> ledger = new ArrayList<>();

    void add(LedgerEvent event) {
        ledger.add(event);
    }

    long events() {
        return ledger.size();
    }

    /** The events read, in reading order (duplicates as read). */
    List<LedgerEvent> ledger() {
        return java.util.Collections.unmodifiableList(ledger);
    }

    /** Per series, in client then series order. */
    Map<SeriesKey, Expected> result() {
        Map<SeriesId, List<SeriesPayment>> payments = new java.util.HashMap<>();
        Map<SeriesId, List<SeriesReversal>> reversals = new java.util.HashMap<>();
        for (LedgerEvent event : ledger) {
            if (event instanceof PaymentRecorded p) {
                payments.computeIfAbsent(p.seriesId(), id -> new ArrayList<>()).add(SeriesPayment.of(p));
            } else if (event instanceof PaymentReversed r) {
                reversals.computeIfAbsent(r.seriesId(), id -> new ArrayList<>()).add(SeriesReversal.of(r));
            }
        }
        Map<SeriesKey, Expected> out = new TreeMap<>(SeriesKey.ORDER);
        for (SeriesState state : SeriesProjection.foldLedger(ledger).values()) {
            SeriesKey key = new SeriesKey(state.clientId(), state.seriesId());
            out.put(key, new Expected(key, state.description(), state.currency(), state.history(),
                    List.copyOf(payments.getOrDefault(state.seriesId(), List.of())),
                    List.copyOf(reversals.getOrDefault(state.seriesId(), List.of()))));
        }
        return out;
    }
}
