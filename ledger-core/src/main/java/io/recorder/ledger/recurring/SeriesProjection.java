package io.recorder.ledger.recurring;

import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.SeriesId;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * The recurring-series projection as a pure decider: {@link #evolve} folds ledger events into a
 * {@link SeriesState}. The streams handler, the rebuild and the audit all call it; the DynamoDB code
 * only loads and saves. Deduplication follows ADR 0007: a payment is judged by
 * {@link SeriesHistory#admission}, so evolving is idempotent and order-independent within the
 * stream's retention.
 */
public final class SeriesProjection {

    private SeriesProjection() {
    }

    /**
     * @param state        the series after the events (empty: the series has no payment)
     * @param changed      whether anything was applied: when false, there is nothing to save
     * @param beforeWindow payments taken as applied because they were recorded before the
     *                     deduplication window (ADR 0007); counted so that they are logged
     */
    public record Evolution(Optional<SeriesState> state, boolean changed, int beforeWindow) {
        public Evolution {
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * The state with these events of one series applied, in recording order (so a batch applied at
     * once is judged like its records one by one). Events of any kind: each kind has its rule here.
     *
     * @throws IllegalArgumentException when an event belongs to another series or currency
     */
    public static Evolution evolve(Optional<SeriesState> state, List<? extends LedgerEvent> events) {
        Objects.requireNonNull(state, "state");
        Optional<SeriesState> current = state;
        boolean changed = false;
        int beforeWindow = 0;
        List<? extends LedgerEvent> byRecording = events.stream()
                .sorted(Comparator.comparing(LedgerEvent::recordedAt)).toList();
        for (LedgerEvent event : byRecording) {
            // One branch per kind of event; a new kind fails here until it has its rule.
            SeriesHistory.Admission admission;
            if (event instanceof PaymentRecorded payment) {
                if (current.isEmpty()) {
                    current = Optional.of(SeriesState.first(payment));
                    changed = true;
                    continue;
                }
                admission = current.get().history().admission(SeriesPayment.of(payment));
                if (admission == SeriesHistory.Admission.NEW) {
                    current = Optional.of(current.get().with(payment));
                }
            } else if (event instanceof PaymentReversed reversal) {
                // The payment leaves the series; a reversal that comes first waits for it (ADR 0009).
                if (current.isEmpty()) {
                    current = Optional.of(SeriesState.first(reversal));
                    changed = true;
                    continue;
                }
                admission = current.get().history().admission(SeriesReversal.of(reversal));
                if (admission == SeriesHistory.Admission.NEW) {
                    current = Optional.of(current.get().with(reversal));
                }
            } else {
                throw new IllegalArgumentException("the projection has no rule for " + event.getClass().getSimpleName());
            }
            switch (admission) {
                case NEW -> changed = true;
                case BEFORE_WINDOW -> beforeWindow++;
                case DUPLICATE -> { }
            }
        }
        return new Evolution(current, changed, beforeWindow);
    }

    /**
     * Folds a whole ledger (any order, duplicates allowed) into one state per series, in order of
     * first appearance. Evolving in recording order means no payment is ever before the window, so
     * this is the state of the set of payments: what the rebuild writes and the audit compares with.
     */
    public static Map<SeriesId, SeriesState> foldLedger(Iterable<? extends LedgerEvent> ledger) {
        Map<SeriesId, List<LedgerEvent>> bySeries = new LinkedHashMap<>();
        StreamSupport.stream(ledger.spliterator(), false).forEach(event -> bySeries
                .computeIfAbsent(seriesOf(event), id -> new java.util.ArrayList<>()).add(event));
        Map<SeriesId, SeriesState> states = new LinkedHashMap<>();
        bySeries.forEach((series, events) -> evolve(Optional.empty(), events).state()
                .ifPresent(s -> states.put(series, s)));
        return states;
    }

    /** The series an event belongs to. */
    public static SeriesId seriesOf(LedgerEvent event) {
        if (event instanceof PaymentRecorded payment) {
            return payment.seriesId();
        }
        if (event instanceof PaymentReversed reversal) {
            return reversal.seriesId();
        }
        throw new IllegalArgumentException("no series for " + event.getClass().getSimpleName());
    }
}
