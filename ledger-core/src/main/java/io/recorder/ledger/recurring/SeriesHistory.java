package io.recorder.ledger.recurring;

import io.recorder.ledger.PaymentId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The payments of one series, each once, in payment order ({@link SeriesEntry#PAYMENT_ORDER}).
 * Immutable. Adding is idempotent and commutative: whatever order entries arrive in, and however
 * often each is delivered, the same set of payments gives an equal history. That is what makes a
 * projection built from an at-least-once, out-of-order stream equal to the fold of the ledger.
 */
public final class SeriesHistory {
    private static final SeriesHistory EMPTY = new SeriesHistory(List.of(), Set.of());

    private final List<SeriesEntry> entries;
    private final Set<PaymentId> ids;

    private SeriesHistory(List<SeriesEntry> entries, Set<PaymentId> ids) {
        this.entries = entries;
        this.ids = ids;
    }

    public static SeriesHistory empty() {
        return EMPTY;
    }

    /** The history of these entries, in any order, duplicates ignored. */
    public static SeriesHistory of(Iterable<SeriesEntry> entries) {
        List<SeriesEntry> sorted = new ArrayList<>();
        Set<PaymentId> ids = new HashSet<>();
        for (SeriesEntry entry : entries) {
            Objects.requireNonNull(entry, "entry");
            if (ids.add(entry.paymentId())) {
                sorted.add(entry);
            }
        }
        sorted.sort(SeriesEntry.PAYMENT_ORDER);
        return new SeriesHistory(Collections.unmodifiableList(sorted), Collections.unmodifiableSet(ids));
    }

    /**
     * This history plus the entry; this very history when the payment is already in it (a duplicate
     * delivery). The first delivery of a payment id wins: payments are immutable, so a second one
     * carries the same content.
     */
    public SeriesHistory with(SeriesEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (ids.contains(entry.paymentId())) {
            return this;
        }
        int at = Collections.binarySearch(entries, entry, SeriesEntry.PAYMENT_ORDER);
        int insertion = at >= 0 ? at : -at - 1;
        List<SeriesEntry> grown = new ArrayList<>(entries.size() + 1);
        grown.addAll(entries.subList(0, insertion));
        grown.add(entry);
        grown.addAll(entries.subList(insertion, entries.size()));
        Set<PaymentId> grownIds = new HashSet<>(ids);
        grownIds.add(entry.paymentId());
        return new SeriesHistory(Collections.unmodifiableList(grown), Collections.unmodifiableSet(grownIds));
    }

    public boolean contains(PaymentId paymentId) {
        return ids.contains(paymentId);
    }

    /** The entries in payment order; unmodifiable. */
    public List<SeriesEntry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The latest payment by payment time (not by arrival), if any. */
    public Optional<SeriesEntry> latest() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeriesHistory that && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "SeriesHistory" + entries;
    }
}
