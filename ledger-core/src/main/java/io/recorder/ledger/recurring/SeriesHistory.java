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
 *
 * <p>Reversals (ADR 0009) follow the same rules. {@link #entries()} are the payments that stand; the
 * entries of reversed payments are kept apart ({@link #reversedEntries()}), so that "the latest payment"
 * (whose description the series shows) is decided over every payment, reversed or not, in any order.
 * {@link #reversals()} holds the ids and recording times of reversals within the window: a redelivered
 * reversal is recognised, and one that arrives before its payment waits there for it. A reversal takes
 * its payment's entry out when the payment was applied (its id is recent) or is taken as applied
 * (recorded before the window); otherwise the payment has not arrived yet and will go straight to the
 * reversed entries when it does.
 */
public final class SeriesHistory {
    /** Twice the stream's retention: a margin for clock skew between writers and for slow retries. */
    public static final Duration RECENT_WINDOW = Duration.ofHours(48);

    private static final Comparator<PaymentId> ID_ORDER = Comparator.comparing(PaymentId::value);
    private static final SeriesHistory EMPTY = new SeriesHistory(List.of(), List.of(), RecentIds.empty(), null);

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
    private final List<SeriesEntry> reversedEntries;
    /** The recent payment and reversal ids: the deduplication rules live there, shared with the monthly cells. */
    private final RecentIds ids;
    private final PaymentId latestPaymentId;

    private SeriesHistory(List<SeriesEntry> entries, List<SeriesEntry> reversedEntries, RecentIds ids, PaymentId latestPaymentId) {
        this.entries = entries;
        this.reversedEntries = reversedEntries;
        this.ids = ids;
        this.latestPaymentId = latestPaymentId;
    }

    public static SeriesHistory empty() {
        return EMPTY;
    }

    /** The history of this set of payments, in any order, duplicate ids ignored (whatever their recording times). */
    public static SeriesHistory of(Iterable<SeriesPayment> payments) {
        return of(payments, List.of());
    }

    /**
     * The history of this set of payments and reversals, in any order, duplicate ids ignored: what any
     * delivery within the stream's retention evolves to. A reversal whose payment is not in the set only
     * waits in {@link #reversals()}.
     */
    public static SeriesHistory of(Iterable<SeriesPayment> payments, Iterable<SeriesReversal> reversals) {
        Map<PaymentId, SeriesPayment> distinct = new HashMap<>();
        for (SeriesPayment payment : payments) {
            Objects.requireNonNull(payment, "payment");
            distinct.putIfAbsent(payment.paymentId(), payment);
        }
        Map<PaymentId, SeriesReversal> reversed = new HashMap<>();
        for (SeriesReversal reversal : reversals) {
            Objects.requireNonNull(reversal, "reversal");
            reversed.putIfAbsent(reversal.paymentId(), reversal);
        }
        if (distinct.isEmpty() && reversed.isEmpty()) {
            return EMPTY;
        }
        List<SeriesPayment> sorted = new ArrayList<>(distinct.values());
        sorted.sort(SeriesPayment.PAYMENT_ORDER);
        Instant newest = java.util.stream.Stream.concat(
                        sorted.stream().map(SeriesPayment::recordedAt),
                        reversed.values().stream().map(SeriesReversal::reversedAt))
                .max(Comparator.naturalOrder()).orElseThrow();
        Map<PaymentId, Instant> recent = new TreeMap<>(ID_ORDER);
        List<SeriesEntry> standing = new ArrayList<>();
        List<SeriesEntry> reversedEntries = new ArrayList<>();
        for (SeriesPayment payment : sorted) {
            if (!payment.recordedAt().isBefore(newest.minus(RECENT_WINDOW))) {
                recent.put(payment.paymentId(), payment.recordedAt());
            }
            (reversed.containsKey(payment.paymentId()) ? reversedEntries : standing).add(payment.entry());
        }
        Map<PaymentId, Instant> recentReversals = new TreeMap<>(ID_ORDER);
        reversed.values().forEach(reversal -> {
            if (!reversal.reversedAt().isBefore(newest.minus(RECENT_WINDOW))) {
                recentReversals.put(reversal.paymentId(), reversal.reversedAt());
            }
        });
        return new SeriesHistory(List.copyOf(standing), List.copyOf(reversedEntries), RecentIds.restore(recent, recentReversals),
                sorted.isEmpty() ? null : sorted.get(sorted.size() - 1).paymentId());
    }

    /**
     * A history as stored: entries (sorted here), the recent ids and the latest payment's id.
     *
     * @throws IllegalArgumentException when the parts cannot belong together
     */
    public static SeriesHistory restore(List<SeriesEntry> entries, Map<PaymentId, Instant> recent, PaymentId latestPaymentId) {
        return restore(entries, List.of(), recent, Map.of(), latestPaymentId);
    }

    /**
     * A history as stored, with reversals: standing and reversed entries (sorted here), the recent payment
     * and reversal ids, and the latest payment's id.
     *
     * @throws IllegalArgumentException when the parts cannot belong together
     */
    public static SeriesHistory restore(List<SeriesEntry> entries, List<SeriesEntry> reversedEntries,
                                        Map<PaymentId, Instant> recent, Map<PaymentId, Instant> reversals,
                                        PaymentId latestPaymentId) {
        boolean noPayments = entries.isEmpty() && reversedEntries.isEmpty();
        if (noPayments && reversals.isEmpty()) {
            if (!recent.isEmpty() || latestPaymentId != null) {
                throw new IllegalArgumentException("an empty history has no recent ids and no latest payment");
            }
            return EMPTY;
        }
        if (noPayments != (latestPaymentId == null)) {
            throw new IllegalArgumentException("a history has a latest payment exactly when it has payments");
        }
        if (recent.isEmpty() && reversals.isEmpty()) {
            throw new IllegalArgumentException("a history holds at least its newest recorded payment's or reversal's id");
        }
        List<SeriesEntry> sorted = new ArrayList<>(entries);
        sorted.sort(SeriesEntry.PAYMENT_ORDER);
        List<SeriesEntry> sortedReversed = new ArrayList<>(reversedEntries);
        sortedReversed.sort(SeriesEntry.PAYMENT_ORDER);
        return new SeriesHistory(List.copyOf(sorted), List.copyOf(sortedReversed), RecentIds.restore(recent, reversals), latestPaymentId);
    }

    public Admission admission(SeriesPayment payment) {
        return ids.admitPayment(payment.paymentId(), payment.recordedAt());
    }

    /**
     * This history plus the payment; this very history when it is not {@link Admission#NEW} (a
     * duplicate, or recorded before the window). The first delivery of a payment id wins: payments
     * are immutable, so a second one carries the same content. A payment whose reversal came first goes
     * straight to the reversed entries.
     */
    public SeriesHistory with(SeriesPayment payment) {
        Objects.requireNonNull(payment, "payment");
        if (admission(payment) != Admission.NEW) {
            return this;
        }
        SeriesEntry entry = payment.entry();
        boolean reversed = ids.reversed(payment.paymentId());
        List<SeriesEntry> grownStanding = reversed ? entries : inserted(entries, entry);
        List<SeriesEntry> grownReversed = reversed ? inserted(reversedEntries, entry) : reversedEntries;

        PaymentId latest = latestPaymentId;
        if (latest == null || isAfterLatest(payment)) {
            latest = payment.paymentId();
        }
        return new SeriesHistory(grownStanding, grownReversed, ids.withPayment(payment.paymentId(), payment.recordedAt()), latest);
    }

    /** What adding a reversal would do: judged like a payment, by its own id and recording time. */
    public Admission admission(SeriesReversal reversal) {
        return ids.admitReversal(reversal.paymentId(), reversal.reversedAt());
    }

    /**
     * This history with the reversal; this very history when it is not {@link Admission#NEW}. The reversed
     * payment's entry moves out of {@link #entries()} when the payment was applied or is taken as applied;
     * otherwise the reversal waits for its payment.
     */
    public SeriesHistory with(SeriesReversal reversal) {
        Objects.requireNonNull(reversal, "reversal");
        if (admission(reversal) != Admission.NEW) {
            return this;
        }
        boolean paymentApplied = ids.paymentApplied(reversal.paymentId(), reversal.paymentRecordedAt(), reversal.reversedAt());
        List<SeriesEntry> standing = entries;
        List<SeriesEntry> reversedOnes = reversedEntries;
        if (paymentApplied) {
            int at = Collections.binarySearch(entries, reversal.entry(), SeriesEntry.PAYMENT_ORDER);
            if (at >= 0) {
                // Equal entries are interchangeable (a multiset): taking out any one of them is taking out this payment.
                List<SeriesEntry> shrunk = new ArrayList<>(entries);
                shrunk.remove(at);
                standing = Collections.unmodifiableList(shrunk);
                reversedOnes = inserted(reversedEntries, reversal.entry());
            }
        }
        return new SeriesHistory(standing, reversedOnes, ids.withReversal(reversal.paymentId(), reversal.reversedAt()), latestPaymentId);
    }

    private static List<SeriesEntry> inserted(List<SeriesEntry> sorted, SeriesEntry entry) {
        int at = Collections.binarySearch(sorted, entry, SeriesEntry.PAYMENT_ORDER);
        int insertion = at >= 0 ? at : -at - 1;
        List<SeriesEntry> grown = new ArrayList<>(sorted.size() + 1);
        grown.addAll(sorted.subList(0, insertion));
        grown.add(entry);
        grown.addAll(sorted.subList(insertion, sorted.size()));
        return Collections.unmodifiableList(grown);
    }

    /** Whether the payment sorts after the current latest payment (reversed or not), whose entry is the last of either list. */
    private boolean isAfterLatest(SeriesPayment payment) {
        int byEntry = SeriesEntry.PAYMENT_ORDER.compare(payment.entry(), lastOfAll());
        return byEntry > 0 || byEntry == 0 && payment.paymentId().value().compareTo(latestPaymentId.value()) > 0;
    }

    private SeriesEntry lastOfAll() {
        if (reversedEntries.isEmpty()) {
            return entries.get(entries.size() - 1);
        }
        SeriesEntry lastReversed = reversedEntries.get(reversedEntries.size() - 1);
        if (entries.isEmpty()) {
            return lastReversed;
        }
        SeriesEntry lastStanding = entries.get(entries.size() - 1);
        return SeriesEntry.PAYMENT_ORDER.compare(lastStanding, lastReversed) >= 0 ? lastStanding : lastReversed;
    }

    /** Whether this payment id was applied and recorded within the window of the newest: what deduplication can tell. */
    public boolean recentlyApplied(PaymentId paymentId) {
        return ids.payments().containsKey(paymentId);
    }

    /** The entries of the payments that stand (not reversed), in payment order: what every summary folds; unmodifiable. */
    public List<SeriesEntry> entries() {
        return entries;
    }

    /** The entries of reversed payments, in payment order; unmodifiable. */
    public List<SeriesEntry> reversedEntries() {
        return reversedEntries;
    }

    /** Reversed payments' ids with their reversals' recording times, within the window of the newest; unmodifiable, in id order. */
    public Map<PaymentId, Instant> reversals() {
        return ids.reversals();
    }

    /** Whether nothing at all was applied: no payment, reversed or not, and no reversal waiting (nothing to store). */
    public boolean isBlank() {
        return this == EMPTY || entries.isEmpty() && reversedEntries.isEmpty() && ids.isEmpty();
    }

    /** Ids and recording times of the payments recorded within the window of the newest; unmodifiable, in id order. */
    public Map<PaymentId, Instant> recent() {
        return ids.payments();
    }

    /** The id of the latest payment in payment order, reversed or not: the one whose description the series shows. */
    public Optional<PaymentId> latestPaymentId() {
        return Optional.ofNullable(latestPaymentId);
    }

    /** The newest recording time applied, of a payment or a reversal. */
    public Optional<Instant> newestRecordedAt() {
        return ids.newest();
    }

    /** How many payments stand. */
    public int size() {
        return entries.size();
    }

    /** Whether no payment stands: a series every payment of which was reversed shows nowhere (see {@link #isBlank()}). */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The latest standing entry by payment order (not by arrival), if any. */
    public Optional<SeriesEntry> latest() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeriesHistory that && entries.equals(that.entries) && ids.equals(that.ids)
                && reversedEntries.equals(that.reversedEntries) && Objects.equals(latestPaymentId, that.latestPaymentId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries, reversedEntries, ids, latestPaymentId);
    }

    @Override
    public String toString() {
        return "SeriesHistory" + entries + " reversed=" + reversedEntries + " recent=" + ids.payments() + " reversals="
                + ids.reversals() + " latest=" + latestPaymentId;
    }
}
