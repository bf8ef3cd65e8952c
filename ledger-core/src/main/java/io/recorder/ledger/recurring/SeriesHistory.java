package io.recorder.ledger.recurring;

import io.recorder.ledger.PaymentId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The payments of one series, in payment order ({@link SeriesPayment#PAYMENT_ORDER}), as a multiset
 * of entries without ids, plus what deduplication needs (ADR 0007):
 * <ul>
 *   <li>{@link #recent()}: the ids and recording times of the payments recorded within
 *       {@link #RECENT_WINDOW} of the newest recording time applied;</li>
 *   <li>{@link #latestPaymentId()}: the id of the latest payment, whose description the series shows.</li>
 * </ul>
 * Immutable. Every part is a function of the set of payments applied, so adding is idempotent and
 * commutative for any delivery that honours the stream's 24-hour retention: a delivery reaches us
 * within 24 h of its recording, when the newest recording time applied is at most 24 h later than
 * its own. Its id is then still in {@code recent} if it was applied before, and it is never older
 * than the window if it was not. A payment recorded more than the window before the newest one
 * applied is taken as applied ({@link Admission#BEFORE_WINDOW}): it can only arrive that late after
 * an outage past retention, which the rebuild repairs; it is never counted twice.
 */
public final class SeriesHistory {
    /** Twice the stream's retention: a margin for clock skew between writers and for slow retries. */
    public static final Duration RECENT_WINDOW = Duration.ofHours(48);

    private static final Comparator<PaymentId> ID_ORDER = Comparator.comparing(PaymentId::value);
    private static final SeriesHistory EMPTY = new SeriesHistory(List.of(), Map.of(), null);

    /** What adding a payment would do. */
    public enum Admission {
        /** Not applied yet: adding it grows the history. */
        NEW,
        /** Its id is in {@code recent}: a redelivery. */
        DUPLICATE,
        /** Recorded more than {@link #RECENT_WINDOW} before the newest payment applied: taken as applied. */
        BEFORE_WINDOW
    }

    private final List<SeriesEntry> entries;
    private final Map<PaymentId, Instant> recent;
    private final PaymentId latestPaymentId;

    private SeriesHistory(List<SeriesEntry> entries, Map<PaymentId, Instant> recent, PaymentId latestPaymentId) {
        this.entries = entries;
        this.recent = recent;
        this.latestPaymentId = latestPaymentId;
    }

    public static SeriesHistory empty() {
        return EMPTY;
    }

    /** The history of this set of payments, in any order, duplicate ids ignored (whatever their recording times). */
    public static SeriesHistory of(Iterable<SeriesPayment> payments) {
        Map<PaymentId, SeriesPayment> distinct = new HashMap<>();
        for (SeriesPayment payment : payments) {
            Objects.requireNonNull(payment, "payment");
            distinct.putIfAbsent(payment.paymentId(), payment);
        }
        if (distinct.isEmpty()) {
            return EMPTY;
        }
        List<SeriesPayment> sorted = new ArrayList<>(distinct.values());
        sorted.sort(SeriesPayment.PAYMENT_ORDER);
        Instant newest = sorted.stream().map(SeriesPayment::recordedAt).max(Comparator.naturalOrder()).orElseThrow();
        Map<PaymentId, Instant> recent = new TreeMap<>(ID_ORDER);
        for (SeriesPayment payment : sorted) {
            if (!payment.recordedAt().isBefore(newest.minus(RECENT_WINDOW))) {
                recent.put(payment.paymentId(), payment.recordedAt());
            }
        }
        return new SeriesHistory(sorted.stream().map(SeriesPayment::entry).toList(),
                Collections.unmodifiableMap(recent), sorted.get(sorted.size() - 1).paymentId());
    }

    /**
     * A history as stored: entries (sorted here), the recent ids and the latest payment's id.
     *
     * @throws IllegalArgumentException when the parts cannot belong together
     */
    public static SeriesHistory restore(List<SeriesEntry> entries, Map<PaymentId, Instant> recent, PaymentId latestPaymentId) {
        if (entries.isEmpty()) {
            if (!recent.isEmpty() || latestPaymentId != null) {
                throw new IllegalArgumentException("an empty history has no recent ids and no latest payment");
            }
            return EMPTY;
        }
        Objects.requireNonNull(latestPaymentId, "latestPaymentId");
        if (recent.isEmpty()) {
            throw new IllegalArgumentException("a history holds at least its newest recorded payment's id");
        }
        List<SeriesEntry> sorted = new ArrayList<>(entries);
        sorted.sort(SeriesEntry.PAYMENT_ORDER);
        Map<PaymentId, Instant> ids = new TreeMap<>(ID_ORDER);
        ids.putAll(recent);
        Instant newest = Collections.max(ids.values());
        if (ids.values().stream().anyMatch(at -> at.isBefore(newest.minus(RECENT_WINDOW)))) {
            throw new IllegalArgumentException("recent ids span more than " + RECENT_WINDOW);
        }
        return new SeriesHistory(List.copyOf(sorted), Collections.unmodifiableMap(ids), latestPaymentId);
    }

    public Admission admission(SeriesPayment payment) {
        if (recent.containsKey(payment.paymentId())) {
            return Admission.DUPLICATE;
        }
        Optional<Instant> newest = newestRecordedAt();
        return newest.isPresent() && payment.recordedAt().isBefore(newest.get().minus(RECENT_WINDOW))
                ? Admission.BEFORE_WINDOW
                : Admission.NEW;
    }

    /**
     * This history plus the payment; this very history when it is not {@link Admission#NEW} (a
     * duplicate, or recorded before the window). The first delivery of a payment id wins: payments
     * are immutable, so a second one carries the same content.
     */
    public SeriesHistory with(SeriesPayment payment) {
        Objects.requireNonNull(payment, "payment");
        if (admission(payment) != Admission.NEW) {
            return this;
        }
        SeriesEntry entry = payment.entry();
        int at = Collections.binarySearch(entries, entry, SeriesEntry.PAYMENT_ORDER);
        int insertion = at >= 0 ? at : -at - 1;
        List<SeriesEntry> grown = new ArrayList<>(entries.size() + 1);
        grown.addAll(entries.subList(0, insertion));
        grown.add(entry);
        grown.addAll(entries.subList(insertion, entries.size()));

        Instant newest = newestRecordedAt().filter(n -> n.isAfter(payment.recordedAt())).orElse(payment.recordedAt());
        Map<PaymentId, Instant> ids = new TreeMap<>(ID_ORDER);
        recent.forEach((id, recordedAt) -> {
            if (!recordedAt.isBefore(newest.minus(RECENT_WINDOW))) {
                ids.put(id, recordedAt);
            }
        });
        ids.put(payment.paymentId(), payment.recordedAt());

        PaymentId latest = latestPaymentId;
        if (latest == null || isAfterLatest(payment)) {
            latest = payment.paymentId();
        }
        return new SeriesHistory(Collections.unmodifiableList(grown), Collections.unmodifiableMap(ids), latest);
    }

    /** Whether the payment sorts after the current latest payment, whose entry is the last one. */
    private boolean isAfterLatest(SeriesPayment payment) {
        int byEntry = SeriesEntry.PAYMENT_ORDER.compare(payment.entry(), entries.get(entries.size() - 1));
        return byEntry > 0 || byEntry == 0 && payment.paymentId().value().compareTo(latestPaymentId.value()) > 0;
    }

    /** Whether this payment id was applied and recorded within the window of the newest: what deduplication can tell. */
    public boolean recentlyApplied(PaymentId paymentId) {
        return recent.containsKey(paymentId);
    }

    /** The entries in payment order; unmodifiable. */
    public List<SeriesEntry> entries() {
        return entries;
    }

    /** Ids and recording times of the payments recorded within the window of the newest; unmodifiable, in id order. */
    public Map<PaymentId, Instant> recent() {
        return recent;
    }

    /** The id of the latest payment in payment order: the one whose description the series shows. */
    public Optional<PaymentId> latestPaymentId() {
        return Optional.ofNullable(latestPaymentId);
    }

    /** The newest recording time applied. */
    public Optional<Instant> newestRecordedAt() {
        return recent.isEmpty() ? Optional.empty() : Optional.of(Collections.max(recent.values()));
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The latest entry by payment order (not by arrival), if any. */
    public Optional<SeriesEntry> latest() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeriesHistory that && entries.equals(that.entries) && recent.equals(that.recent)
                && Objects.equals(latestPaymentId, that.latestPaymentId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries, recent, latestPaymentId);
    }

    @Override
    public String toString() {
        return "SeriesHistory" + entries + " recent=" + recent + " latest=" + latestPaymentId;
    }
}
