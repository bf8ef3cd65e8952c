package io.recorder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import io.recorder.ingest.StoreFaults.Kind;
import io.recorder.ingest.StoreFaults.Position;
import io.recorder.ingest.StoreFaults.Target;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.LedgerEngine;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 7 §4 for POST /payments at the handler level: clients never collide or reach each other's
 * payments through idempotency keys or content, the API key value never leaves the request, every
 * error carries the request id, and every answer has the headers an API with personal data needs.
 */
class IngestSecurityIT {
    private static final String TABLE = "ingest-security";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-01T12:35:01Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CANARY = "CANARY-API-KEY-VALUE";
    private static final String ACME = "sec-acme-key";
    private static final String GLOBEX = "sec-globex-key";
    private static final String EXAMPLE =
            "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"USD\",\"amount\":500}";

    private static LedgerEngine ledger;
    private static DynamoDbClient dynamo;
    private static IngestHandler handler;
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        ledger = LedgerEngine.start(TABLE);
        dynamo = ledger.dynamo();
        LedgerTable table = ledger.table();
        ApiKeyClients directory = new ApiKeyClients(table, CLOCK);
        directory.bind(ACME, new ClientId("sec-acme"));
        directory.bind(GLOBEX, new ClientId("sec-globex"));
        handler = new IngestHandler(dynamo, CLOCK, TABLE, new FunctionTelemetry(MetricNames.SERVICE_INGEST), new StderrIngestEvents(new PrintStream(LOGS, true, StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @Test
    void another_client_using_the_same_key_and_body_gets_its_own_payment_not_a_replay() throws Exception {
        ApiResponse acme = post(ACME, "iso-1", EXAMPLE);
        ApiResponse globex = post(GLOBEX, "iso-1", EXAMPLE);

        assertThat(globex.statusCode()).isEqualTo(201);
        assertThat(globex.header("Idempotent-Replayed")).isNull();
        assertThat(id(globex)).isNotEqualTo(id(acme));
        assertThat(stored("sec-acme")).extracting(i -> i.get("paymentId").s()).contains(id(acme)).doesNotContain(id(globex));
        assertThat(stored("sec-globex")).extracting(i -> i.get("paymentId").s()).contains(id(globex)).doesNotContain(id(acme));
    }

    @Test
    void another_client_reusing_a_key_for_a_different_body_is_not_told_the_key_exists_elsewhere() throws Exception {
        post(ACME, "iso-2", EXAMPLE);

        ApiResponse globex = post(GLOBEX, "iso-2", EXAMPLE.replace("500", "999"));

        // A 422 idempotency-key-reused here would leak that another client used this key.
        assertThat(globex.statusCode()).isEqualTo(201);
        assertThat(globex.body()).doesNotContain(stored("sec-acme").get(0).get("paymentId").s());
    }

    @Test
    void identical_content_without_keys_from_two_clients_is_two_payments() throws Exception {
        String body = EXAMPLE.replace("Gym", "Content isolation");
        ApiResponse acme = post(ACME, null, body);
        ApiResponse globex = post(GLOBEX, null, body);

        assertThat(globex.statusCode()).isEqualTo(201);
        assertThat(globex.header("Idempotent-Replayed")).isNull();
        assertThat(id(globex)).isNotEqualTo(id(acme));
        assertThat(JSON.readTree(globex.body()).get("seriesId").asText()).isNotEqualTo(JSON.readTree(acme.body()).get("seriesId").asText());
    }

    @Test
    void a_client_cannot_claim_another_clients_payment_id_or_client_id_through_the_body() throws Exception {
        ApiResponse acme = post(ACME, "iso-3", EXAMPLE);
        String smuggled = EXAMPLE.replace("}", ",\"paymentId\":\"" + id(acme) + "\",\"clientId\":\"sec-acme\"}");

        ApiResponse globex = post(GLOBEX, "iso-3b", smuggled);

        assertThat(globex.statusCode()).isEqualTo(422);
        assertThat(problemFields(globex)).contains("paymentId", "clientId");
        assertThat(stored("sec-acme")).filteredOn(i -> i.get("paymentId").s().equals(id(acme))).singleElement()
                .satisfies(i -> assertThat(i.get("clientId").s()).isEqualTo("sec-acme"));
    }

    @Test
    void the_api_key_value_never_appears_in_any_answer_or_log_line_whatever_the_outcome() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StoreFaults faults = new StoreFaults();
        List<ApiResponse> responses = new ArrayList<>();
        try (DynamoDbClient faulty = faults.client(ledger.endpoint())) {
            PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            IngestHandler faultyHandler = new IngestHandler(faulty, CLOCK, TABLE, new FunctionTelemetry(MetricNames.SERVICE_INGEST), new StderrIngestEvents(capture));
            // The fixture carries the canary as x-api-key and identity.apiKey, as API Gateway sends it.
            responses.add(ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Idempotency-Key", "canary-1").sendTo(faultyHandler)); // 201
            responses.add(ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Idempotency-Key", "canary-1").sendTo(faultyHandler)); // replay
            responses.add(ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Idempotency-Key", "canary-1")
                    .body(EXAMPLE.replace("500", "1")).sendTo(faultyHandler)); // 422 reuse
            responses.add(ApiGatewayEvent.postPayment().apiKeyId(ACME).body("{\"amount\":\"" + CANARY + "\"}").sendTo(faultyHandler)); // 422
            responses.add(ApiGatewayEvent.postPayment().apiKeyId(ACME).body("{").sendTo(faultyHandler)); // 400
            responses.add(ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Idempotency-Key", CANARY + " x").sendTo(faultyHandler)); // 400
            responses.add(ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Content-Type", "text/plain").sendTo(faultyHandler)); // 415
            responses.add(ApiGatewayEvent.postPayment().apiKeyId("not-bound").sendTo(faultyHandler)); // 403
            faults.arm(Target.PAYMENT_PUT, Kind.THROTTLED, Position.BEFORE_WRITE);
            responses.add(ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Idempotency-Key", "canary-2").sendTo(faultyHandler)); // 503
            faults.arm(Target.PAYMENT_PUT, Kind.VALIDATION_BUG, Position.BEFORE_WRITE);
            responses.add(ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Idempotency-Key", "canary-3").sendTo(faultyHandler)); // 500
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        assertThat(responses).extracting(ApiResponse::statusCode).containsExactly(201, 201, 422, 422, 400, 400, 415, 403, 503, 500);
        for (ApiResponse response : responses) {
            assertThat(response.body()).doesNotContain(CANARY);
            response.headers().forEach((name, value) -> assertThat(value).doesNotContain(CANARY));
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain(CANARY).contains("internal_error");
        assertThat(LOGS.toString(StandardCharsets.UTF_8)).doesNotContain(CANARY);
    }

    @Test
    void every_error_carries_the_request_id_and_a_500_leaks_no_internals() throws Exception {
        StoreFaults faults = new StoreFaults();
        try (DynamoDbClient faulty = faults.client(ledger.endpoint())) {
            IngestHandler faultyHandler = new IngestHandler(faulty, CLOCK, TABLE, new FunctionTelemetry(MetricNames.SERVICE_INGEST), new StderrIngestEvents(new PrintStream(LOGS, true, StandardCharsets.UTF_8)));
            List<ApiGatewayEvent> errors = new ArrayList<>(List.of(
                    ApiGatewayEvent.postPayment().apiKeyId(ACME).body("{"),
                    ApiGatewayEvent.postPayment().apiKeyId(ACME).body(null),
                    ApiGatewayEvent.postPayment().apiKeyId(ACME).body("[]"),
                    ApiGatewayEvent.postPayment().apiKeyId(ACME).body("{}"),
                    ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Idempotency-Key", ""),
                    ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Content-Type", "text/plain"),
                    ApiGatewayEvent.postPayment().apiKeyId("unbound")));
            int n = 0;
            for (ApiGatewayEvent event : errors) {
                assertRequestId(event.requestId("rid-" + n).sendTo(faultyHandler), "rid-" + n++);
            }
            post(ACME, "rid-reuse", EXAMPLE);
            assertRequestId(ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Idempotency-Key", "rid-reuse").body(EXAMPLE.replace("500", "2"))
                    .requestId("rid-422").sendTo(faultyHandler), "rid-422");
            faults.arm(Target.PAYMENT_PUT, Kind.THROTTLED, Position.BEFORE_WRITE);
            assertRequestId(ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Idempotency-Key", "rid-503").requestId("rid-503")
                    .sendTo(faultyHandler), "rid-503");
            faults.arm(Target.PAYMENT_PUT, Kind.VALIDATION_BUG, Position.BEFORE_WRITE);
            ApiResponse bug = ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Idempotency-Key", "rid-500").requestId("rid-500")
                    .sendTo(faultyHandler);
            assertRequestId(bug, "rid-500");
            assertThat(bug.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(bug.body()).get("type").asText()).isEqualTo("/problems/internal-error");
            assertThat(bug.body()).doesNotContain("Exception").doesNotContain("ValidationException").doesNotContain("injected")
                    .doesNotContain("127.0.0.1").doesNotContain("at io.recorder");
        }
    }

    @Test
    void every_answer_has_json_with_charset_no_store_and_nosniff() {
        List<ApiResponse> responses = List.of(
                post(ACME, "hdr-1", EXAMPLE),
                post(ACME, "hdr-1", EXAMPLE),
                post(ACME, null, "{"),
                post(ACME, null, "{}"),
                ApiGatewayEvent.postPayment().apiKeyId(ACME).header("Content-Type", "text/plain").sendTo(handler),
                ApiGatewayEvent.postPayment().apiKeyId("unbound").sendTo(handler));

        for (ApiResponse response : responses) {
            assertThat(response.header("Content-Type")).matches("application/(problem\\+)?json; charset=utf-8");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Server")).isNull();
        }
    }

    private static void assertRequestId(ApiResponse response, String requestId) throws Exception {
        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("requestId").asText()).as(response.body()).isEqualTo(requestId);
    }

    private static ApiResponse post(String apiKeyId, String idempotencyKey, String body) {
        ApiGatewayEvent event = ApiGatewayEvent.postPayment().apiKeyId(apiKeyId).body(body);
        if (idempotencyKey != null) {
            event.header("Idempotency-Key", idempotencyKey);
        }
        return event.sendTo(handler);
    }

    private static String id(ApiResponse response) {
        try {
            return JSON.readTree(response.body()).get("paymentId").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> problemFields(ApiResponse response) throws Exception {
        List<String> fields = new ArrayList<>();
        for (JsonNode error : JSON.readTree(response.body()).path("errors")) {
            fields.add(error.get("field").asText());
        }
        return fields;
    }

    private static List<Map<String, AttributeValue>> stored(String client) {
        return dynamo.scanPaginator(r -> r.tableName(TABLE).consistentRead(true)
                        .filterExpression("clientId = :c")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(client))))
                .items().stream().filter(PaymentItems::isPayment).toList();
    }
}
