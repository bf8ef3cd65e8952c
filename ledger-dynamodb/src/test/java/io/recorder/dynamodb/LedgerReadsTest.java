package io.recorder.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.LedgerEntry;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.ReversalId;
import io.recorder.ledger.ReversalReason;
import io.recorder.ledger.SeriesId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paging over the sharded byTime index, against an in-memory index that answers Query the way
 * DynamoDB does (descending sort keys, BETWEEN bounds, Limit, LastEvaluatedKey, responses cut short as
 * by the 1 MB cap). The real engine is exercised by query-function's ITs; this covers what it can't
 * force: truncated responses and adversarial distributions over the shards.
 */
class LedgerReadsTest {
    private static final ClientId ACME = new ClientId("acme");
    private static final ClientId GLOBEX = new ClientId("globex");
    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final Instant T0 = Instant.parse("2024-10-01T12:00:00Z");

    private final InMemoryIndexes store = new InMemoryIndexes();
    private final LedgerReads reads = new LedgerReads(new LedgerTable(store, "ledger"));
    private int sequence;

    @Test
    void pages_of_7_return_every_payment_once_newest_first_with_ties_broken_by_payment_id() {
        List<PaymentRecorded> all = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            all.add(record(ACME, "Gym", T0.plusSeconds(3600L * (i / 4)))); // 4 payments per identical instant
        }

        assertThat(pageThrough(LedgerReads.PaymentQuery.firstPage(7), ACME)).containsExactlyElementsOf(newestFirst(all));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2024})
    void any_distribution_any_page_size_and_truncated_responses_still_give_each_payment_once(long seed) {
        Random random = new Random(seed);
        store.maxItemsPerResponse = 1 + random.nextInt(4);
        List<PaymentRecorded> all = new ArrayList<>();
        int payments = 20 + random.nextInt(80);
        for (int i = 0; i < payments; i++) {
            all.add(record(ACME, "Gym", T0.plusSeconds(random.nextInt(5) * 60L)));
            if (random.nextInt(4) == 0) {
                record(GLOBEX, "Gym", T0.plusSeconds(random.nextInt(5) * 60L));
            }
        }
        int limit = 1 + random.nextInt(10);

        assertThat(pageThrough(LedgerReads.PaymentQuery.firstPage(limit), ACME)).containsExactlyElementsOf(newestFirst(all));
    }

    @Test
    void from_is_inclusive_and_to_exclusive_at_the_exact_instant() {
        PaymentRecorded atFrom = record(ACME, "Gym", T0);
        PaymentRecorded inside = record(ACME, "Gym", T0.plusNanos(1));
        record(ACME, "Gym", T0.minusNanos(1));
        PaymentRecorded beforeTo = record(ACME, "Gym", T0.plusSeconds(60).minusNanos(1));
        record(ACME, "Gym", T0.plusSeconds(60));

        List<PaymentRecorded> page = payments(reads.payments(ACME, new LedgerReads.PaymentQuery(Optional.of(T0),
                Optional.of(T0.plusSeconds(60)), Optional.empty(), 10, Optional.empty(), LedgerReads.Reversals.INCLUDE)).items());

        assertThat(page).containsExactly(beforeTo, inside, atFrom);
    }

    @Test
    void a_series_filter_reads_one_partition_of_the_series_index() {
        List<PaymentRecorded> gym = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            gym.add(record(ACME, "Gym", T0.plusSeconds(i)));
            record(ACME, "Coffee", T0.plusSeconds(i));
        }
        SeriesId series = gym.get(0).seriesId();
        store.queries.clear();

        List<PaymentRecorded> page = payments(reads.recentInSeries(ACME, series, 12));

        assertThat(page).containsExactlyElementsOf(newestFirst(gym));
        assertThat(store.queries).containsExactly(LedgerTable.GSI2 + " " + LedgerTable.seriesPk(ACME, series));
    }

    @Test
    void a_page_costs_one_query_per_shard_when_no_response_is_cut_short() {
        for (int i = 0; i < 100; i++) {
            record(ACME, "Gym", T0.plusSeconds(i));
        }
        store.queries.clear();

        LedgerReads.Page page = reads.payments(ACME, LedgerReads.PaymentQuery.firstPage(25));

        assertThat(page.items()).hasSize(25);
        assertThat(page.next()).contains(LedgerReads.positionOf(page.items().get(24).payment()));
        assertThat(store.queries).hasSize(LedgerTable.LEDGER_SHARDS).allMatch(q -> q.startsWith(LedgerTable.GSI1 + " C#acme#LEDGER#"));
    }

    @Test
    void the_last_page_has_no_next_position_even_when_it_is_exactly_full() {
        for (int i = 0; i < 14; i++) {
            record(ACME, "Gym", T0.plusSeconds(i));
        }

        LedgerReads.Page first = reads.payments(ACME, LedgerReads.PaymentQuery.firstPage(7));
        LedgerReads.Page second = reads.payments(ACME, LedgerReads.PaymentQuery.firstPage(7).after(first.next()));

        assertThat(first.next()).isPresent();
        assertThat(second.items()).hasSize(7);
        assertThat(second.next()).isEmpty();
    }

    @Test
    void another_clients_payments_are_never_listed_or_found() {
        PaymentRecorded globex = record(GLOBEX, "Gym", T0);

        assertThat(reads.payments(ACME, LedgerReads.PaymentQuery.firstPage(10)).items()).isEmpty();
        assertThat(reads.payment(ACME, globex.paymentId())).isEmpty();
        assertThat(reads.payment(GLOBEX, globex.paymentId())).contains(LedgerEntry.of(globex));
    }

    @Test
    void an_empty_range_reads_nothing() {
        record(ACME, "Gym", T0);
        store.queries.clear();

        LedgerReads.Page page = reads.payments(ACME, new LedgerReads.PaymentQuery(Optional.of(T0.plusSeconds(1)),
                Optional.of(T0), Optional.empty(), 10, Optional.empty(), LedgerReads.Reversals.INCLUDE));

        assertThat(page.items()).isEmpty();
        assertThat(store.queries).isEmpty();
    }

    @Test
    void a_query_refuses_positions_it_did_not_hand_out_and_limits_out_of_range() {
        assertThatThrownBy(() -> new LedgerReads.PaymentQuery(Optional.empty(), Optional.empty(), Optional.empty(), 10,
                Optional.of("2024-10-01T12:00:00Z"), LedgerReads.Reversals.INCLUDE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerReads.PaymentQuery.firstPage(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(LedgerReads.isPosition("2024-10-01T12:00:00.000000000Z#pay_tp72pyj5f8z9vqzjyf367www3f")).isTrue();
        assertThat(LedgerReads.isPosition("2024-10-01T12:00:00.000000000Z#pay_tp72pyj5f8z9vqzjyf367www3f~")).isFalse();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2024})
    void reversed_payments_are_marked_on_every_page_and_each_filter_lists_its_payments_once(long seed) {
        Random random = new Random(seed);
        store.maxItemsPerResponse = 1 + random.nextInt(4);
        List<PaymentRecorded> all = new ArrayList<>();
        Map<PaymentId, PaymentReversed> reversals = new java.util.HashMap<>();
        for (int i = 0; i < 20 + random.nextInt(60); i++) {
            PaymentRecorded payment = record(ACME, "Gym", T0.plusSeconds(random.nextInt(5) * 60L));
            all.add(payment);
            if (random.nextInt(3) == 0) {
                reversals.put(payment.paymentId(), reverse(payment));
            }
        }
        LedgerReads.PaymentQuery first = LedgerReads.PaymentQuery.firstPage(1 + random.nextInt(10));

        List<LedgerEntry> everything = pageThroughEntries(first, ACME);
        List<PaymentRecorded> standing = payments(pageThroughEntries(withReversals(first, LedgerReads.Reversals.EXCLUDE), ACME));
        List<PaymentRecorded> reversed = payments(pageThroughEntries(withReversals(first, LedgerReads.Reversals.ONLY), ACME));

        assertThat(everything).containsExactlyElementsOf(newestFirst(all).stream()
                .map(p -> new LedgerEntry(p, Optional.ofNullable(reversals.get(p.paymentId())))).toList());
        assertThat(standing).containsExactlyElementsOf(newestFirst(all).stream()
                .filter(p -> !reversals.containsKey(p.paymentId())).toList());
        assertThat(reversed).containsExactlyElementsOf(newestFirst(all).stream()
                .filter(p -> reversals.containsKey(p.paymentId())).toList());
    }

    @Test
    void one_payment_is_read_with_its_reversal_and_a_series_page_marks_it() {
        PaymentRecorded payment = record(ACME, "Gym", T0);
        PaymentReversed reversal = reverse(payment);

        assertThat(reads.payment(ACME, payment.paymentId())).contains(new LedgerEntry(payment, Optional.of(reversal)));
        assertThat(reads.payment(GLOBEX, payment.paymentId())).isEmpty();
        assertThat(reads.recentInSeries(ACME, payment.seriesId(), 12)).containsExactly(new LedgerEntry(payment, Optional.of(reversal)));
    }

    private static LedgerReads.PaymentQuery withReversals(LedgerReads.PaymentQuery query, LedgerReads.Reversals reversals) {
        return new LedgerReads.PaymentQuery(query.from(), query.to(), query.series(), query.limit(), query.after(), reversals);
    }

    private static List<PaymentRecorded> payments(List<LedgerEntry> entries) {
        return entries.stream().map(LedgerEntry::payment).collect(Collectors.toList());
    }

    private List<PaymentRecorded> pageThrough(LedgerReads.PaymentQuery first, ClientId client) {
        return payments(pageThroughEntries(first, client));
    }

    private List<LedgerEntry> pageThroughEntries(LedgerReads.PaymentQuery first, ClientId client) {
        List<LedgerEntry> seen = new ArrayList<>();
        LedgerReads.PaymentQuery query = first;
        for (int pages = 0; pages < 1000; pages++) {
            LedgerReads.Page page = reads.payments(client, query);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(query.limit());
            seen.addAll(page.items());
            if (page.next().isEmpty()) {
                return seen;
            }
            assertThat(page.items()).hasSize(query.limit());
            query = query.after(page.next());
        }
        throw new AssertionError("paging did not end");
    }

    private static List<PaymentRecorded> newestFirst(List<PaymentRecorded> payments) {
        return payments.stream().sorted(Comparator.comparing(PaymentRecorded::paymentTimestamp)
                .thenComparing(p -> p.paymentId().value()).reversed()).toList();
    }

    private PaymentReversed reverse(PaymentRecorded payment) {
        String id = "rev_" + payment.paymentId().value().substring(4);
        PaymentReversed reversal = new PaymentReversed(new ReversalId(id), payment.paymentId(), payment.clientId(),
                payment.seriesId(), payment.paymentTimestamp(), payment.description(), payment.amount(), payment.recordedAt(), Optional.of(new ReversalReason("wrong amount")),
                payment.recordedAt().plusSeconds(60), "fp-" + id);
        store.put(ReversalItems.toItem(reversal));
        return reversal;
    }

    private PaymentRecorded record(ClientId client, String description, Instant at) {
        String id = String.format("pay_%026d", ++sequence).replace('0', 'a').replace('1', 'b');
        // Distinct, valid ids whose order is unrelated to insertion order: reverse the digits.
        id = "pay_" + new StringBuilder(id.substring(4)).reverse();
        Description text = new Description(description);
        PaymentRecorded payment = new PaymentRecorded(new PaymentId(id), client, SeriesId.of(client, text, USD), at, text,
                new Money(new BigDecimal("500.00"), USD), at.plusSeconds(5), "fp" + sequence);
        store.put(PaymentItems.toItem(payment));
        return payment;
    }
}
