package io.recorder.ledger.recurring;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentRecorded;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.recorder.ledger.recurring.SeriesFixtures.CLIENT;
import static io.recorder.ledger.recurring.SeriesFixtures.GYM;
import static io.recorder.ledger.recurring.SeriesFixtures.USD;
import static io.recorder.ledger.recurring.SeriesFixtures.paymentId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the recurring fold over generated ledgers: regular series (weekly to yearly, with
 * jitter), random ones, same-instant payments; delivered in any order, with any duplicates.
 */
class RecurringSeriesPropertiesTest {
    private static final LocalDate BASE = LocalDate.of(2021, 1, 1);
    private static final Instant RECORDED = Instant.parse("2024-06-01T00:00:00Z");

    /** A ledger of distinct payments and one hostile delivery of it: shuffled, with duplicates. */
    record Delivery(List<SeriesPayment> ledger, List<SeriesPayment> delivered) {
    }

    @Property(tries = 400)
    void any_delivery_order_with_any_duplicates_folds_to_the_history_and_summary_of_the_deduplicated_sorted_ledger(
            @ForAll("deliveries") Delivery delivery) {
        SeriesHistory folded = SeriesHistory.empty();
        for (SeriesPayment entry : delivery.delivered()) {
            folded = folded.with(entry);
        }
        List<SeriesPayment> sorted = delivery.ledger().stream().sorted(SeriesPayment.PAYMENT_ORDER).toList();
        SeriesHistory reference = SeriesHistory.empty();
        for (SeriesPayment entry : sorted) {
            reference = reference.with(entry);
        }
        Instant asOf = sorted.get(sorted.size() - 1).paymentTimestamp().plusSeconds(86_400L * 20);

        assertThat(folded.entries()).isEqualTo(sorted.stream().map(SeriesPayment::entry).toList());
        assertThat(folded).isEqualTo(reference).isEqualTo(SeriesHistory.of(delivery.delivered()));
        assertThat(summarize(folded, asOf)).isEqualTo(summarize(reference, asOf));
    }

    @Property(tries = 300)
    void the_total_is_the_exact_sum_and_the_count_the_number_of_distinct_payments(@ForAll("deliveries") Delivery delivery) {
        SeriesHistory history = SeriesHistory.of(delivery.delivered());
        RecurringSeries summary = summarize(history, Instant.parse("2030-01-01T00:00:00Z"));
        List<SeriesPayment> sorted = delivery.ledger().stream().sorted(SeriesPayment.PAYMENT_ORDER).toList();

        assertThat(summary.count()).isEqualTo(delivery.ledger().size())
                .isEqualTo((int) delivery.delivered().stream().map(SeriesPayment::paymentId).distinct().count());
        assertThat(summary.total().amount()).isEqualTo(sorted.stream().map(e -> e.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(summary.firstPaymentAt()).isEqualTo(sorted.get(0).paymentTimestamp());
        assertThat(summary.lastPaymentAt()).isEqualTo(sorted.get(sorted.size() - 1).paymentTimestamp());
        assertThat(summary.lastAmount()).isEqualTo(sorted.get(sorted.size() - 1).amount());
        assertThat(summary.amountChanges()).hasSizeLessThan(summary.count());
    }

    @Property(tries = 300)
    void monthly_totals_add_up_to_the_total_and_each_holds_exactly_its_utc_months_payments(@ForAll("deliveries") Delivery delivery) {
        RecurringSeries summary = summarize(SeriesHistory.of(delivery.delivered()), Instant.parse("2030-01-01T00:00:00Z"));
        Map<YearMonth, BigDecimal> expected = delivery.ledger().stream().collect(Collectors.groupingBy(
                e -> YearMonth.from(e.paymentTimestamp().atZone(ZoneOffset.UTC)), TreeMap::new,
                Collectors.reducing(BigDecimal.ZERO, e -> e.amount().amount(), BigDecimal::add)));

        Map<YearMonth, BigDecimal> actual = new TreeMap<>();
        summary.monthlyTotals().forEach((month, total) -> actual.put(month, total.amount()));
        assertThat(summary.monthlyTotals().values().stream().reduce(Money::plus).orElseThrow()).isEqualTo(summary.total());
        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 200)
    void a_shuffled_ledger_of_many_clients_and_series_with_duplicates_summarizes_like_the_deduplicated_one(
            @ForAll("multiSeriesDeliveries") List<List<PaymentRecorded>> ledgerAndDelivery) {
        List<PaymentRecorded> ledger = ledgerAndDelivery.get(0);
        List<PaymentRecorded> delivered = ledgerAndDelivery.get(1);
        Instant asOf = Instant.parse("2026-06-01T00:00:00Z");

        List<RecurringSeries> summaries = RecurringSeriesFold.summarizeLedger(delivered, asOf);

        assertThat(summaries).isEqualTo(RecurringSeriesFold.summarizeLedger(ledger, asOf));
        assertThat(summaries.stream().mapToInt(RecurringSeries::count).sum()).isEqualTo(ledger.size());
        for (ClientId client : ledger.stream().map(PaymentRecorded::clientId).collect(Collectors.toCollection(LinkedHashSet::new))) {
            SortedMap<YearMonth, SortedMap<String, Money>> expected = new TreeMap<>();
            ledger.stream().filter(p -> p.clientId().equals(client)).forEach(p -> expected
                    .computeIfAbsent(YearMonth.from(p.paymentTimestamp().atZone(ZoneOffset.UTC)), m -> new TreeMap<>())
                    .merge(p.currency().code(), p.amount(), Money::plus));
            List<RecurringSeries> own = summaries.stream().filter(s -> s.clientId().equals(client)).toList();

            assertThat(MonthlySpending.of(client, own).months()).isEqualTo(expected);
        }
    }

    @Property(tries = 500)
    void a_regular_series_paid_within_its_tolerance_is_detected_with_full_confidence(
            @ForAll("regularCadences") Cadence cadence,
            @ForAll @IntRange(min = 1, max = 31) int anchorDay,
            @ForAll @IntRange(min = 0, max = 400) int startOffset,
            @ForAll @Size(min = 3, max = 40) List<@IntRange(min = -7, max = 7) Integer> jitters) {
        int tolerance = cadence.toleranceDays();
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < jitters.size(); i++) {
            int jitter = Math.max(-tolerance, Math.min(tolerance, jitters.get(i)));
            dates.add(due(cadence, anchorDay, startOffset, i).plusDays(jitter));
        }
        LocalDate trueNext = due(cadence, anchorDay, startOffset, jitters.size());
        // The same dates may come from other schedules of this cadence, each payment within the tolerance
        // of its own due dates. The detector cannot tell which schedule is the real one, so the next date
        // is pinned down only to within half the spread of their next due dates: that is at most twice
        // the tolerance except for a yearly series whose next due date follows a Feb 29 (ADR 0201).
        List<LocalDate> possibleNext = nextDatesOfSchedulesExplaining(cadence, startOffset, dates);
        long spread = possibleNext.get(possibleNext.size() - 1).toEpochDay() - possibleNext.get(0).toEpochDay();
        long allowed = Math.max(tolerance, (spread + 1) / 2);

        CadenceDetector.Detection detection = CadenceDetector.detect(dates);

        assertThat(possibleNext).contains(trueNext);
        assertThat(detection.cadence()).isEqualTo(cadence);
        assertThat(detection.confidence()).isEqualTo(new BigDecimal("1.00"));
        assertThat(detection.nextExpectedDate()).hasValueSatisfying(next ->
                assertThat(next).isBetween(trueNext.minusDays(allowed), trueNext.plusDays(allowed)));
        if (cadence != Cadence.YEARLY) {
            assertThat(allowed).isEqualTo(tolerance);
        }
    }

    /**
     * Brute force, independent of the detector: the sorted next due dates of every schedule of this
     * cadence (every phase shift, or every anchor day starting a month before or after) that has each
     * payment within the tolerance of its due date.
     */
    private static List<LocalDate> nextDatesOfSchedulesExplaining(Cadence cadence, int startOffset, List<LocalDate> dates) {
        int tolerance = cadence.toleranceDays();
        List<LocalDate> next = new ArrayList<>();
        List<java.util.function.IntFunction<LocalDate>> schedules = new ArrayList<>();
        if (cadence.periodDays() > 0) {
            for (int shift = -2 * tolerance; shift <= 2 * tolerance; shift++) {
                int offset = startOffset + shift;
                schedules.add(n -> due(cadence, 1, offset, n));
            }
        } else {
            YearMonth first = YearMonth.from(BASE.plusDays(startOffset));
            for (int anchor = 1; anchor <= 31; anchor++) {
                for (int monthShift = -1; monthShift <= 1; monthShift++) {
                    int anchorDay = anchor;
                    YearMonth start = first.plusMonths(monthShift);
                    schedules.add(n -> Schedule.EveryMonths.anchored(start.plusMonths((long) n * cadence.periodMonths()), anchorDay));
                }
            }
        }
        for (java.util.function.IntFunction<LocalDate> schedule : schedules) {
            boolean explains = true;
            for (int i = 0; i < dates.size(); i++) {
                explains &= Math.abs(dates.get(i).toEpochDay() - schedule.apply(i).toEpochDay()) <= tolerance;
            }
            if (explains) {
                next.add(schedule.apply(dates.size()));
            }
        }
        next.sort(null);
        return next;
    }

    @Property(tries = 300)
    void a_regular_series_missing_one_payment_keeps_its_cadence_with_one_interval_less_confidence(
            @ForAll("regularCadences") Cadence cadence,
            @ForAll @IntRange(min = 1, max = 31) int anchorDay,
            @ForAll @IntRange(min = 8, max = 30) int count,
            @ForAll @IntRange(min = 1, max = 28) int missing) {
        List<LocalDate> dates = new ArrayList<>();
        int skipped = 1 + missing % (count - 2);
        for (int i = 0; i < count; i++) {
            if (i != skipped) {
                dates.add(due(cadence, anchorDay, 0, i));
            }
        }

        CadenceDetector.Detection detection = CadenceDetector.detect(dates);

        assertThat(detection.cadence()).isEqualTo(cadence);
        // count - 1 payments: count - 3 intervals on schedule, one with a payment missed
        assertThat(detection.confidence()).isEqualTo(BigDecimal.valueOf(count - 3)
                .divide(BigDecimal.valueOf(count - 2), 2, java.math.RoundingMode.HALF_EVEN));
    }

    private static LocalDate due(Cadence cadence, int anchorDay, int startOffset, int n) {
        LocalDate start = BASE.plusDays(startOffset);
        if (cadence.periodDays() > 0) {
            return start.plusDays((long) n * cadence.periodDays());
        }
        return Schedule.EveryMonths.anchored(YearMonth.from(start).plusMonths((long) n * cadence.periodMonths()), anchorDay);
    }

    private static RecurringSeries summarize(SeriesHistory history, Instant asOf) {
        return RecurringSeriesFold.summarize(CLIENT, GYM, "Gym", USD, history, asOf);
    }

    @Provide
    Arbitrary<Cadence> regularCadences() {
        return Arbitraries.of(Cadence.WEEKLY, Cadence.FORTNIGHTLY, Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.YEARLY);
    }

    @Provide
    Arbitrary<Delivery> deliveries() {
        return ledgers().flatMap(ledger -> Arbitraries.integers().between(0, ledger.size() - 1).list().ofMaxSize(2 * ledger.size())
                .flatMap(extra -> {
                    List<SeriesPayment> withDuplicates = new ArrayList<>(ledger);
                    extra.forEach(index -> withDuplicates.add(ledger.get(index)));
                    return Arbitraries.shuffle(withDuplicates).map(delivered -> new Delivery(ledger, delivered));
                }));
    }

    /** Payments of one series: regular with jitter (weekly .. yearly), daily, or at random days and times. */
    Arbitrary<List<SeriesPayment>> ledgers() {
        Arbitrary<String> shape = Arbitraries.of("weekly", "fortnightly", "monthly", "quarterly", "yearly", "daily", "random");
        Arbitrary<List<Integer>> jitters = Arbitraries.integers().between(-3, 3).list().ofMinSize(1).ofMaxSize(40);
        Arbitrary<List<Integer>> randomDays = Arbitraries.integers().between(0, 800).list().ofSize(40);
        Arbitrary<List<Integer>> seconds = Arbitraries.oneOf(Arbitraries.just(43_200), Arbitraries.integers().between(0, 86_399))
                .list().ofSize(40);
        Arbitrary<List<BigDecimal>> amounts = Arbitraries.oneOf(
                        Arbitraries.of(new BigDecimal("500.00"), new BigDecimal("550.00")),
                        Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("99999.99")).ofScale(2))
                .list().ofSize(40);
        return Combinators.combine(shape, jitters, randomDays, seconds, amounts).as((kind, jitter, days, secs, money) -> {
            List<SeriesPayment> ledger = new ArrayList<>();
            for (int i = 0; i < jitter.size(); i++) {
                LocalDate date = switch (kind) {
                    case "weekly" -> BASE.plusWeeks(i);
                    case "fortnightly" -> BASE.plusWeeks(2L * i);
                    case "monthly" -> BASE.plusMonths(i);
                    case "quarterly" -> BASE.plusMonths(3L * i);
                    case "yearly" -> BASE.plusYears(i);
                    case "daily" -> BASE.plusDays(i);
                    default -> BASE.plusDays(days.get(i));
                };
                Instant at = date.plusDays(jitter.get(i)).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(secs.get(i));
                // ids deliberately not in time order; all recorded within one day (a back-fill), so any
                // delivery order honours the stream's retention (SeriesHistoryRetentionPropertiesTest covers the window)
                ledger.add(new SeriesPayment(paymentId(1000L - i * 7L % 13 - 13L * i), at, new Money(money.get(i), USD),
                        RECORDED.plusSeconds(secs.get(i))));
            }
            return ledger;
        });
    }

    /** [ledger, delivery]: payments of several clients, descriptions and currencies; the delivery shuffled with duplicates. */
    @Provide
    Arbitrary<List<List<PaymentRecorded>>> multiSeriesDeliveries() {
        Arbitrary<PaymentRecorded> payment = Combinators.combine(
                Arbitraries.of(new ClientId("client-a"), new ClientId("client-b")),
                Arbitraries.of("Gym", "gym", "Coffee", "Netflix"),
                Arbitraries.of(CurrencyCode.of("USD"), CurrencyCode.of("EUR"), CurrencyCode.of("JPY")),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(1, 99_999)
        ).as((client, text, currency, day, cents) -> {
            Instant at = BASE.plusDays(day).atTime(9, 30).toInstant(ZoneOffset.UTC);
            BigDecimal amount = BigDecimal.valueOf(cents, currency.minorUnits());
            return SeriesFixtures.payment(0, client, text, at, new Money(amount, currency), at.plusSeconds(5));
        });
        return payment.list().ofMinSize(1).ofMaxSize(60).map(RecurringSeriesPropertiesTest::withDistinctIds)
                .flatMap(ledger -> Arbitraries.integers().between(0, ledger.size() - 1).list().ofMaxSize(ledger.size())
                        .flatMap(extra -> {
                            List<PaymentRecorded> withDuplicates = new ArrayList<>(ledger);
                            extra.forEach(index -> withDuplicates.add(ledger.get(index)));
                            return Arbitraries.shuffle(withDuplicates).map(delivered -> List.of(ledger, delivered));
                        }));
    }

    private static List<PaymentRecorded> withDistinctIds(List<PaymentRecorded> payments) {
        List<PaymentRecorded> distinct = new ArrayList<>();
        for (int i = 0; i < payments.size(); i++) {
            PaymentRecorded p = payments.get(i);
            distinct.add(new PaymentRecorded(paymentId(i + 1), p.clientId(), p.seriesId(), p.paymentTimestamp(),
                    p.description(), p.amount(), p.recordedAt(), "fp-" + (i + 1)));
        }
        return distinct;
    }
}
