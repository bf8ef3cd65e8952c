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
import io.recorder.ledger.recurring.SeriesEntry;
import io.recorder.ledger.recurring.SeriesHistory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The numbers behind ADR 0006's cost table, computed from the real item mappings (DynamoDB bills by
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
    void a_monthly_series_of_one_year_is_one_write_unit_and_one_read_unit() {
        long bytes = ItemSizes.projection(monthly(12));

        assertThat(bytes).isBetween(700L, 1_024L);
        assertThat(ItemSizes.writeUnits(bytes)).isEqualTo(1);
        assertThat(ItemSizes.stronglyConsistentReadUnits(bytes)).isEqualTo(1);
    }

    @Test
    void a_monthly_series_of_ten_years_is_six_write_units_and_two_read_units() {
        long bytes = ItemSizes.projection(monthly(120));

        assertThat(bytes).isBetween(5_200L, 6_144L);
        assertThat(ItemSizes.writeUnits(bytes)).isEqualTo(6);
        assertThat(ItemSizes.stronglyConsistentReadUnits(bytes)).isEqualTo(2);
    }

    @Test
    void each_history_entry_costs_about_fifty_bytes_and_a_series_reaches_the_400_kb_item_limit_near_8000_payments() {
        long perEntry = (ItemSizes.projection(monthly(120)) - ItemSizes.projection(monthly(20))) / 100;

        assertThat(perEntry).isBetween(45L, 52L);
        assertThat(400L * 1024 / perEntry).isBetween(7_800L, 9_200L);
    }

    @Test
    void the_payment_event_item_is_under_one_kilobyte() {
        Instant at = Instant.parse("2024-08-01T12:34:56Z");
        PaymentRecorded payment = new PaymentRecorded(paymentId(1), CLIENT, SERIES, at, GYM, Money.of("49.99", "USD"),
                at.plusSeconds(3), "c2f0a5b1e4d3c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1");

        assertThat(ItemSizes.bytes(PaymentItems.toItem(payment))).isBetween(500L, 1_024L);
    }

    private static StoredSeries monthly(int payments) {
        List<SeriesEntry> entries = new ArrayList<>();
        for (int i = 0; i < payments; i++) {
            Instant at = java.time.LocalDate.of(2015, 1, 1).plusMonths(i).atTime(7, 0, 13).toInstant(ZoneOffset.UTC);
            entries.add(new SeriesEntry(paymentId(i), at, Money.of(i < payments / 2 ? "49.99" : "54.99", "USD"), at.plusSeconds(2)));
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
