package io.recorder.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import io.recorder.ingest.IngestEvents;
import io.recorder.ingest.IngestHandler;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.Dynalite;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The ledger reads follow a reversal: a payment recorded with a wrong amount and reversed through the real
 * ingest handler, read back through the real query handler (dynalite, real API Gateway events), every answer
 * checked against openapi.yaml.
 */
class ReversedPaymentsIT {
    private static final String TABLE = "reversed-payments";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Dynalite engine;
    private static DynamoDbClient dynamo;
    private static IngestHandler ingest;
    private static QueryHandler query;
    private static final List<String> GYM = new ArrayList<>();
    private static String wrong;
    private static String reversalId;

    @BeforeAll
    static void recordThreeAndReverseTheWrongOne() throws Exception {
        engine = Dynalite.inMemory();
        dynamo = engine.client();
        LedgerTable table = new LedgerTable(dynamo, TABLE);
        table.createIfMissing();
        new ApiKeyClients(table, SeededLedger.CLOCK).bind(SeededLedger.ACME_KEY, SeededLedger.ACME);
        new ApiKeyClients(table, SeededLedger.CLOCK).bind(SeededLedger.GLOBEX_KEY, new ClientId("globex"));
        FunctionTelemetry ingestTelemetry = new FunctionTelemetry(MetricNames.SERVICE_INGEST);
        ingest = new IngestHandler(dynamo, SeededLedger.CLOCK, TABLE, ingestTelemetry, IngestEvents.NONE);
        query = new QueryHandler(dynamo, SeededLedger.CLOCK, TABLE, new FunctionTelemetry(MetricNames.SERVICE_QUERY),
                new StderrQueryEvents(new PrintStream(OutputStream.nullOutputStream())));
        for (String[] payment : new String[][] {{"2024-10-05", "500"}, {"2024-11-05", "5500"}, {"2024-12-05", "550"}}) {
            ApiResponse recorded = ApiGatewayEvent.postPayment().body("{\"paymentTimestamp\":\"" + payment[0]
                    + "T07:00:00Z\",\"paymentDescription\":\"Gym\",\"currency\":\"USD\",\"amount\":" + payment[1] + "}").sendTo(ingest);
            GYM.add(JSON.readTree(recorded.body()).get("paymentId").asText());
        }
        wrong = GYM.get(1);
        ApiResponse reversed = ApiGatewayEvent.postReversal(wrong).sendTo(ingest);
        assertThat(reversed.statusCode()).as(reversed.body()).isEqualTo(201);
        reversalId = JSON.readTree(reversed.body()).get("reversalId").asText();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        engine.close();
    }

    @Test
    void the_reversed_payment_shows_its_reversal_and_the_others_stand() throws Exception {
        JsonNode reversed = body(ApiGatewayEvent.getPayment(wrong));
        JsonNode standing = body(ApiGatewayEvent.getPayment(GYM.get(0)));

        assertThat(reversed.get("amount").asText()).isEqualTo("5500.00");
        assertThat(reversed.get("reversed").asBoolean()).isTrue();
        assertThat(reversed.get("reversal").get("reversalId").asText()).isEqualTo(reversalId);
        assertThat(reversed.get("reversal").get("paymentId").asText()).isEqualTo(wrong);
        assertThat(reversed.get("reversal").get("reason").asText()).isEqualTo("typed 5500 instead of 550");
        assertThat(standing.get("reversed").asBoolean()).isFalse();
        assertThat(standing.has("reversal")).isFalse();
    }

    @Test
    void another_client_cannot_see_the_reversal_or_the_payment() {
        ApiResponse response = Contract.check(QueryEndpoint.PAYMENT,
                ApiGatewayEvent.getPayment(wrong).apiKeyId(SeededLedger.GLOBEX_KEY).sendTo(query));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain(reversalId);
    }

    @Test
    void the_listing_marks_the_reversed_payment_and_each_filter_lists_its_payments() throws Exception {
        assertThat(ids(list())).containsExactly(GYM.get(2), GYM.get(1), GYM.get(0));
        assertThat(list().get("items").get(1).get("reversal").get("reversalId").asText()).isEqualTo(reversalId);
        assertThat(ids(list("reversed", "EXCLUDE"))).containsExactly(GYM.get(2), GYM.get(0));
        assertThat(ids(list("reversed", "ONLY"))).containsExactly(wrong);
        assertThat(ids(list("reversed", "INCLUDE"))).hasSize(3);
    }

    @Test
    void a_page_of_standing_payments_continues_with_standing_payments_only_and_its_cursor_is_bound_to_the_filter() throws Exception {
        JsonNode first = body(ApiGatewayEvent.listPayments().query("reversed", "EXCLUDE").query("limit", "1"));
        String cursor = first.get("nextCursor").asText();

        JsonNode second = body(ApiGatewayEvent.listPayments().query("reversed", "EXCLUDE").query("limit", "1").query("cursor", cursor));
        ApiResponse otherFilter = Contract.check(QueryEndpoint.PAYMENTS,
                ApiGatewayEvent.listPayments().query("limit", "1").query("cursor", cursor).sendTo(query));

        assertThat(ids(first)).containsExactly(GYM.get(2));
        assertThat(ids(second)).containsExactly(GYM.get(0));
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(otherFilter.statusCode()).isEqualTo(400);
        assertThat(otherFilter.body()).contains("cursor");
    }

    @Test
    void the_csv_listing_marks_the_reversed_payment_so_a_spreadsheet_can_leave_it_out() {
        ApiResponse csv = ApiGatewayEvent.listPayments().noQuery().header("Accept", "text/csv").sendTo(query);

        assertThat(csv.body().split("\r\n")[0]).endsWith(",recordedAt,reversed");
        assertThat(csv.body()).contains(wrong + ",").containsPattern(wrong + ",[^\r]*,true\r\n")
                .containsPattern(GYM.get(0) + ",[^\r]*,false\r\n");
    }

    @Test
    void an_unknown_filter_value_is_refused_naming_the_parameter() {
        ApiResponse response = Contract.check(QueryEndpoint.PAYMENTS,
                ApiGatewayEvent.listPayments().query("reversed", "exclude").sendTo(query));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"reversed\"").contains("INCLUDE, EXCLUDE, ONLY");
    }

    private static JsonNode list(String... parameter) throws Exception {
        ApiGatewayEvent event = ApiGatewayEvent.listPayments().noQuery();
        if (parameter.length == 2) {
            event.query(parameter[0], parameter[1]);
        }
        return body(event);
    }

    private static JsonNode body(ApiGatewayEvent event) throws Exception {
        ApiResponse response = Contract.check(event.resource(), event.sendTo(query));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("paymentId").asText()));
        return ids;
    }
}
