package io.recorder.ledger.recurring;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * History in, summary out: the pure fold behind the recurring-payments projection. Deterministic:
 * the same history, description and instant always give an equal summary. Dates are UTC dates.
 */
public final class RecurringSeriesFold {
    /** An irregular series is stopped after this many days without a payment, or 3 median gaps if longer. */
    public static final int IRREGULAR_STOPPED_AFTER_DAYS = 90;
    /** A gap this many times the usual one may be a pause (a resumed subscription, an old outlier). */
    static final int PAUSE_GAP_FACTOR = 3;
    /** Pauses tried on an irregular history, earliest first: bounded, so that summarizing stays linear. */
    static final int MAX_PAUSES_TRIED = 3;

    private RecurringSeriesFold() {
    }

    /**
     * Summarizes one series.
     *
     * @param description the text of the latest payment in {@code history} (see {@link SeriesState})
     * @param asOf        the instant the status is computed for
     * @throws IllegalArgumentException when the history is empty or holds an amount in another currency
     */
    public static RecurringSeries summarize(ClientId clientId, SeriesId seriesId, String description,
                                            CurrencyCode currency, SeriesHistory history, Instant asOf) {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(asOf, "asOf");
        if (history.isEmpty()) {
            throw new IllegalArgumentException("a series has at least one payment");
        }
        List<SeriesEntry> entries = history.entries();
        Money total = Money.zero(currency);
        SortedMap<YearMonth, Money> monthly = new TreeMap<>();
        List<AmountChange> changes = new ArrayList<>();
        List<LocalDate> dates = new ArrayList<>(entries.size());
        SeriesEntry previous = null;
        for (SeriesEntry entry : entries) {
            if (!entry.amount().currency().equals(currency)) {
                throw new IllegalArgumentException("the payment of " + entry.paymentTimestamp() + " is in "
                        + entry.amount().currency() + ", the series in " + currency);
            }
            total = total.plus(entry.amount());
            LocalDate date = LocalDate.ofInstant(entry.paymentTimestamp(), ZoneOffset.UTC);
            dates.add(date);
            monthly.merge(YearMonth.from(date), entry.amount(), Money::plus);
            if (previous != null && previous.amount().compareTo(entry.amount()) != 0) {
                changes.add(AmountChange.between(entry.paymentTimestamp(), previous.amount(), entry.amount()));
            }
            previous = entry;
        }
        SeriesEntry first = entries.get(0);
        SeriesEntry last = entries.get(entries.size() - 1);
        CadenceDetector.Detection detection = CadenceDetector.detect(dates);
        Optional<Pause> pause = Optional.empty();
        if (detection.cadence() == Cadence.IRREGULAR) {
            Optional<Resumed> resumed = regularAfterPause(dates);
            if (resumed.isPresent()) {
                detection = resumed.get().detection();
                pause = Optional.of(resumed.get().pause());
            }
        } else if (detection.cadence().isRegular()) {
            pause = latestPause(dates, detection.cadence());
        }
        Optional<LocalDate> lateAfter = Optional.empty();
        Optional<LocalDate> stoppedAfter = Optional.empty();
        if (detection.schedule().isPresent()) {
            Schedule schedule = detection.schedule().get();
            int tolerance = schedule.cadence().toleranceDays();
            lateAfter = Optional.of(schedule.expected(1).plusDays(tolerance));
            stoppedAfter = Optional.of(schedule.expected(2).plusDays(tolerance));
        } else if (detection.cadence() == Cadence.IRREGULAR) {
            stoppedAfter = Optional.of(dates.get(dates.size() - 1)
                    .plusDays(Math.max(IRREGULAR_STOPPED_AFTER_DAYS, 3 * medianGapDays(dates))));
        }
        SeriesSummary summary = new SeriesSummary(clientId, seriesId, description, currency, entries.size(), total,
                first.paymentTimestamp(), last.paymentTimestamp(), last.amount(),
                average(total, entries.size(), currency), detection.cadence(), detection.confidence(),
                detection.nextExpectedDate(), lateAfter, stoppedAfter, pause);
        return new RecurringSeries(summary, summary.statusAsOf(asOf), changes, monthly);
    }

    /**
     * Folds a whole ledger (any order, duplicates allowed) into one summary per client and series,
     * ordered by client id then series id, with the status as of {@code asOf}. What the read API
     * must show once the projection has caught up ({@link SeriesProjection#foldLedger}). Reversed payments
     * count nowhere, and a series whose every payment was reversed has no summary (ADR 0009).
     */
    public static List<RecurringSeries> summarizeLedger(Iterable<? extends LedgerEvent> ledger, Instant asOf) {
        List<RecurringSeries> summaries = new ArrayList<>();
        for (SeriesState state : SeriesProjection.foldLedger(ledger).values()) {
            if (state.hasStandingPayments()) {
                summaries.add(summarize(state, asOf));
            }
        }
        summaries.sort(Comparator.comparing((RecurringSeries s) -> s.clientId().value())
                .thenComparing(s -> s.seriesId().value()));
        return List.copyOf(summaries);
    }

    /** Summarizes one series' state with its status as of {@code asOf}. */
    public static RecurringSeries summarize(SeriesState state, Instant asOf) {
        return summarize(state.clientId(), state.seriesId(), state.description(), state.currency(), state.history(), asOf);
    }

    /** {@code total / count}: see {@link RecurringSeries#averageAmount()}. */
    static Money average(Money total, int count, CurrencyCode currency) {
        // Money keeps at least the currency's scale and drops no digit: 500.00, 183.3333, 0.125.
        return new Money(total.amount().divide(BigDecimal.valueOf(count), currency.minorUnits() + 2, RoundingMode.HALF_EVEN)
                .stripTrailingZeros(), currency);
    }

    private record Resumed(CadenceDetector.Detection detection, Pause pause) {
    }

    /**
     * An irregular history that is a regular run after a long gap, as a person reads it: twelve monthly
     * payments after one paid a year and a half before are monthly, with the gap shown as a pause.
     * A gap qualifies when it is at least {@link #PAUSE_GAP_FACTOR} times the median gap of the whole
     * history and of the run after it; the run must hold at least half the payments (and four), so a
     * few lucky payments at the end of an irregular series do not make it regular. Earliest gap first.
     */
    private static Optional<Resumed> regularAfterPause(List<LocalDate> dates) {
        int n = dates.size();
        long overall = Math.max(1, medianGapDays(dates));
        int tried = 0;
        for (int k = 1; k <= n / 2 && n - k >= CadenceDetector.MIN_PAYMENTS + 1 && tried < MAX_PAUSES_TRIED; k++) {
            long gap = dates.get(k).toEpochDay() - dates.get(k - 1).toEpochDay();
            if (gap < PAUSE_GAP_FACTOR * overall) {
                continue;
            }
            List<LocalDate> run = dates.subList(k, n);
            if (gap < PAUSE_GAP_FACTOR * Math.max(1, medianGapDays(run))) {
                continue;
            }
            tried++;
            CadenceDetector.Detection detection = CadenceDetector.detect(run);
            if (detection.cadence().isRegular()) {
                return Optional.of(new Resumed(detection, new Pause(dates.get(k - 1), dates.get(k))));
            }
        }
        return Optional.empty();
    }

    /** The latest gap of a regular series in which at least two due payments were skipped. */
    private static Optional<Pause> latestPause(List<LocalDate> dates, Cadence cadence) {
        long period = cadence.periodDays() > 0 ? cadence.periodDays() : cadence.periodMonths() * 30L;
        long pauseDays = PAUSE_GAP_FACTOR * period - cadence.toleranceDays();
        for (int i = dates.size() - 1; i >= 1; i--) {
            if (dates.get(i).toEpochDay() - dates.get(i - 1).toEpochDay() >= pauseDays) {
                return Optional.of(new Pause(dates.get(i - 1), dates.get(i)));
            }
        }
        return Optional.empty();
    }

    private static long medianGapDays(List<LocalDate> dates) {
        long[] gaps = new long[dates.size() - 1];
        for (int i = 1; i < dates.size(); i++) {
            gaps[i - 1] = dates.get(i).toEpochDay() - dates.get(i - 1).toEpochDay();
        }
        Arrays.sort(gaps);
        return gaps[(gaps.length - 1) / 2];
    }
}
