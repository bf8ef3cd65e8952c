package io.recorder.query;

import static io.recorder.query.PaymentQueriesIT.assertInvalid;
import static io.recorder.query.PaymentQueriesIT.body;
import static io.recorder.query.SeededLedger.ACME;
import static io.recorder.query.SeededLedger.GLOBEX;
import static io.recorder.query.SeededLedger.GLOBEX_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import io.recorder.ledger.PaymentRecorded;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GET /recurring-payments, /recurring-payments/{seriesId} and /spending/monthly over the projections
 * of the seeded ledger, evaluated as of 2024-12-20. Every response is checked against openapi.yaml.
 */
class SeriesQueriesIT {
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
    void the_list_shows_every_recurring_series_soonest_due_first_with_exact_totals_cadence_and_current_status() {
        JsonNode page = body(ledger.get(ApiGatewayEvent.listSeries().noQuery()));

        Map<String, JsonNode> byDescription = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> {
            byDescription.put(item.get("description").asText(), item);
            ids.add(item.get("seriesId").asText());
        });
        assertThat(byDescription).containsOnlyKeys("Gym", "Netflix", "Coffee", "Snack");
        List<String> dueOrder = new ArrayList<>();
        page.get("items").forEach(item -> dueOrder.add((item.get("nextExpectedDate").isNull() ? "~" : item.get("nextExpectedDate").asText())
                + "#" + item.get("seriesId").asText()));
        assertThat(dueOrder).isSorted();
        assertThat(page.get("nextCursor").isNull()).isTrue();

        JsonNode gym = byDescription.get("Gym");
        assertThat(gym.get("seriesId").asText()).isEqualTo(ledger.seriesOf(ACME, "Gym").value());
        assertThat(gym.get("currency").asText()).isEqualTo("USD");
        assertThat(gym.get("count").asInt()).isEqualTo(12);
        assertThat(gym.get("total").asText()).isEqualTo("6200.00");
        assertThat(gym.get("averageAmount").asText()).isEqualTo("516.6667");
        assertThat(gym.get("lastAmount").asText()).isEqualTo("550.00");
        assertThat(gym.get("firstPaymentAt").asText()).isEqualTo("2024-01-05T07:00:00Z");
        assertThat(gym.get("lastPaymentAt").asText()).isEqualTo("2024-12-05T07:00:00Z");
        assertThat(gym.get("cadence").asText()).isEqualTo("MONTHLY");
        assertThat(gym.get("nextExpectedDate").asText()).isEqualTo("2025-01-05");
        assertThat(gym.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(gym.has("amountChanges")).isFalse();

        JsonNode netflix = byDescription.get("Netflix");
        assertThat(netflix.get("total").asText()).isEqualTo("77.94");
        assertThat(netflix.get("cadence").asText()).isEqualTo("MONTHLY");
        assertThat(netflix.get("status").asText()).isEqualTo("STOPPED");

        JsonNode coffee = byDescription.get("Coffee");
        assertThat(coffee.get("total").asText()).isEqualTo("21.30");
        assertThat(coffee.get("cadence").asText()).isEqualTo("IRREGULAR");
        assertThat(coffee.get("nextExpectedDate").isNull()).isTrue();

        assertThat(byDescription.get("Snack").get("total").asText()).isEqualTo("50.00");
    }

    @Test
    void filters_select_by_cadence_currency_and_status_and_combine() {
        assertThat(descriptions(e -> e.query("status").query("cadence", "MONTHLY"))).containsExactlyInAnyOrder("Gym", "Netflix");
        assertThat(descriptions(e -> e.query("status").query("currency", "EUR"))).containsExactlyInAnyOrder("Netflix", "Coffee");
        assertThat(descriptions(e -> e.query("status", "STOPPED"))).containsExactly("Netflix");
        assertThat(descriptions(e -> e)).contains("Gym").doesNotContain("Netflix"); // the fixture asks for ACTIVE
        assertThat(descriptions(e -> e.query("status").query("cadence", "MONTHLY").query("currency", "USD"))).containsExactly("Gym");
        assertThat(descriptions(e -> e.query("status").query("cadence", "YEARLY"))).isEmpty();
    }

    @Test
    void paging_one_by_one_returns_each_series_once_and_the_cursor_is_bound_to_the_filters() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        String firstCursor = null;
        do {
            ApiGatewayEvent event = ApiGatewayEvent.listSeries().noQuery().query("limit", "1");
            if (cursor != null) {
                event.query("cursor", cursor);
            }
            JsonNode page = body(ledger.get(event));
            page.get("items").forEach(item -> seen.add(item.get("seriesId").asText()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            firstCursor = firstCursor == null ? cursor : firstCursor;
        } while (cursor != null && seen.size() < 10);

        List<String> onePage = new ArrayList<>();
        body(ledger.get(ApiGatewayEvent.listSeries().noQuery())).get("items").forEach(item -> onePage.add(item.get("seriesId").asText()));
        assertThat(seen).hasSize(4).doesNotHaveDuplicates().containsExactlyElementsOf(onePage);
        assertInvalid(ledger.get(ApiGatewayEvent.listSeries().query("cursor", firstCursor)), "cursor");
        assertInvalid(ledger.get(ApiGatewayEvent.listSeries().noQuery().apiKeyId(GLOBEX_KEY).query("cursor", firstCursor)), "cursor");
    }

    @ParameterizedTest(name = "{0}={1} -> 400 naming {0}")
    @CsvSource(delimiter = '|', value = {
            "cadence|monthly", "cadence|DAILY", "cadence|''",
            "status|active", "status|OVERDUE",
            "currency|usd", "currency|Dollars", "currency|ABC", "currency|XAU", "currency|''",
            "limit|0", "limit|101", "cursor|xyz", "seriesId|ser_jwr5hbd9bfc3a99nn9yacsttvw", "from|2024-01"})
    void a_bad_filter_is_400_naming_it(String name, String value) {
        assertInvalid(ledger.get(ApiGatewayEvent.listSeries().query("status").query(name, value)), name);
    }

    @Test
    void the_detail_shows_amount_changes_and_the_12_most_recent_payments_newest_first() {
        String gym = ledger.seriesOf(ACME, "Gym").value();
        String snack = ledger.seriesOf(ACME, "Snack").value();

        JsonNode detail = body(ledger.get(ApiGatewayEvent.getSeries(gym)));
        JsonNode snacks = body(ledger.get(ApiGatewayEvent.getSeries(snack)));

        assertThat(detail.get("total").asText()).isEqualTo("6200.00");
        assertThat(detail.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(detail.get("amountChanges")).hasSize(1);
        JsonNode change = detail.get("amountChanges").get(0);
        assertThat(change.get("at").asText()).isEqualTo("2024-09-05T07:00:00Z");
        assertThat(change.get("from").asText()).isEqualTo("500.00");
        assertThat(change.get("to").asText()).isEqualTo("550.00");
        assertThat(change.get("percent").asText()).isEqualTo("10.00");
        List<String> recent = new ArrayList<>();
        detail.get("recentPayments").forEach(p -> recent.add(p.get("paymentTimestamp").asText()));
        assertThat(recent).containsExactly("2024-12-05T07:00:00Z", "2024-11-05T07:00:00Z", "2024-10-05T07:00:00Z",
                "2024-09-05T07:00:00Z", "2024-08-05T07:00:00Z", "2024-07-05T07:00:00Z", "2024-06-05T07:00:00Z",
                "2024-05-05T07:00:00Z", "2024-04-05T07:00:00Z", "2024-03-05T07:00:00Z", "2024-02-05T07:00:00Z",
                "2024-01-05T07:00:00Z");
        List<String> snackIds = new ArrayList<>();
        snacks.get("recentPayments").forEach(p -> snackIds.add(p.get("paymentId").asText()));
        assertThat(snackIds).containsExactlyElementsOf(ledger.newestFirst(ACME).stream()
                .filter(p -> p.seriesId().value().equals(snack)).limit(12).map(p -> p.paymentId().value()).toList());
        assertThat(snacks.get("amountChanges")).isEmpty();
    }

    @Test
    void an_unknown_or_foreign_series_is_404_and_a_malformed_id_400() {
        String acmeGym = ledger.seriesOf(ACME, "Gym").value();

        ApiResponse foreign = ledger.get(ApiGatewayEvent.getSeries(acmeGym).apiKeyId(GLOBEX_KEY));
        ApiResponse unknown = ledger.get(ApiGatewayEvent.getSeries("ser_00000000000000000000000000"));
        ApiResponse malformed = ledger.get(ApiGatewayEvent.getSeries("gym"));

        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("Gym", "6200", "acme");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertInvalid(malformed, "seriesId");
    }

    @Test
    void another_client_sees_only_its_own_series_and_its_single_payments_only_when_asked() {
        JsonNode recurring = body(ledger.get(ApiGatewayEvent.listSeries().noQuery().apiKeyId(GLOBEX_KEY)));
        JsonNode all = body(ledger.get(ApiGatewayEvent.listSeries().noQuery().apiKeyId(GLOBEX_KEY)
                .query("includeSinglePayments", "true")));

        List<String> descriptions = new ArrayList<>();
        recurring.get("items").forEach(item -> descriptions.add(item.get("description").asText() + " " + item.get("total").asText()));
        List<String> withSingle = new ArrayList<>();
        all.get("items").forEach(item -> withSingle.add(item.get("description").asText() + " " + item.get("total").asText()));
        assertThat(descriptions).containsExactly("Gym 90.00");
        assertThat(withSingle).containsExactlyInAnyOrder("Gym 90.00", "Tea 2.00");
    }

    @Test
    void single_payment_series_page_in_series_id_order_with_their_own_cursor() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            ApiGatewayEvent event = ApiGatewayEvent.listSeries().noQuery().query("includeSinglePayments", "true").query("limit", "2");
            if (cursor != null) {
                event.query("cursor", cursor);
            }
            JsonNode page = body(ledger.get(event));
            page.get("items").forEach(item -> seen.add(item.get("seriesId").asText()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            if (cursor != null) {
                assertInvalid(ledger.get(ApiGatewayEvent.listSeries().noQuery().query("cursor", cursor)), "cursor");
            }
        } while (cursor != null && seen.size() < 10);

        assertThat(seen).hasSize(4).doesNotHaveDuplicates().isSorted();
        assertInvalid(ledger.get(ApiGatewayEvent.listSeries().query("status").query("includeSinglePayments", "yes")), "includeSinglePayments");
    }

    @Test
    void monthly_spending_totals_are_exact_per_month_and_currency_within_the_range() {
        JsonNode spending = body(ledger.get(ApiGatewayEvent.monthlySpending().query("from", "2024-03").query("to", "2024-04")));

        assertThat(spending.get("months")).hasSize(2);
        assertThat(spending.get("months").get(0).get("month").asText()).isEqualTo("2024-03");
        assertThat(spending.get("months").get(0).get("totals").toString()).isEqualTo("{\"EUR\":\"20.69\",\"USD\":\"500.00\"}");
        assertThat(spending.get("months").get(1).get("month").asText()).isEqualTo("2024-04");
        assertThat(spending.get("months").get(1).get("totals").toString()).isEqualTo("{\"EUR\":\"15.79\",\"USD\":\"500.00\"}");
    }

    @Test
    void monthly_spending_over_the_year_equals_the_sum_of_the_ledger() {
        JsonNode spending = body(ledger.get(ApiGatewayEvent.monthlySpending()));

        Map<String, Map<String, BigDecimal>> expected = new TreeMap<>();
        for (PaymentRecorded p : ledger.newestFirst(ACME)) {
            expected.computeIfAbsent(p.paymentTimestamp().toString().substring(0, 7), m -> new TreeMap<>())
                    .merge(p.currency().code(), p.amount().amount(), BigDecimal::add);
        }
        Map<String, Map<String, String>> actual = new TreeMap<>();
        spending.get("months").forEach(month -> {
            Map<String, String> totals = new TreeMap<>();
            month.get("totals").fields().forEachRemaining(t -> totals.put(t.getKey(), t.getValue().asText()));
            actual.put(month.get("month").asText(), totals);
        });
        Map<String, Map<String, String>> expectedText = new TreeMap<>();
        expected.forEach((month, totals) -> {
            Map<String, String> text = new TreeMap<>();
            totals.forEach((currency, total) -> text.put(currency, total.toPlainString()));
            expectedText.put(month, text);
        });
        assertThat(actual).isEqualTo(expectedText);
        assertThat(actual.get("2024-10")).containsEntry("GBP", "50.00").containsEntry("USD", "550.00");
    }

    @Test
    void monthly_spending_is_per_client_and_without_a_range_covers_every_month() {
        JsonNode spending = body(ledger.get(ApiGatewayEvent.monthlySpending().noQuery().apiKeyId(GLOBEX_KEY)));

        assertThat(spending.toString()).isEqualTo("{\"months\":["
                + "{\"month\":\"2024-02\",\"totals\":{\"USD\":\"30.00\"}},"
                + "{\"month\":\"2024-03\",\"totals\":{\"USD\":\"30.00\"}},"
                + "{\"month\":\"2024-04\",\"totals\":{\"USD\":\"30.00\"}},"
                + "{\"month\":\"2024-05\",\"totals\":{\"GBP\":\"2.00\"}}]}");
    }

    @ParameterizedTest(name = "from={0} to={1} -> 400 naming {2}")
    @CsvSource(delimiter = '|', value = {
            "2024-05|2024-04|from", "2024-13|2024-12|from", "2024-1|2024-12|from", "2024-01-01|2024-12|from",
            "2024-01|24-12|to", "2024-01|''|to", "2024-01|2024-00|to"})
    void a_bad_month_range_is_400_naming_the_parameter(String from, String to, String named) {
        assertInvalid(ledger.get(ApiGatewayEvent.monthlySpending().query("from", from).query("to", to)), named);
    }

    @Test
    void monthly_spending_refuses_unknown_parameters() {
        assertInvalid(ledger.get(ApiGatewayEvent.monthlySpending().query("currency", "USD")), "currency");
    }

    private static List<String> descriptions(java.util.function.UnaryOperator<ApiGatewayEvent> customize) {
        JsonNode page = body(ledger.get(customize.apply(ApiGatewayEvent.listSeries())));
        List<String> out = new ArrayList<>();
        page.get("items").forEach(item -> out.add(item.get("description").asText()));
        return out;
    }
}
