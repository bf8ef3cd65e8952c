package io.recorder.ledger.recurring;

import io.recorder.ledger.Money;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One payment in a series' stored history: when it was paid and how much, all the summary folds.
 * No id: two distinct payments with the same time and amount are two equal entries (a history is a
 * multiset; deduplication happens by id before an entry is added, see {@link SeriesHistory}).
 */
public record SeriesEntry(Instant paymentTimestamp, Money amount) {

    /** Payment time, then amount (by value; a series has one currency). */
    public static final Comparator<SeriesEntry> PAYMENT_ORDER = Comparator
            .comparing(SeriesEntry::paymentTimestamp)
            .thenComparing(entry -> entry.amount().amount());

    public SeriesEntry {
        Objects.requireNonNull(paymentTimestamp, "paymentTimestamp");
        Objects.requireNonNull(amount, "amount");
    }
}
