package io.recorder.query;

import static io.recorder.query.PaymentQueriesIT.assertInvalid;
import static io.recorder.query.PaymentQueriesIT.body;
import static io.recorder.query.SeededLedger.ACME;
import static io.recorder.query.SeededLedger.GLOBEX_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recorder.http.ApiGatewayEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GET /recurring-payments/upcoming over the seeded ledger (Gym: monthly on the 5th, last paid
 * 2024-12-05 at 550.00; Netflix stopped; Coffee irregular). Every response is checked against openapi.yaml.
 */
class UpcomingQueriesIT {
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
    void the_next_gym_payment_is_expected_within_30_days_at_its_current_price() {
        JsonNode page = body(ledger.get(ApiGatewayEvent.upcoming()));

        assertThat(page.get("asOf").asText()).isEqualTo("2024-12-20");
        assertThat(page.get("within").asText()).isEqualTo("P30D");
        assertThat(page.get("nextCursor").isNull()).isTrue();
        assertThat(page.get("items")).hasSize(1);
        JsonNode gym = page.get("items").get(0);
        assertThat(gym.get("seriesId").asText()).isEqualTo(ledger.seriesOf(ACME, "Gym").value());
        assertThat(gym.get("description").asText()).isEqualTo("Gym");
        assertThat(gym.get("currency").asText()).isEqualTo("USD");
        assertThat(gym.get("cadence").asText()).isEqualTo("MONTHLY");
        assertThat(gym.get("expectedDate").asText()).isEqualTo("2025-01-05");
        assertThat(gym.get("expectedAmount").asText()).isEqualTo("550.00");
        assertThat(gym.get("overdue").asBoolean()).isFalse();
    }

    @Test
    void the_window_ends_within_days_after_today_and_defaults_to_30_days() {
        assertThat(body(ledger.get(ApiGatewayEvent.upcoming().query("within", "P15D"))).get("items")).isEmpty();
        assertThat(body(ledger.get(ApiGatewayEvent.upcoming().query("within", "P16D"))).get("items")).hasSize(1);
        JsonNode byDefault = body(ledger.get(ApiGatewayEvent.upcoming().noQuery()));
        assertThat(byDefault.get("within").asText()).isEqualTo("P30D");
        assertThat(byDefault.get("items")).hasSize(1);
    }

    @Test
    void a_missed_payment_is_overdue_first_until_the_series_is_stopped() {
        JsonNode late = body(ledger.getAsOf(Instant.parse("2025-01-12T00:00:00Z"), ApiGatewayEvent.upcoming().query("within", "P1D")));
        JsonNode stopped = body(ledger.getAsOf(Instant.parse("2025-03-10T00:00:00Z"), ApiGatewayEvent.upcoming()));

        assertThat(late.get("asOf").asText()).isEqualTo("2025-01-12");
        assertThat(late.get("items")).hasSize(1);
        assertThat(late.get("items").get(0).get("expectedDate").asText()).isEqualTo("2025-01-05");
        assertThat(late.get("items").get(0).get("overdue").asBoolean()).isTrue();
        assertThat(stopped.get("items")).isEmpty();
    }

    @Test
    void a_client_sees_only_its_own_expected_payments() {
        // globex's gym (monthly Feb-Apr 2024) has been stopped since June; its tea was paid once.
        JsonNode globex = body(ledger.get(ApiGatewayEvent.upcoming().apiKeyId(GLOBEX_KEY).query("within", "P366D")));
        JsonNode globexInMay = body(ledger.getAsOf(Instant.parse("2024-04-20T00:00:00Z"),
                ApiGatewayEvent.upcoming().apiKeyId(GLOBEX_KEY)));

        assertThat(globex.get("items")).isEmpty();
        List<String> expected = new ArrayList<>();
        globexInMay.get("items").forEach(i -> expected.add(i.get("description").asText() + " " + i.get("expectedDate").asText()
                + " " + i.get("expectedAmount").asText()));
        assertThat(expected).containsExactly("Gym 2024-05-01 30.00");
    }

    @ParameterizedTest(name = "{0}={1} -> 400 naming {0}")
    @CsvSource(delimiter = '|', value = {
            "within|P0D", "within|P367D", "within|30D", "within|P1M", "within|P30DT1H", "within|p30d", "within|''",
            "limit|0", "cursor|xyz", "status|ACTIVE"})
    void a_bad_parameter_is_400_naming_it(String name, String value) {
        assertInvalid(ledger.get(ApiGatewayEvent.upcoming().query(name, value)), name);
    }

    @Test
    void a_listing_cursor_is_not_an_upcoming_cursor() {
        JsonNode listing = body(ledger.get(ApiGatewayEvent.listSeries().noQuery().query("limit", "1")));

        assertInvalid(ledger.get(ApiGatewayEvent.upcoming().query("cursor", listing.get("nextCursor").asText())), "cursor");
    }
}
