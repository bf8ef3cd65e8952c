package io.recorder.dynamodb;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Money;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.Timestamps;
import io.recorder.ledger.recurring.Cadence;
import io.recorder.ledger.recurring.Pause;
import io.recorder.ledger.recurring.SeriesSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The clock-independent summary the projection stores beside the history (ADR 0008), in short
 * attribute names: every byte is paid for on each write, and again in the byDue index, which
 * projects exactly these. Decimals and dates are strings, exact as the API shows them.
 */
final class SeriesSummaryAttributes {
    static final String DESCRIPTION = "d";
    static final String CURRENCY = "c";
    static final String COUNT = "n";
    static final String TOTAL = "t";
    static final String AVERAGE = "a";
    static final String LAST_AMOUNT = "la";
    static final String FIRST_PAYMENT = "fp";
    static final String LAST_PAYMENT = "lp";
    static final String CADENCE = "k";
    static final String CONFIDENCE = "cf";
    static final String NEXT_EXPECTED = "nx";
    static final String LATE_AFTER = "lt";
    static final String STOPPED_AFTER = "sa";
    static final String PAUSED_AFTER = "pb";
    static final String RESUMED_ON = "pr";

    /** The non-key attributes the byDue index projects. */
    static final List<String> NAMES = List.of(DESCRIPTION, CURRENCY, COUNT, TOTAL, AVERAGE, LAST_AMOUNT,
            FIRST_PAYMENT, LAST_PAYMENT, CADENCE, CONFIDENCE, NEXT_EXPECTED, LATE_AFTER, STOPPED_AFTER,
            PAUSED_AFTER, RESUMED_ON);

    private SeriesSummaryAttributes() {
    }

    /** Adds the summary's attributes ({@code d}, {@code c} and {@code n} the item already has are the same). */
    static void write(SeriesSummary summary, Map<String, AttributeValue> item) {
        item.put(TOTAL, AttributeValue.fromS(summary.total().toPlainString()));
        item.put(AVERAGE, AttributeValue.fromS(summary.averageAmount().toPlainString()));
        item.put(LAST_AMOUNT, AttributeValue.fromS(summary.lastAmount().toPlainString()));
        item.put(FIRST_PAYMENT, AttributeValue.fromS(Timestamps.canonical(summary.firstPaymentAt())));
        item.put(LAST_PAYMENT, AttributeValue.fromS(Timestamps.canonical(summary.lastPaymentAt())));
        item.put(CADENCE, AttributeValue.fromS(summary.cadence().name()));
        item.put(CONFIDENCE, AttributeValue.fromS(summary.confidence().toPlainString()));
        summary.nextExpectedDate().ifPresent(date -> item.put(NEXT_EXPECTED, AttributeValue.fromS(date.toString())));
        summary.lateAfter().ifPresent(date -> item.put(LATE_AFTER, AttributeValue.fromS(date.toString())));
        summary.stoppedAfter().ifPresent(date -> item.put(STOPPED_AFTER, AttributeValue.fromS(date.toString())));
        summary.lastPause().ifPresent(pause -> {
            item.put(PAUSED_AFTER, AttributeValue.fromS(pause.lastPaymentBefore().toString()));
            item.put(RESUMED_ON, AttributeValue.fromS(pause.resumedOn().toString()));
        });
    }

    /** Whether the item carries a stored summary (items written before it do not until their next write or a rebuild). */
    static boolean present(Map<String, AttributeValue> item) {
        return item.containsKey(TOTAL);
    }

    static SeriesSummary read(ClientId client, SeriesId series, Map<String, AttributeValue> item) {
        CurrencyCode currency = CurrencyCode.of(item.get(CURRENCY).s());
        return new SeriesSummary(client, series,
                item.get(DESCRIPTION).s(),
                currency,
                Integer.parseInt(item.get(COUNT).n()),
                new Money(new BigDecimal(item.get(TOTAL).s()), currency),
                instant(item.get(FIRST_PAYMENT).s()),
                instant(item.get(LAST_PAYMENT).s()),
                new Money(new BigDecimal(item.get(LAST_AMOUNT).s()), currency),
                new Money(new BigDecimal(item.get(AVERAGE).s()), currency),
                Cadence.valueOf(item.get(CADENCE).s()),
                new BigDecimal(item.get(CONFIDENCE).s()),
                date(item, NEXT_EXPECTED),
                date(item, LATE_AFTER),
                date(item, STOPPED_AFTER),
                date(item, PAUSED_AFTER).map(before -> new Pause(before, date(item, RESUMED_ON).orElseThrow())));
    }

    private static Instant instant(String text) {
        return Instant.parse(text);
    }

    private static Optional<LocalDate> date(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? Optional.empty() : Optional.of(LocalDate.parse(value.s()));
    }
}
