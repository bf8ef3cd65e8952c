package io.recorder.query;

import static io.recorder.query.SeededLedger.ACME;
import static io.recorder.query.SeededLedger.GLOBEX_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Accept: text/csv on the three listings, through the real handlers over a real engine; every answer checked against openapi.yaml. */
class CsvQueriesIT {
    private static SeededLedger ledger;

    @BeforeAll
    static void seed() {
        ledger = SeededLedger.start();
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @Test
    void payments_page_through_csv_with_the_next_cursor_in_a_header_every_payment_once_amounts_exact() {
        List<String> ids = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            ApiGatewayEvent request = ApiGatewayEvent.listPayments().header("Accept", "text/csv");
            request = cursor.isPresent() ? request.query("limit", "25").query("cursor", cursor.get()) : request.query("limit", "25");
            ApiResponse page = ledger.get(request);
            List<String> records = records(page);
            assertThat(records.get(0)).isEqualTo("paymentId,paymentTimestamp,paymentDescription,currency,amount,seriesId,recordedAt,reversed");
            records.stream().skip(1).forEach(record -> ids.add(record.substring(0, record.indexOf(','))));
            cursor = Optional.ofNullable(page.header("Next-Cursor"));
            pages++;
        } while (cursor.isPresent());

        assertThat(pages).isEqualTo(3);
        assertThat(ids).containsExactlyElementsOf(ledger.newestFirst(ACME).stream().map(p -> p.paymentId().value()).toList());
        String all = ledger.get(ApiGatewayEvent.listPayments().header("Accept", "text/csv").query("seriesId",
                ledger.seriesOf(ACME, "Gym").value())).body();
        assertThat(all).contains(",Gym,USD,550.00,").contains(",Gym,USD,500.00,");
    }

    @Test
    void a_description_a_spreadsheet_would_run_is_neutralized_and_quoted() {
        ledger.record(GLOBEX_KEY, "2024-07-07T07:07:07Z", "=HYPERLINK(\\\"http://evil.example\\\",\\\"click, here\\\")", "USD", "1.00"); // JSON-escaped quotes

        String csv = ledger.get(ApiGatewayEvent.listPayments().apiKeyId(GLOBEX_KEY).header("Accept", "text/csv")).body();

        assertThat(csv).contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click, here\"\")\",USD,1.00,");
        assertThat(csv).doesNotContain(",=HYPERLINK");
    }

    @Test
    void recurring_series_as_csv_one_row_per_series_with_cadence_and_total() {
        ApiResponse response = ledger.get(ApiGatewayEvent.listSeries().noQuery().header("Accept", "text/csv"));

        List<String> records = records(response);
        assertThat(records.get(0)).isEqualTo("seriesId,description,currency,count,total,averageAmount,lastAmount,"
                + "firstPaymentAt,lastPaymentAt,cadence,confidence,nextExpectedDate,status");
        assertThat(records).anySatisfy(r -> assertThat(r).startsWith(ledger.seriesOf(ACME, "Gym").value() + ",Gym,USD,12,6200.00,")
                .contains(",MONTHLY,"));
        assertThat(response.header("Content-Disposition")).isEqualTo("attachment; filename=\"recurring-payments.csv\"");
    }

    @Test
    void monthly_spending_as_csv_one_row_per_month_and_currency() {
        ApiResponse response = ledger.get(ApiGatewayEvent.monthlySpending().query("from", "2024-03").query("to", "2024-03")
                .header("Accept", "text/csv"));

        assertThat(response.body()).isEqualTo("month,currency,total\r\n2024-03,EUR,20.69\r\n2024-03,USD,500.00\r\n");
    }

    @Test
    void json_stays_the_default_and_errors_stay_problems_when_csv_is_asked_for() {
        assertThat(ledger.get(ApiGatewayEvent.listPayments().noQuery()).header("Content-Type")).startsWith("application/json");
        assertThat(ledger.get(ApiGatewayEvent.listPayments().noQuery().header("Accept", "*/*")).header("Content-Type"))
                .startsWith("application/json");
        ApiResponse invalid = ledger.get(ApiGatewayEvent.listPayments().query("limit", "0").header("Accept", "text/csv"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.header("Content-Type")).startsWith("application/problem+json");
    }

    private static List<String> records(ApiResponse response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return List.of(response.body().split("\r\n"));
    }
}
