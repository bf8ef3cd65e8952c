package io.recorder.ledger.recurring;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.recurring.SeriesHistory.Admission;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * One cell of a client's monthly spending (ADR 0011): the exact total of the standing payments of one UTC
 * calendar month in one currency, among those whose ids fall in this cell. The store spreads a busy month
 * over a few cells (by payment id) so that no item carries every id of a burst; a month's spending is the
 * sum of its cells. The projection maintains it like a series: {@link #evolve} is idempotent and
 * order-independent within the stream's retention, by the same deduplication rules ({@link RecentIds}).
 *
 * @param payments how many payments stand in the total. Neither it nor the total is checked for sign: a cell
 *                 that missed its payments (written before rollups existed, until the rebuild after deploying,
 *                 ADR 0011) can hold a reversal of an older payment alone, and must still accept it.
 */
public record MonthlyRollup(Cell cell, Money total, int payments, RecentIds recent) {

    /** Where an event's amount is summed: client, month of the payment (UTC), currency, and the store's cell. */
    public record Cell(ClientId clientId, YearMonth month, CurrencyCode currency, int index) {
        public Cell {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(month, "month");
            Objects.requireNonNull(currency, "currency");
            if (index < 0) {
                throw new IllegalArgumentException("cell index " + index);
            }
        }

        /** The cell of a payment or reversal; {@code cellOf} picks the index from the payment id. */
        public static Cell of(LedgerEvent event, ToIntFunction<PaymentId> cellOf) {
            if (event instanceof PaymentRecorded payment) {
                return new Cell(payment.clientId(), monthOf(payment.paymentTimestamp()), payment.currency(),
                        cellOf.applyAsInt(payment.paymentId()));
            }
            if (event instanceof PaymentReversed reversal) {
                return new Cell(reversal.clientId(), monthOf(reversal.paymentTimestamp()), reversal.amount().currency(),
                        cellOf.applyAsInt(reversal.paymentId()));
            }
            throw new IllegalArgumentException("no spending cell for " + event.getClass().getSimpleName());
        }
    }

    public MonthlyRollup {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(recent, "recent");
        if (!total.currency().equals(cell.currency())) {
            throw new IllegalArgumentException("a " + cell.currency() + " cell with a total in " + total.currency());
        }
    }

    public static MonthlyRollup empty(Cell cell) {
        return new MonthlyRollup(cell, Money.zero(cell.currency()), 0, RecentIds.empty());
    }

    /** The UTC calendar month of a payment time. */
    public static YearMonth monthOf(Instant paymentTimestamp) {
        return YearMonth.from(paymentTimestamp.atOffset(ZoneOffset.UTC));
    }

    /**
     * @param rollup       the cell after the events
     * @param changed      whether anything was applied: when false, there is nothing to save
     * @param beforeWindow events taken as applied because they were recorded before the window (ADR 0007)
     */
    public record Evolution(MonthlyRollup rollup, boolean changed, int beforeWindow) {
    }

    /**
     * The cell with these events applied in recording order. A payment adds its amount unless its reversal came
     * first; a reversal takes its payment's amount out if the payment was applied (or is taken as applied), and
     * otherwise waits for it among the recent ids.
     *
     * @throws IllegalArgumentException when an event belongs to another cell
     */
    public static Evolution evolve(MonthlyRollup state, List<? extends LedgerEvent> events, ToIntFunction<PaymentId> cellOf) {
        MonthlyRollup current = Objects.requireNonNull(state, "state");
        boolean changed = false;
        int beforeWindow = 0;
        for (LedgerEvent event : events.stream().sorted(Comparator.comparing(LedgerEvent::recordedAt)).toList()) {
            if (!Cell.of(event, cellOf).equals(current.cell())) {
                throw new IllegalArgumentException("an event of " + Cell.of(event, cellOf) + " applied to " + current.cell());
            }
            Admission admission;
            if (event instanceof PaymentRecorded payment) {
                admission = current.recent().admitPayment(payment.paymentId(), payment.recordedAt());
                if (admission == Admission.NEW) {
                    current = current.with(payment);
                }
            } else if (event instanceof PaymentReversed reversal) {
                admission = current.recent().admitReversal(reversal.paymentId(), reversal.reversedAt());
                if (admission == Admission.NEW) {
                    current = current.with(reversal);
                }
            } else {
                throw new IllegalArgumentException("the rollup has no rule for " + event.getClass().getSimpleName());
            }
            switch (admission) {
                case NEW -> changed = true;
                case BEFORE_WINDOW -> beforeWindow++;
                case DUPLICATE -> { }
            }
        }
        return new Evolution(current, changed, beforeWindow);
    }

    private MonthlyRollup with(PaymentRecorded payment) {
        RecentIds ids = recent.withPayment(payment.paymentId(), payment.recordedAt());
        return recent.reversed(payment.paymentId())
                ? new MonthlyRollup(cell, total, payments, ids)
                : new MonthlyRollup(cell, total.plus(payment.amount()), payments + 1, ids);
    }

    private MonthlyRollup with(PaymentReversed reversal) {
        boolean applied = recent.paymentApplied(reversal.paymentId(), reversal.paymentRecordedAt(), reversal.reversedAt());
        RecentIds ids = recent.withReversal(reversal.paymentId(), reversal.reversedAt());
        return applied
                ? new MonthlyRollup(cell, total.minus(reversal.amount()), payments - 1, ids)
                : new MonthlyRollup(cell, total, payments, ids);
    }

    /**
     * Folds a whole ledger (any order, duplicates allowed) into its cells: what the rebuild writes and the
     * audit compares with. Evolving in recording order means nothing is ever before the window.
     */
    public static Map<Cell, MonthlyRollup> foldLedger(Iterable<? extends LedgerEvent> ledger, ToIntFunction<PaymentId> cellOf) {
        Map<Cell, List<LedgerEvent>> byCell = new LinkedHashMap<>();
        ledger.forEach(event -> byCell.computeIfAbsent(Cell.of(event, cellOf), c -> new java.util.ArrayList<>()).add(event));
        Map<Cell, MonthlyRollup> cells = new LinkedHashMap<>();
        byCell.forEach((cell, events) -> cells.put(cell, evolve(empty(cell), events, cellOf).rollup()));
        return cells;
    }
}
