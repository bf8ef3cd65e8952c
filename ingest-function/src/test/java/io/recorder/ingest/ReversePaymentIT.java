package io.recorder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.dynamodb.ReversalItems;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.Dynalite;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * POST /payments/{paymentId}/reversal end to end: the real ingest handler, real API Gateway events, dynalite
 * through the real AWS SDK. Each test gets its own table, so what is stored is checked exactly.
 */
class ReversePaymentIT {
    private static final String ACME_KEY_ID = "k7q2m9x4ab"; // the fixtures' apiKeyId
    private static final String GLOBEX_KEY_ID = "g1obex0key";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-01T12:35:01Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Dynalite engine;
    private static DynamoDbClient dynamo;
    private String tableName;
    private IngestHandler handler;
    private String paymentId;

    @BeforeAll
    static void startEngine() {
        engine = Dynalite.inMemory();
        dynamo = engine.client();
    }

    @AfterAll
    static void stopEngine() {
        dynamo.close();
        engine.close();
    }

    @BeforeEach
    void aRecordedPayment() throws Exception {
        tableName = "ledger-" + UUID.randomUUID();
        LedgerTable table = new LedgerTable(dynamo, tableName);
        table.createIfMissing();
        ApiKeyClients directory = new ApiKeyClients(table, CLOCK);
        directory.bind(ACME_KEY_ID, new ClientId("acme"));
        directory.bind(GLOBEX_KEY_ID, new ClientId("globex"));
        handler = new IngestHandler(dynamo, CLOCK, tableName, new FunctionTelemetry(MetricNames.SERVICE_INGEST),
                new StderrIngestEvents(new PrintStream(OutputStream.nullOutputStream())));
        ApiResponse recorded = ApiGatewayEvent.postPayment().sendTo(handler);
        assertThat(recorded.statusCode()).isEqualTo(201);
        paymentId = JSON.readTree(recorded.body()).get("paymentId").asText();
    }

    @Test
    void a_reversal_is_appended_next_to_its_payment_and_answered_with_201() throws Exception {
        ApiResponse response = ApiGatewayEvent.postReversal(paymentId).sendTo(handler);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(response.header("Location")).isEqualTo("/payments/" + paymentId);
        assertThat(response.header("Idempotent-Replayed")).isNull();
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("reversalId").asText()).matches("rev_[0-9a-hjkmnp-tv-z]{26}");
        assertThat(body.get("paymentId").asText()).isEqualTo(paymentId);
        assertThat(body.get("reversedAt").asText()).isEqualTo("2024-08-01T12:35:01Z");
        assertThat(body.get("reason").asText()).isEqualTo("typed 5500 instead of 550");
        assertThat(stored(ReversalItems.TYPE_VALUE)).singleElement().satisfies(item -> {
            assertThat(item.get(LedgerTable.PK).s()).isEqualTo("C#acme#PAY#" + paymentId);
            assertThat(item.get(LedgerTable.SK).s()).isEqualTo(LedgerTable.REVERSAL_SK);
            assertThat(item.get("reversalId").s()).isEqualTo(body.get("reversalId").asText());
            assertThat(item.get("amount").n()).isEqualTo("500");
        });
        assertThat(stored(PaymentItems.TYPE_VALUE)).hasSize(1);
    }

    @Test
    void the_same_request_again_replays_the_same_reversal_with_the_same_body() {
        ApiResponse first = ApiGatewayEvent.postReversal(paymentId).sendTo(handler);
        ApiResponse again = ApiGatewayEvent.postReversal(paymentId).sendTo(handler);

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(stored(ReversalItems.TYPE_VALUE)).hasSize(1);
    }

    @Test
    void the_same_idempotency_key_replays_and_with_another_reason_is_refused_with_422() throws Exception {
        ApiResponse first = ApiGatewayEvent.postReversal(paymentId).header("Idempotency-Key", "rev-1").sendTo(handler);
        ApiResponse again = ApiGatewayEvent.postReversal(paymentId).header("Idempotency-Key", "rev-1").sendTo(handler);
        ApiResponse reused = ApiGatewayEvent.postReversal(paymentId).header("Idempotency-Key", "rev-1")
                .body("{\"reason\":\"something else\"}").sendTo(handler);

        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(reused.statusCode()).isEqualTo(422);
        JsonNode problem = JSON.readTree(reused.body());
        assertThat(problem.get("type").asText()).isEqualTo("/problems/idempotency-key-reused");
        assertThat(problem.get("detail").asText()).contains(JSON.readTree(first.body()).get("reversalId").asText());
        assertThat(stored(ReversalItems.TYPE_VALUE)).hasSize(1);
    }

    @Test
    void a_different_second_reversal_is_refused_with_409_naming_the_existing_one() throws Exception {
        String first = JSON.readTree(ApiGatewayEvent.postReversal(paymentId).sendTo(handler).body()).get("reversalId").asText();

        ApiResponse second = ApiGatewayEvent.postReversal(paymentId).body("{\"reason\":\"duplicate\"}").sendTo(handler);
        ApiResponse keyed = ApiGatewayEvent.postReversal(paymentId).header("Idempotency-Key", "another").body(null).sendTo(handler);

        for (ApiResponse refused : List.of(second, keyed)) {
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json; charset=utf-8");
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.get("type").asText()).isEqualTo("/problems/already-reversed");
            assertThat(problem.get("detail").asText()).contains(first).contains(paymentId);
        }
        assertThat(stored(ReversalItems.TYPE_VALUE)).singleElement()
                .satisfies(item -> assertThat(item.get("reversalId").s()).isEqualTo(first));
    }

    @Test
    void no_body_an_empty_body_and_an_empty_object_are_a_reversal_without_a_reason() throws Exception {
        ApiResponse noBody = ApiGatewayEvent.postReversal(paymentId).body(null).removeHeader("Content-Type").sendTo(handler);
        ApiResponse empty = ApiGatewayEvent.postReversal(paymentId).body("").sendTo(handler);
        ApiResponse emptyObject = ApiGatewayEvent.postReversal(paymentId).body("{}").sendTo(handler);

        assertThat(noBody.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(noBody.body()).get("reason").isNull()).isTrue();
        assertThat(empty.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(emptyObject.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void another_clients_payment_and_an_unknown_payment_get_the_same_404() throws Exception {
        ApiResponse foreign = ApiGatewayEvent.postReversal(paymentId).apiKeyId(GLOBEX_KEY_ID).requestId("r").sendTo(handler);
        String unknownId = "pay_" + "0".repeat(26);
        ApiResponse unknown = ApiGatewayEvent.postReversal(unknownId).requestId("r").sendTo(handler);

        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(foreign.body().replace(paymentId, "ID")).isEqualTo(unknown.body().replace(unknownId, "ID"));
        assertThat(stored(ReversalItems.TYPE_VALUE)).isEmpty();
    }

    @Test
    void the_replay_of_a_recording_still_works_after_its_payment_was_reversed() {
        ApiGatewayEvent.postReversal(paymentId).sendTo(handler);

        ApiResponse replay = ApiGatewayEvent.postPayment().sendTo(handler);

        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    }

    private List<Map<String, AttributeValue>> stored(String type) {
        return dynamo.scanPaginator(r -> r.tableName(tableName).consistentRead(true)
                        .filterExpression("#t = :t")
                        .expressionAttributeNames(Map.of("#t", LedgerTable.TYPE))
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(type))))
                .items().stream().toList();
    }
}
