package io.recorder.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.Money;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.Pause;
import io.recorder.ledger.recurring.SeriesHistory;
import io.recorder.ledger.recurring.SeriesPayment;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The projection item: its round trip, and the reading of the items ADR 0006 wrote. */
class SeriesProjectionsTest {
    private static final ClientId CLIENT = new ClientId("client-0123456789");
    private static final CurrencyCode EUR = CurrencyCode.of("EUR");
    private static final SeriesId SERIES = SeriesId.of(CLIENT, new Description("Gym"), EUR);

    @Test
    void a_paused_monthly_series_stores_its_summary_with_the_pause_and_enters_the_due_index() {
        List<SeriesPayment> payments = new java.util.ArrayList<>();
        Instant old = Instant.parse("2024-08-01T09:00:00Z");
        payments.add(new SeriesPayment(SeriesHistoryEncodingTest.paymentId(100), old, Money.of("50.00", "EUR"), old));
        for (int month = 0; month < 12; month++) {
            Instant at = java.time.LocalDate.of(2026, 1, 1).plusMonths(month).atTime(9, 0).toInstant(java.time.ZoneOffset.UTC);
            payments.add(new SeriesPayment(SeriesHistoryEncodingTest.paymentId(month), at, Money.of("55.00", "EUR"), at));
        }
        StoredSeries series = new StoredSeries(CLIENT, SERIES, "Gym", EUR, SeriesHistory.of(payments), 13);

        Map<String, AttributeValue> item = SeriesProjections.toItem(series);
        StoredSeries read = SeriesProjections.fromItem(item);

        assertThat(read.storedSummary().orElseThrow().cadence().name()).isEqualTo("MONTHLY");
        assertThat(read.storedSummary().orElseThrow().lastPause())
                .contains(new Pause(java.time.LocalDate.of(2024, 8, 1), java.time.LocalDate.of(2026, 1, 1)));
        assertThat(read.storedSummary()).isEqualTo(series.state().map(s -> s.summary().summary()));
        assertThat(item.get(LedgerTable.GSI3_PK).s()).isEqualTo("C#client-0123456789#DUE");
        assertThat(item.get(LedgerTable.GSI3_SK).s()).isEqualTo("2027-01-01#" + SERIES.value());
    }

    @Test
    void a_series_paid_once_is_not_in_the_due_index() {
        Instant at = Instant.parse("2024-05-01T07:00:00Z");
        StoredSeries once = new StoredSeries(CLIENT, SERIES, "Gym", EUR, SeriesHistory.of(List.of(
                new SeriesPayment(SeriesHistoryEncodingTest.paymentId(1), at, Money.of("50.00", "EUR"), at))), 1);

        assertThat(SeriesProjections.toItem(once)).containsKey("t").doesNotContainKeys(LedgerTable.GSI3_PK, LedgerTable.GSI3_SK);
    }

    @Test
    void a_stored_series_round_trips_through_its_item() {
        Instant at = Instant.parse("2024-05-01T07:00:00Z");
        SeriesHistory history = SeriesHistory.of(List.of(
                new SeriesPayment(SeriesHistoryEncodingTest.paymentId(1), at, Money.of("50.00", "EUR"), at.plusSeconds(3)),
                new SeriesPayment(SeriesHistoryEncodingTest.paymentId(2), at.plusSeconds(86_400 * 30), Money.of("55.00", "EUR"), at.plusSeconds(86_400 * 30))));
        StoredSeries series = new StoredSeries(CLIENT, SERIES, "GYM", EUR, history, 7);

        Map<String, AttributeValue> item = SeriesProjections.toItem(series);

        StoredSeries read = SeriesProjections.fromItem(item);
        assertThat(read).usingRecursiveComparison().ignoringFields("storedSummary").isEqualTo(series);
        assertThat(read.storedSummary()).isEqualTo(series.state().map(s -> s.summary().summary()));
        assertThat(item).containsKeys("pk", "sk", "type", "version").doesNotContainKey("entries");
    }

    @Test
    void the_client_is_read_back_from_the_key_and_other_keys_are_refused() {
        assertThat(LedgerTable.clientOfRecurringPk(LedgerTable.recurringPk(CLIENT))).isEqualTo(CLIENT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LedgerTable.clientOfRecurringPk("C##RECURRING"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LedgerTable.clientOfRecurringPk("C#acme#PAY#x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_item_written_by_the_text_encoding_of_adr_0006_is_read_with_its_ids() {
        Map<String, AttributeValue> legacy = new HashMap<>(SeriesProjections.key(CLIENT, SERIES));
        legacy.put("type", AttributeValue.fromS(SeriesProjections.TYPE_VALUE));
        legacy.put("clientId", AttributeValue.fromS(CLIENT.value()));
        legacy.put("seriesId", AttributeValue.fromS(SERIES.value()));
        legacy.put("description", AttributeValue.fromS("Gym"));
        legacy.put("currency", AttributeValue.fromS("EUR"));
        legacy.put("count", AttributeValue.fromN("2"));
        legacy.put("version", AttributeValue.fromN("4"));
        // ids 26 characters, times base-36 epoch seconds (.nanos), plain decimals
        legacy.put("entries", AttributeValue.fromS("0000000000000000000000000a,ryc9s0,50,ryc9s3;"
                + "0000000000000000000000000b,rz0000.5,55.5,rz0001"));

        StoredSeries read = SeriesProjections.fromItem(legacy);

        Instant first = Instant.ofEpochSecond(Long.parseLong("ryc9s0", 36));
        Instant second = Instant.ofEpochSecond(Long.parseLong("rz0000", 36), 5);
        assertThat(read.version()).isEqualTo(4);
        assertThat(read.history()).isEqualTo(SeriesHistory.of(List.of(
                new SeriesPayment(new io.recorder.ledger.PaymentId("pay_0000000000000000000000000a"), first, Money.of("50", "EUR"),
                        Instant.ofEpochSecond(Long.parseLong("ryc9s3", 36))),
                new SeriesPayment(new io.recorder.ledger.PaymentId("pay_0000000000000000000000000b"), second, Money.of("55.5", "EUR"),
                        Instant.ofEpochSecond(Long.parseLong("rz0001", 36))))));
        assertThat(read.storedSummary()).as("ADR 0006 items have no stored summary").isEmpty();
        assertThat(SeriesProjections.fromItem(SeriesProjections.toItem(read)))
                .usingRecursiveComparison().ignoringFields("storedSummary").isEqualTo(read);
    }
}
