package io.recorder.query;

import static io.recorder.query.SeededLedger.ACME;
import static io.recorder.query.SeededLedger.GLOBEX;
import static io.recorder.query.SeededLedger.GLOBEX_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import io.recorder.ledger.PaymentRecorded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GET /payments and GET /payments/{paymentId}: the real query handler, fed real API Gateway events,
 * over a ledger recorded through the real ingest handler in a real engine (dynalite). Every response
 * is checked against openapi.yaml.
 */
class PaymentQueriesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
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
    void paging_with_limit_7_returns_every_payment_exactly_once_newest_first_even_with_identical_timestamps() {
        List<PaymentRecorded> expected = ledger.newestFirst(ACME);
        assertThat(expected).hasSize(64);

        List<List<String>> pages = pages(e -> e.query("limit", "7"));

        assertThat(pages).hasSize(10).allSatisfy(page -> assertThat(page).hasSizeBetween(1, 7));
        assertThat(pages.stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(expected.stream().map(p -> p.paymentId().value()).toList());
    }

    @Test
    void the_first_page_holds_25_payments_by_default_with_exact_amounts_at_the_currency_scale() {
        JsonNode page = body(ledger.get(ApiGatewayEvent.listPayments().noQuery()));

        assertThat(page.get("items")).hasSize(25);
        assertThat(page.get("nextCursor").asText()).isNotBlank();
        JsonNode newest = page.get("items").get(0);
        assertThat(newest.get("paymentTimestamp").asText()).isEqualTo("2024-12-05T07:00:00Z");
        assertThat(newest.get("paymentDescription").asText()).isEqualTo("Gym");
        assertThat(newest.get("currency").asText()).isEqualTo("USD");
        assertThat(newest.get("amount").asText()).isEqualTo("550.00");
        assertThat(newest.get("recordedAt").asText()).isEqualTo("2024-12-20T10:00:00Z");
    }

    @Test
    void the_last_page_has_a_null_next_cursor() {
        JsonNode page = body(ledger.get(ApiGatewayEvent.listPayments().query("limit", "100")));

        assertThat(page.get("items")).hasSize(64);
        assertThat(page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void from_is_inclusive_and_to_exclusive_whatever_offset_they_are_written_with() {
        // 2024-10-03T12:00Z (included) .. 2024-10-06T12:00Z (excluded), written in +02:00 and -05:00:
        // the snacks of Oct 3, 4 and 5 (4 each, identical timestamps) and the Gym payment of Oct 5.
        List<String> ids = all(e -> e.query("limit", "7")
                .query("from", "2024-10-03T14:00:00+02:00")
                .query("to", "2024-10-06T07:00:00-05:00"));

        assertThat(ids).containsExactlyElementsOf(ledger.newestFirst(ACME).stream()
                .filter(p -> !p.paymentTimestamp().isBefore(Instant.parse("2024-10-03T12:00:00Z"))
                        && p.paymentTimestamp().isBefore(Instant.parse("2024-10-06T12:00:00Z")))
                .map(p -> p.paymentId().value()).toList())
                .hasSize(13);
    }

    @Test
    void an_offset_plus_decoded_as_a_space_is_still_read_as_an_offset() {
        List<String> ids = all(e -> e.query("from", "2024-12-05T08:00:00 01:00"));

        assertThat(ids).containsExactly(ledger.newestFirst(ACME).get(0).paymentId().value());
    }

    @Test
    void a_series_filter_pages_through_that_series_only() {
        String snack = ledger.seriesOf(ACME, "Snack").value();

        List<String> ids = all(e -> e.query("limit", "7").query("seriesId", snack));

        assertThat(ids).containsExactlyElementsOf(ledger.newestFirst(ACME).stream()
                .filter(p -> p.seriesId().value().equals(snack)).map(p -> p.paymentId().value()).toList())
                .hasSize(40);
    }

    @Test
    void series_and_time_filters_combine() {
        String gym = ledger.seriesOf(ACME, "Gym").value();

        List<String> ids = all(e -> e.query("seriesId", gym).query("from", "2024-03-01T00:00:00Z").query("to", "2024-05-05T07:00:00Z"));

        assertThat(ids).containsExactlyElementsOf(ledger.newestFirst(ACME).stream()
                .filter(p -> p.seriesId().value().equals(gym))
                .filter(p -> List.of("2024-04-05T07:00:00Z", "2024-03-05T07:00:00Z").contains(p.paymentTimestamp().toString()))
                .map(p -> p.paymentId().value()).toList())
                .hasSize(2);
    }

    @Test
    void a_cursor_used_with_other_filters_is_refused_naming_cursor() {
        String cursor = body(ledger.get(ApiGatewayEvent.listPayments().query("from", "2024-01-01T00:00:00Z"))).get("nextCursor").asText();

        ApiResponse withoutFilter = ledger.get(ApiGatewayEvent.listPayments().query("cursor", cursor));
        ApiResponse sameFilterOtherLimit = ledger.get(ApiGatewayEvent.listPayments().query("from", "2024-01-01T01:00:00+01:00")
                .query("limit", "3").query("cursor", cursor));

        assertInvalid(withoutFilter, "cursor");
        assertThat(sameFilterOtherLimit.statusCode()).isEqualTo(200);
    }

    @Test
    void a_tampered_cursor_is_refused_naming_cursor() {
        String cursor = body(ledger.get(ApiGatewayEvent.listPayments())).get("nextCursor").asText();
        char last = cursor.charAt(cursor.length() - 2);
        String tampered = cursor.substring(0, cursor.length() - 2) + (last == 'A' ? 'B' : 'A') + cursor.charAt(cursor.length() - 1);

        assertInvalid(ledger.get(ApiGatewayEvent.listPayments().query("cursor", tampered)), "cursor");
        assertInvalid(ledger.get(ApiGatewayEvent.listPayments().query("cursor", "not a cursor!")), "cursor");
        assertInvalid(ledger.get(ApiGatewayEvent.listPayments().query("cursor", "A".repeat(2049))), "cursor");
    }

    @Test
    void another_client_never_sees_pages_into_or_reads_acmes_payments() {
        String acmeCursor = body(ledger.get(ApiGatewayEvent.listPayments())).get("nextCursor").asText();
        String acmePayment = ledger.newestFirst(ACME).get(0).paymentId().value();
        String acmeGym = ledger.seriesOf(ACME, "Gym").value();

        List<String> globexSees = all(e -> e.apiKeyId(GLOBEX_KEY).query("limit", "100"));
        ApiResponse pagingIn = ledger.get(ApiGatewayEvent.listPayments().apiKeyId(GLOBEX_KEY).query("cursor", acmeCursor));
        ApiResponse reading = ledger.get(ApiGatewayEvent.getPayment(acmePayment).apiKeyId(GLOBEX_KEY));
        ApiResponse unknown = ledger.get(ApiGatewayEvent.getPayment("pay_00000000000000000000000000").apiKeyId(GLOBEX_KEY));
        JsonNode bySeries = body(ledger.get(ApiGatewayEvent.listPayments().apiKeyId(GLOBEX_KEY).query("seriesId", acmeGym)));

        assertThat(globexSees).containsExactlyElementsOf(ledger.newestFirst(GLOBEX).stream().map(p -> p.paymentId().value()).toList())
                .hasSize(4);
        assertInvalid(pagingIn, "cursor");
        assertThat(reading.statusCode()).isEqualTo(404);
        // Indistinguishable from an id that exists nowhere (bar the id echoed in the detail).
        assertThat(body(reading).get("type").asText()).isEqualTo(body(unknown).get("type").asText()).isEqualTo("/problems/not-found");
        assertThat(reading.body()).doesNotContain("acme", "Gym", "550");
        assertThat(bySeries.get("items")).isEmpty();
    }

    @Test
    void one_payment_is_read_by_its_id() {
        PaymentRecorded coffee = ledger.newestFirst(ACME).stream()
                .filter(p -> p.paymentTimestamp().equals(Instant.parse("2024-06-03T08:15:00.123456789Z"))).findFirst().orElseThrow();

        JsonNode payment = body(ledger.get(ApiGatewayEvent.getPayment(coffee.paymentId().value())));

        assertThat(payment.get("paymentId").asText()).isEqualTo(coffee.paymentId().value());
        assertThat(payment.get("paymentTimestamp").asText()).isEqualTo("2024-06-03T08:15:00.123456789Z");
        assertThat(payment.get("amount").asText()).isEqualTo("3.50");
        assertThat(payment.get("currency").asText()).isEqualTo("EUR");
        assertThat(payment.get("seriesId").asText()).isEqualTo(coffee.seriesId().value());
    }

    @Test
    void an_unknown_payment_is_404_and_a_malformed_id_is_400_naming_it() {
        ApiResponse unknown = ledger.get(ApiGatewayEvent.getPayment("pay_zzzzzzzzzzzzzzzzzzzzzzzzzz"));
        ApiResponse malformed = ledger.get(ApiGatewayEvent.getPayment("pay_NOT-AN-ID"));
        ApiResponse withQuery = ledger.get(ApiGatewayEvent.getPayment(ledger.newestFirst(ACME).get(0).paymentId().value())
                .query("expand", "all"));

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).get("requestId").asText()).isEqualTo("0b9d6a21-3f4e-4c7a-8d2e-5f6a7b8c9d0e");
        assertInvalid(malformed, "paymentId");
        assertInvalid(withQuery, "expand");
    }

    @ParameterizedTest(name = "{0}={1} -> 400 naming {0}")
    @CsvSource(delimiter = '|', value = {
            "limit|0", "limit|101", "limit|abc", "limit|''", "limit|-1", "limit|1.5", "limit|99999999999",
            "from|2024-01-01", "from|2024-01-01T00:00:00", "from|yesterday", "from|2024-02-30T00:00:00Z",
            "to|1722515701", "to|+10000-01-01T00:00:00Z", "to|''",
            "seriesId|ser_x", "seriesId|pay_tp72pyj5f8z9vqzjyf367www3f", "seriesId|''",
            "cursor|''", "cursor|AQ", "cursor|%%%",
            "sort|asc", "Limit|7"})
    void a_bad_parameter_is_400_naming_it(String name, String value) {
        assertInvalid(ledger.get(ApiGatewayEvent.listPayments().query("limit").query(name, value)), name);
    }

    @Test
    void a_repeated_parameter_is_400_naming_it() {
        assertInvalid(ledger.get(ApiGatewayEvent.listPayments().query("limit", "7", "8")), "limit");
    }

    @Test
    void every_bad_parameter_is_named_at_once_and_an_empty_range_is_refused() {
        JsonNode problem = body(ledger.get(ApiGatewayEvent.listPayments().query("limit", "0").query("to", "x").query("colour", "red")));
        ApiResponse emptyRange = ledger.get(ApiGatewayEvent.listPayments().query("from", "2024-05-01T00:00:00Z").query("to", "2024-05-01T00:00:00Z"));

        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("limit", "to", "colour");
        assertInvalid(emptyRange, "from");
    }

    @Test
    void an_api_key_not_bound_to_a_client_is_forbidden() {
        ApiResponse response = ledger.get(ApiGatewayEvent.listPayments().apiKeyId("unbound123"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(body(response).get("type").asText()).isEqualTo("/problems/forbidden");
    }

    @Test
    void logs_never_hold_the_api_key_value_or_cursor_values() {
        String cursor = body(ledger.get(ApiGatewayEvent.listPayments())).get("nextCursor").asText();
        ledger.get(ApiGatewayEvent.listPayments().query("cursor", cursor));

        assertThat(ledger.logs.toString()).doesNotContain("CANARY-API-KEY-VALUE", cursor).contains("\"operation\":\"GET /payments\"");
    }

    /** Follows nextCursor from the first page (the event as {@code customize} makes it) to the last; the ids per page. */
    private static List<List<String>> pages(UnaryOperator<ApiGatewayEvent> customize) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            ApiGatewayEvent event = customize.apply(ApiGatewayEvent.listPayments().noQuery());
            if (cursor != null) {
                event.query("cursor", cursor);
            }
            ApiResponse response = ledger.get(event);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = body(response);
            List<String> ids = new ArrayList<>();
            page.get("items").forEach(item -> ids.add(item.get("paymentId").asText()));
            pages.add(ids);
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            assertThat(pages).as("runaway paging").hasSizeLessThan(100);
        } while (cursor != null);
        return pages;
    }

    private static List<String> all(UnaryOperator<ApiGatewayEvent> customize) {
        return pages(customize).stream().flatMap(List::stream).toList();
    }

    static void assertInvalid(ApiResponse response, String parameter) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode problem = body(response);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/invalid-parameters");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertThat(fields).contains(parameter);
    }

    static JsonNode body(ApiResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
