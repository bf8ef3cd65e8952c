package io.recorder.query;

import com.fasterxml.jackson.core.JsonGenerator;
import io.recorder.http.ApiResponses;
import io.recorder.http.PaymentJson;
import io.recorder.ledger.LedgerEntry;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.Timestamps;
import io.recorder.ledger.recurring.AmountChange;
import io.recorder.ledger.recurring.MonthlySpending;
import io.recorder.ledger.recurring.RecurringSeries;
import io.recorder.ledger.recurring.SeriesStatus;
import io.recorder.ledger.recurring.SeriesSummary;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The read API's representations (openapi.yaml: PaymentPage, RecurringSeriesPage,
 * RecurringSeriesDetail, MonthlySpending). Amounts are decimal strings, never JSON numbers.
 */
final class QueryJson {
    private QueryJson() {
    }

    static String paymentPage(List<LedgerEntry> items, Optional<String> nextCursor) {
        return ApiResponses.Json.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("items");
            for (LedgerEntry payment : items) {
                PaymentJson.writeObject(json, payment);
            }
            json.writeEndArray();
            writeCursor(json, nextCursor);
            json.writeEndObject();
        });
    }

    /** Each summary with its status as of {@code now}. */
    static String seriesPage(List<SeriesSummary> items, Instant now, Optional<String> nextCursor) {
        return ApiResponses.Json.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("items");
            for (SeriesSummary series : items) {
                json.writeStartObject();
                seriesFields(json, series, series.statusAsOf(now));
                json.writeEndObject();
            }
            json.writeEndArray();
            writeCursor(json, nextCursor);
            json.writeEndObject();
        });
    }

    static String seriesDetail(RecurringSeries series, List<LedgerEntry> recentPayments) {
        return ApiResponses.Json.write(json -> {
            json.writeStartObject();
            seriesFields(json, series.summary(), series.status());
            json.writeArrayFieldStart("amountChanges");
            for (AmountChange change : series.amountChanges()) {
                json.writeStartObject();
                json.writeStringField("at", Timestamps.canonical(change.at()));
                json.writeStringField("from", change.from().toPlainString());
                json.writeStringField("to", change.to().toPlainString());
                json.writeStringField("percent", change.percent().toPlainString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("recentPayments");
            for (LedgerEntry payment : recentPayments) {
                PaymentJson.writeObject(json, payment);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    static String monthlySpending(MonthlySpending spending) {
        return ApiResponses.Json.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("months");
            for (Map.Entry<YearMonth, SortedMap<String, Money>> month : spending.months().entrySet()) {
                json.writeStartObject();
                json.writeStringField("month", month.getKey().toString());
                json.writeObjectFieldStart("totals");
                for (Map.Entry<String, Money> total : month.getValue().entrySet()) {
                    json.writeStringField(total.getKey(), total.getValue().toPlainString());
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** {@code expectedAmount} is the last amount: the price a subscription is paid at now. */
    static String upcoming(LocalDate asOf, String within, List<SeriesSummary> items, Optional<String> nextCursor) {
        return ApiResponses.Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("asOf", asOf.toString());
            json.writeStringField("within", within);
            json.writeArrayFieldStart("items");
            for (SeriesSummary series : items) {
                LocalDate expected = series.nextExpectedDate().orElseThrow();
                json.writeStartObject();
                json.writeStringField("seriesId", series.seriesId().value());
                json.writeStringField("description", series.description());
                json.writeStringField("currency", series.currency().code());
                json.writeStringField("cadence", series.cadence().name());
                json.writeStringField("expectedDate", expected.toString());
                json.writeStringField("expectedAmount", series.lastAmount().toPlainString());
                json.writeBooleanField("overdue", expected.isBefore(asOf));
                json.writeEndObject();
            }
            json.writeEndArray();
            writeCursor(json, nextCursor);
            json.writeEndObject();
        });
    }

    private static void seriesFields(JsonGenerator json, SeriesSummary series, SeriesStatus status) throws IOException {
        json.writeStringField("seriesId", series.seriesId().value());
        json.writeStringField("description", series.description());
        json.writeStringField("currency", series.currency().code());
        json.writeNumberField("count", series.count());
        json.writeStringField("total", series.total().toPlainString());
        json.writeStringField("averageAmount", series.averageAmount().toPlainString());
        json.writeStringField("lastAmount", series.lastAmount().toPlainString());
        json.writeStringField("firstPaymentAt", Timestamps.canonical(series.firstPaymentAt()));
        json.writeStringField("lastPaymentAt", Timestamps.canonical(series.lastPaymentAt()));
        json.writeStringField("cadence", series.cadence().name());
        json.writeStringField("confidence", series.confidence().toPlainString());
        if (series.nextExpectedDate().isPresent()) {
            json.writeStringField("nextExpectedDate", series.nextExpectedDate().get().toString());
        } else {
            json.writeNullField("nextExpectedDate");
        }
        json.writeStringField("status", status.name());
        if (series.lastPause().isPresent()) {
            json.writeObjectFieldStart("lastPause");
            json.writeStringField("lastPaymentBefore", series.lastPause().get().lastPaymentBefore().toString());
            json.writeStringField("resumedOn", series.lastPause().get().resumedOn().toString());
            json.writeEndObject();
        } else {
            json.writeNullField("lastPause");
        }
    }

    private static void writeCursor(JsonGenerator json, Optional<String> nextCursor) throws IOException {
        if (nextCursor.isPresent()) {
            json.writeStringField("nextCursor", nextCursor.get());
        } else {
            json.writeNullField("nextCursor");
        }
    }
}
