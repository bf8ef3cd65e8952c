package io.recorder.query;

import com.fasterxml.jackson.core.JsonGenerator;
import io.recorder.http.ApiResponses;
import io.recorder.http.PaymentJson;
import io.recorder.ledger.LedgerEntry;
import io.recorder.ledger.Timestamps;
import io.recorder.ledger.recurring.AmountChange;
import io.recorder.ledger.recurring.MonthlySpending;
import io.recorder.ledger.recurring.RecurringSeries;
import java.io.IOException;
import java.math.BigDecimal;
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

    static String seriesPage(List<RecurringSeries> items, Optional<String> nextCursor) {
        return ApiResponses.Json.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("items");
            for (RecurringSeries series : items) {
                json.writeStartObject();
                seriesFields(json, series);
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
            seriesFields(json, series);
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
            for (Map.Entry<YearMonth, SortedMap<String, BigDecimal>> month : spending.months().entrySet()) {
                json.writeStartObject();
                json.writeStringField("month", month.getKey().toString());
                json.writeObjectFieldStart("totals");
                for (Map.Entry<String, BigDecimal> total : month.getValue().entrySet()) {
                    json.writeStringField(total.getKey(), total.getValue().toPlainString());
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void seriesFields(JsonGenerator json, RecurringSeries series) throws IOException {
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
        json.writeStringField("status", series.status().name());
    }

    private static void writeCursor(JsonGenerator json, Optional<String> nextCursor) throws IOException {
        if (nextCursor.isPresent()) {
            json.writeStringField("nextCursor", nextCursor.get());
        } else {
            json.writeNullField("nextCursor");
        }
    }
}
