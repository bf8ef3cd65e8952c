package io.recorder.ledger.recurring;

import io.recorder.ledger.PaymentId;
import io.recorder.ledger.recurring.SeriesHistory.Admission;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What deduplication needs (ADR 0007) for a projection that keeps no ids of its own: the ids and recording
 * times of the payments and of the reversals applied within {@link SeriesHistory#RECENT_WINDOW} of the newest
 * recording time applied. The monthly spending rollups (ADR 0011) judge events by exactly the series' rules:
 * an id seen is a duplicate, an event recorded more than the window before the newest is taken as applied.
 * Immutable; maps in id order.
 */
public final class RecentIds {
    private static final Comparator<PaymentId> ID_ORDER = Comparator.comparing(PaymentId::value);
    private static final RecentIds EMPTY = new RecentIds(Map.of(), Map.of());

    private final Map<PaymentId, Instant> payments;
    private final Map<PaymentId, Instant> reversals;

    private RecentIds(Map<PaymentId, Instant> payments, Map<PaymentId, Instant> reversals) {
        this.payments = payments;
        this.reversals = reversals;
    }

    public static RecentIds empty() {
        return EMPTY;
    }

    /**
     * Ids as stored: payment ids with their recording times, reversed payments' ids with the reversals' times.
     *
     * @throws IllegalArgumentException when they span more than the window
     */
    public static RecentIds restore(Map<PaymentId, Instant> payments, Map<PaymentId, Instant> reversals) {
        RecentIds restored = new RecentIds(sorted(payments), sorted(reversals));
        Optional<Instant> newest = restored.newest();
        if (newest.isPresent() && Stream.concat(payments.values().stream(), reversals.values().stream())
                .anyMatch(at -> beforeWindow(at, newest.get()))) {
            throw new IllegalArgumentException("recent ids span more than " + SeriesHistory.RECENT_WINDOW);
        }
        return restored;
    }

    /** What applying a payment with this id, recorded then, would do. */
    public Admission admitPayment(PaymentId id, Instant recordedAt) {
        return admission(payments, id, recordedAt);
    }

    /** What applying the reversal of this payment, recorded then, would do. */
    public Admission admitReversal(PaymentId paymentId, Instant reversedAt) {
        return admission(reversals, paymentId, reversedAt);
    }

    /** These ids with a payment's; ids that fall out of the window of the new newest are dropped. */
    public RecentIds withPayment(PaymentId id, Instant recordedAt) {
        Instant newest = newestWith(recordedAt);
        Map<PaymentId, Instant> grown = within(payments, newest);
        grown.put(id, recordedAt);
        return new RecentIds(Collections.unmodifiableMap(grown), Collections.unmodifiableMap(within(reversals, newest)));
    }

    /** These ids with a reversal's (keyed by the payment it reverses). */
    public RecentIds withReversal(PaymentId paymentId, Instant reversedAt) {
        Instant newest = newestWith(reversedAt);
        Map<PaymentId, Instant> grown = within(reversals, newest);
        grown.put(paymentId, reversedAt);
        return new RecentIds(Collections.unmodifiableMap(within(payments, newest)), Collections.unmodifiableMap(grown));
    }

    /**
     * Whether a reversal arriving now finds its payment applied: its id is recent, or it was recorded before
     * the window (taken as applied). Otherwise the payment has not arrived yet.
     */
    public boolean paymentApplied(PaymentId paymentId, Instant paymentRecordedAt, Instant reversedAt) {
        return payments.containsKey(paymentId) || beforeWindow(paymentRecordedAt, newestWith(reversedAt));
    }

    /** Whether a reversal of this payment was applied (and is still within the window). */
    public boolean reversed(PaymentId paymentId) {
        return reversals.containsKey(paymentId);
    }

    /** The newest recording time applied, of a payment or a reversal. */
    public Optional<Instant> newest() {
        return Stream.concat(payments.values().stream(), reversals.values().stream()).max(Comparator.naturalOrder());
    }

    public Map<PaymentId, Instant> payments() {
        return payments;
    }

    public Map<PaymentId, Instant> reversals() {
        return reversals;
    }

    public boolean isEmpty() {
        return payments.isEmpty() && reversals.isEmpty();
    }

    private Admission admission(Map<PaymentId, Instant> seen, PaymentId id, Instant recordedAt) {
        if (seen.containsKey(id)) {
            return Admission.DUPLICATE;
        }
        Optional<Instant> newest = newest();
        return newest.isPresent() && beforeWindow(recordedAt, newest.get()) ? Admission.BEFORE_WINDOW : Admission.NEW;
    }

    private Instant newestWith(Instant at) {
        return newest().filter(n -> n.isAfter(at)).orElse(at);
    }

    private static boolean beforeWindow(Instant at, Instant newest) {
        return at.isBefore(newest.minus(SeriesHistory.RECENT_WINDOW));
    }

    private static Map<PaymentId, Instant> within(Map<PaymentId, Instant> ids, Instant newest) {
        Map<PaymentId, Instant> kept = new TreeMap<>(ID_ORDER);
        ids.forEach((id, at) -> {
            if (!beforeWindow(at, newest)) {
                kept.put(id, at);
            }
        });
        return kept;
    }

    private static Map<PaymentId, Instant> sorted(Map<PaymentId, Instant> ids) {
        Map<PaymentId, Instant> copy = new TreeMap<>(ID_ORDER);
        ids.forEach((id, at) -> copy.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(at, "recordedAt")));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecentIds that && payments.equals(that.payments) && reversals.equals(that.reversals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payments, reversals);
    }

    @Override
    public String toString() {
        return "RecentIds" + payments.keySet() + " reversals=" + reversals.keySet();
    }
}
