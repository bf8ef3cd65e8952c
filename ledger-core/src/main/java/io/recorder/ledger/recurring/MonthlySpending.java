package io.recorder.ledger.recurring;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.Money;

import java.time.YearMonth;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One client's recurring spending per UTC calendar month and currency, summed from its series'
 * monthly totals. Currencies are never converted or added together.
 *
 * @param months month → currency code → exact total; unmodifiable,
 *               months without payments absent
 */
public record MonthlySpending(ClientId clientId, SortedMap<YearMonth, SortedMap<String, Money>> months) {

    public MonthlySpending {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(months, "months");
        TreeMap<YearMonth, SortedMap<String, Money>> copy = new TreeMap<>();
        months.forEach((month, perCurrency) -> copy.put(Objects.requireNonNull(month, "month"),
                Collections.unmodifiableSortedMap(new TreeMap<>(perCurrency))));
        months = Collections.unmodifiableSortedMap(copy);
    }

    /** All months of all the client's series. */
    public static MonthlySpending of(ClientId clientId, Iterable<RecurringSeries> series) {
        return of(clientId, series, Optional.empty(), Optional.empty());
    }

    /**
     * The months from {@code from} to {@code to}, both inclusive, each bound optional.
     *
     * @throws IllegalArgumentException when a series belongs to another client, or {@code from} is after {@code to}
     */
    public static MonthlySpending of(ClientId clientId, Iterable<RecurringSeries> series,
                                     Optional<YearMonth> from, Optional<YearMonth> to) {
        Objects.requireNonNull(clientId, "clientId");
        requireRange(from, to);
        TreeMap<YearMonth, SortedMap<String, Money>> months = new TreeMap<>();
        for (RecurringSeries one : series) {
            if (!one.clientId().equals(clientId)) {
                throw new IllegalArgumentException("series " + one.seriesId() + " belongs to another client");
            }
            for (Map.Entry<YearMonth, Money> month : one.monthlyTotals().entrySet()) {
                if (within(month.getKey(), from, to)) {
                    months.computeIfAbsent(month.getKey(), m -> new TreeMap<>())
                            .merge(one.currency().code(), month.getValue(), Money::plus);
                }
            }
        }
        return new MonthlySpending(clientId, months);
    }

    /**
     * The same as {@link #of(ClientId, Iterable, Optional, Optional)} over these series' states, summed
     * straight from their histories: no cadence is detected, which is most of a summary's work.
     */
    public static MonthlySpending ofStates(ClientId clientId, Iterable<SeriesState> states,
                                           Optional<YearMonth> from, Optional<YearMonth> to) {
        Objects.requireNonNull(clientId, "clientId");
        requireRange(from, to);
        TreeMap<YearMonth, SortedMap<String, Money>> months = new TreeMap<>();
        for (SeriesState state : states) {
            if (!state.clientId().equals(clientId)) {
                throw new IllegalArgumentException("series " + state.seriesId() + " belongs to another client");
            }
            for (SeriesEntry entry : state.history().entries()) {
                YearMonth month = YearMonth.from(entry.paymentTimestamp().atOffset(java.time.ZoneOffset.UTC));
                if (within(month, from, to)) {
                    months.computeIfAbsent(month, m -> new TreeMap<>())
                            .merge(state.currency().code(), entry.amount(), Money::plus);
                }
            }
        }
        return new MonthlySpending(clientId, months);
    }

    /**
     * The client's spending summed from its monthly rollup cells (ADR 0011): O(months) to read, whatever the
     * number of payments or series. Months whose cells total zero (every payment reversed) are left out.
     */
    public static MonthlySpending ofRollups(ClientId clientId, Iterable<MonthlyRollup> cells,
                                            Optional<YearMonth> from, Optional<YearMonth> to) {
        Objects.requireNonNull(clientId, "clientId");
        requireRange(from, to);
        TreeMap<YearMonth, SortedMap<String, Money>> months = new TreeMap<>();
        for (MonthlyRollup cell : cells) {
            if (!cell.cell().clientId().equals(clientId)) {
                throw new IllegalArgumentException("a rollup of " + cell.cell().month() + " belongs to another client");
            }
            if (within(cell.cell().month(), from, to) && cell.payments() != 0) {
                months.computeIfAbsent(cell.cell().month(), m -> new TreeMap<>())
                        .merge(cell.cell().currency().code(), cell.total(), Money::plus);
            }
        }
        return new MonthlySpending(clientId, months);
    }

    /** The same spending restricted to {@code from}..{@code to}, both inclusive, each bound optional. */
    public MonthlySpending between(Optional<YearMonth> from, Optional<YearMonth> to) {
        requireRange(from, to);
        TreeMap<YearMonth, SortedMap<String, Money>> kept = new TreeMap<>();
        months.forEach((month, perCurrency) -> {
            if (within(month, from, to)) {
                kept.put(month, perCurrency);
            }
        });
        return new MonthlySpending(clientId, kept);
    }

    /** Totals per currency over all the months held. */
    public SortedMap<String, Money> totalsPerCurrency() {
        TreeMap<String, Money> totals = new TreeMap<>();
        months.values().forEach(perCurrency -> perCurrency.forEach((currency, amount) -> totals.merge(currency, amount, Money::plus)));
        return Collections.unmodifiableSortedMap(totals);
    }

    private static void requireRange(Optional<YearMonth> from, Optional<YearMonth> to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new IllegalArgumentException("from " + from.get() + " is after to " + to.get());
        }
    }

    private static boolean within(YearMonth month, Optional<YearMonth> from, Optional<YearMonth> to) {
        return from.map(f -> !month.isBefore(f)).orElse(true) && to.map(t -> !month.isAfter(t)).orElse(true);
    }
}
