package io.recorder.projections;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.dynamodb.ItemSizes;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesHistory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The numbers behind ADR 0007 (its cost table is in docs/performance.md), computed from the real item mappings (DynamoDB bills by
 * item size; the local engine reports no consumed capacity). If the item shape grows, this fails and
 * the ADR gets updated with it.
 */
class ProjectionCostTest {
    private static final ClientId CLIENT = new ClientId("client-0123456789");
    private static final Description GYM = new Description("Gym membership");
    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final SeriesId SERIES = SeriesId.of(CLIENT, GYM, USD);
    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

    @Test
    void a_monthly_series_of_ten_years_is_one_write_unit_and_one_read_unit_at_every_length() {
        for (int payments = 1; payments <= 120; payments++) {
            long bytes = ItemSizes.projection(monthly(payments));

            assertThat(bytes).as("%d monthly payments", payments).isLessThanOrEqualTo(1_024L);
            assertThat(ItemSizes.writeUnits(bytes)).isEqualTo(1);
            assertThat(ItemSizes.stronglyConsistentReadUnits(bytes)).isEqualTo(1);
        }
        assertThat(ItemSizes.projection(monthly(120))).isBetween(850L, 1_000L);
    }

    @Test
    void the_due_index_entry_is_one_write_unit_and_only_series_paid_twice_have_one() {
        assertThat(ItemSizes.dueIndexEntry(monthly(1))).isZero();
        for (int payments = 2; payments <= 120; payments++) {
            long bytes = ItemSizes.dueIndexEntry(monthly(payments));

            assertThat(bytes).as("%d monthly payments", payments).isBetween(300L, 1_024L);
        }
    }

    @Test
    void each_history_entry_costs_about_five_bytes_and_a_series_holds_more_than_50000_payments_under_the_400_kb_item_limit() {
        long perMonthly = (ItemSizes.projection(monthly(120)) - ItemSizes.projection(monthly(20))) / 100;
        long fiftyThousandDaily = ItemSizes.projection(daily(50_000));

        assertThat(perMonthly).isBetween(4L, 6L);
        assertThat(fiftyThousandDaily).isLessThan(400L * 1_024);
        assertThat(ItemSizes.projection(daily(3_650))).isBetween(10_000L, 20_000L);
    }

    /** What the ADR and docs/performance.md quote; printed so that a change of shape shows its new numbers. */
    @Test
    void the_item_sizes_quoted_in_the_docs() {
        for (StoredSeries series : List.of(monthly(1), monthly(12), monthly(60), monthly(120), daily(3_650), daily(50_000))) {
            long bytes = ItemSizes.projection(series);
            System.out.printf(java.util.Locale.ROOT, "projection item, %,d payments: %,d B, %d WU, %d RU; byDue entry %,d B%n",
                    series.history().size(), bytes, ItemSizes.writeUnits(bytes), ItemSizes.stronglyConsistentReadUnits(bytes),
                    ItemSizes.dueIndexEntry(series));
            assertThat(bytes).isPositive();
        }
    }

    @Test
    void the_payment_event_item_is_under_one_kilobyte() {
        Instant at = Instant.parse("2024-08-01T12:34:56Z");
        PaymentRecorded payment = new PaymentRecorded(paymentId(1), CLIENT, SERIES, at, GYM, Money.of("49.99", "USD"),
                at.plusSeconds(3), "c2f0a5b1e4d3c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1");

        assertThat(ItemSizes.bytes(PaymentItems.toItem(payment))).isBetween(500L, 1_024L);
    }

    /** Paid monthly, each recorded two seconds after it was paid; the price changes once. */
    private static StoredSeries monthly(int payments) {
        List<SeriesPayment> entries = new ArrayList<>();
        for (int i = 0; i < payments; i++) {
            Instant at = java.time.LocalDate.of(2015, 1, 1).plusMonths(i).atTime(7, 0, 13).toInstant(ZoneOffset.UTC);
            entries.add(new SeriesPayment(paymentId(i), at, Money.of(i < payments / 2 ? "49.99" : "54.99", "USD"), at.plusSeconds(2)));
        }
        return new StoredSeries(CLIENT, SERIES, GYM.text(), USD, SeriesHistory.of(entries), payments);
    }

    /** A daily coffee at varying times and prices, each recorded when paid. */
    private static StoredSeries daily(int payments) {
        List<SeriesPayment> entries = new ArrayList<>();
        java.util.Random random = new java.util.Random(payments);
        Instant first = Instant.parse("2015-01-01T08:00:00Z");
        for (int i = 0; i < payments; i++) {
            Instant at = first.plusSeconds(86_400L * i + random.nextInt(7_200));
            String amount = (3 + random.nextInt(3)) + "." + (10 + random.nextInt(90));
            entries.add(new SeriesPayment(paymentId(i), at, Money.of(amount, "USD"), at.plusSeconds(1)));
        }
        return new StoredSeries(CLIENT, SERIES, GYM.text(), USD, SeriesHistory.of(entries), payments);
    }

    /** Real ids are 128 random bits: every character varies, as here. */
    private static PaymentId paymentId(long n) {
        StringBuilder id = new StringBuilder(PaymentId.PREFIX);
        java.util.Random random = new java.util.Random(n);
        for (int i = 0; i < 26; i++) {
            id.append(ALPHABET.charAt(random.nextInt(32)));
        }
        return new PaymentId(id.toString());
    }
}
