package io.recorder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.Dynalite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import io.recorder.telemetry.lambda.LocalTelemetry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real ingest handler, fed real API Gateway events, against a real DynamoDB-compatible engine
 * (dynalite) through the real AWS SDK. Each test gets its own table.
 */
class RecordPaymentIT {
    private static final String ACME_KEY_ID = "k7q2m9x4ab"; // the fixture's apiKeyId
    private static final String GLOBEX_KEY_ID = "g1obex0key";
    private static final String PUBLISHED_EXAMPLE =
            "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"Dollars\",\"amount\":500}";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-01T12:35:01Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Dynalite engine;
    private static DynamoDbClient dynamo;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private String tableName;
    private IngestHandler handler;

    private PrintStream originalOut;

    @BeforeAll
    static void startEngine() {
        LocalTelemetry.configure(true); // JSON log lines and EMF to stdout, as in Lambda
        engine = Dynalite.inMemory();
        dynamo = engine.client();
    }

    @AfterAll
    static void stopEngine() {
        dynamo.close();
        engine.close();
    }

    @BeforeEach
    void freshTable() {
        tableName = "ledger-" + UUID.randomUUID();
        LedgerTable table = new LedgerTable(dynamo, tableName);
        table.createIfMissing();
        ApiKeyClients directory = new ApiKeyClients(table, CLOCK);
        directory.bind(ACME_KEY_ID, new ClientId("acme"));
        directory.bind(GLOBEX_KEY_ID, new ClientId("globex"));
        originalOut = System.out;
        System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8)); // what Lambda would ship to CloudWatch
        FunctionTelemetry telemetry = new FunctionTelemetry(MetricNames.SERVICE_INGEST);
        handler = new IngestHandler(dynamo, CLOCK, tableName, telemetry, new PowertoolsIngestEvents(telemetry));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
    }

    @Test
    void the_published_example_is_recorded_with_201_and_normalized_fields() throws Exception {
        ApiResponse response = ApiGatewayEvent.postPayment().sendTo(handler);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("paymentId").asText()).matches("pay_[0-9a-z]{26}");
        assertThat(response.header("Location")).isEqualTo("/payments/" + body.get("paymentId").asText());
        assertThat(body.get("paymentTimestamp").asText()).isEqualTo("2024-08-01T12:34:56Z");
        assertThat(body.get("paymentDescription").asText()).isEqualTo("Gym");
        assertThat(body.get("currency").asText()).isEqualTo("USD");
        assertThat(body.get("amount").asText()).isEqualTo("500.00");
        assertThat(body.get("recordedAt").asText()).isEqualTo("2024-08-01T12:35:01Z");
        assertThat(storedPayments()).singleElement().satisfies(item -> {
            // DynamoDB numbers are exact decimals and drop trailing zeros; the currency restores the scale on read.
            assertThat(new java.math.BigDecimal(item.get("amount").n())).isEqualByComparingTo("500.00");
            assertThat(item.get("currency").s()).isEqualTo("USD");
            assertThat(item.get("clientId").s()).isEqualTo("acme");
            assertThat(item.get(LedgerTable.PK).s()).isEqualTo("C#acme#PAY#" + body.get("paymentId").asText());
        });
    }

    @Test
    void the_published_example_gets_the_response_kept_beside_its_event() {
        ApiResponse response = ApiGatewayEvent.postPayment().sendTo(handler);

        assertThat(ApiGatewayEvent.asExpected(response)).isEqualTo(ApiGatewayEvent.expectedResponse("post-payment.json"));
    }

    @Test
    void a_retry_with_the_same_idempotency_key_returns_the_original_payment_and_records_nothing() {
        ApiResponse first = ApiGatewayEvent.postPayment().header("Idempotency-Key", "order-42").sendTo(handler);
        ApiResponse retry = ApiGatewayEvent.postPayment().header("Idempotency-Key", "order-42").requestId("retry-1").sendTo(handler);

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(storedPayments()).hasSize(1);
    }

    @Test
    void reusing_an_idempotency_key_for_a_different_payment_is_refused_with_422() throws Exception {
        ApiGatewayEvent.postPayment().header("Idempotency-Key", "order-42").sendTo(handler);
        ApiResponse reuse = ApiGatewayEvent.postPayment().header("Idempotency-Key", "order-42")
                .body(PUBLISHED_EXAMPLE.replace("500", "550")).sendTo(handler);

        assertThat(reuse.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(reuse.body()).get("type").asText()).isEqualTo("/problems/idempotency-key-reused");
        assertThat(storedPayments()).hasSize(1).allSatisfy(item -> assertThat(new java.math.BigDecimal(item.get("amount").n())).isEqualByComparingTo("500"));
    }

    @Test
    void an_identical_retry_without_a_key_is_recognised_by_its_content() {
        ApiResponse first = ApiGatewayEvent.postPayment().sendTo(handler);
        // Same payment written differently: alias vs code, number vs decimal string, offset vs Z.
        ApiResponse retry = ApiGatewayEvent.postPayment().body(
                "{\"paymentTimestamp\":\"2024-08-01T13:34:56+01:00\",\"paymentDescription\":\" Gym \",\"currency\":\"usd\",\"amount\":\"500.00\"}")
                .sendTo(handler);

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(storedPayments()).hasSize(1);
    }

    @Test
    void the_same_idempotency_key_from_two_clients_records_two_payments() {
        ApiResponse acme = ApiGatewayEvent.postPayment().header("Idempotency-Key", "k1").sendTo(handler);
        ApiResponse globex = ApiGatewayEvent.postPayment().header("Idempotency-Key", "k1").apiKeyId(GLOBEX_KEY_ID).sendTo(handler);

        assertThat(acme.statusCode()).isEqualTo(201);
        assertThat(globex.statusCode()).isEqualTo(201);
        assertThat(globex.header("Idempotent-Replayed")).isNull();
        assertThat(storedPayments()).extracting(item -> item.get("clientId").s()).containsExactlyInAnyOrder("acme", "globex");
    }

    @Test
    void an_api_key_not_bound_to_a_client_is_forbidden_and_nothing_is_stored() {
        ApiResponse response = ApiGatewayEvent.postPayment().apiKeyId("unbound123").sendTo(handler);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(storedPayments()).isEmpty();
    }

    @Test
    void a_missing_body_is_400_whatever_the_content_type() throws Exception {
        for (String contentType : List.of("application/json", "text/plain")) {
            ApiResponse response = ApiGatewayEvent.postPayment().body(null).header("Content-Type", contentType).sendTo(handler);
            assertThat(response.statusCode()).as(contentType).isEqualTo(400);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json; charset=utf-8");
            assertThat(JSON.readTree(response.body()).get("requestId").asText()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        }
        assertThat(storedPayments()).isEmpty();
    }

    @Test
    void unparseable_json_is_400_and_a_non_json_content_type_is_415() {
        assertThat(ApiGatewayEvent.postPayment().body("{\"amount\":500").sendTo(handler).statusCode()).isEqualTo(400);
        assertThat(ApiGatewayEvent.postPayment().body(PUBLISHED_EXAMPLE + "x").sendTo(handler).statusCode()).isEqualTo(400);
        assertThat(ApiGatewayEvent.postPayment().body("{\"amount\":1,\"amount\":2}").sendTo(handler).statusCode()).isEqualTo(400);
        assertThat(ApiGatewayEvent.postPayment().header("Content-Type", "application/x-www-form-urlencoded").sendTo(handler).statusCode())
                .isEqualTo(415);
        assertThat(storedPayments()).isEmpty();
    }

    @Test
    void an_invalid_payment_is_422_naming_every_offending_field_and_stores_nothing() throws Exception {
        ApiResponse response = ApiGatewayEvent.postPayment()
                .body("{\"paymentTimestamp\":\"2024-08-01T12:34:56\",\"paymentDescription\":\"\",\"currency\":\"ABC\",\"amount\":-1,\"note\":\"x\"}")
                .sendTo(handler);

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("/problems/validation-failed");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> {
            fields.add(error.get("field").asText());
            assertThat(error.get("detail").asText()).isNotBlank();
        });
        assertThat(fields).containsExactlyInAnyOrder("paymentTimestamp", "paymentDescription", "currency", "amount", "note");
        assertThat(storedPayments()).isEmpty();
    }

    @Test
    void twenty_parallel_identical_requests_with_one_key_record_exactly_one_payment() throws Exception {
        List<ApiResponse> responses = inParallel(20, i -> ApiGatewayEvent.postPayment().header("Idempotency-Key", "same").sendTo(handler));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(responses.stream().map(ApiResponse::body).collect(Collectors.toSet())).hasSize(1);
        assertThat(responses.stream().filter(r -> r.header("Idempotent-Replayed") == null)).hasSize(1);
        assertThat(storedPayments()).hasSize(1);
    }

    @Test
    void fifty_parallel_requests_with_distinct_keys_record_fifty_payments() throws Exception {
        List<ApiResponse> responses = inParallel(50, i -> ApiGatewayEvent.postPayment().header("Idempotency-Key", "key-" + i).sendTo(handler));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(storedPayments()).hasSize(50);
    }

    @Test
    void an_unreachable_store_answers_503_with_retry_after_and_a_retry_then_records_once() throws Exception {
        DynamoDbClient unreachable = DynamoDbClients.local(URI.create("http://127.0.0.1:1"));
        FunctionTelemetry telemetry = new FunctionTelemetry(MetricNames.SERVICE_INGEST);
        IngestHandler cutOff = new IngestHandler(unreachable, CLOCK, tableName, telemetry, new PowertoolsIngestEvents(telemetry));

        ApiResponse failed = ApiGatewayEvent.postPayment().header("Idempotency-Key", "k").sendTo(cutOff);
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.header("Retry-After")).isEqualTo("1");
        assertThat(JSON.readTree(failed.body()).get("detail").asText()).doesNotContain("127.0.0.1");

        ApiResponse retried = ApiGatewayEvent.postPayment().header("Idempotency-Key", "k").sendTo(handler);
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(storedPayments()).hasSize(1);
    }

    @Test
    void the_api_key_value_never_appears_in_logs_or_responses() {
        ApiResponse ok = ApiGatewayEvent.postPayment().sendTo(handler);
        ApiResponse bad = ApiGatewayEvent.postPayment().body("{\"amount\":\"CANARY-API-KEY-VALUE-0123456789abcdef\"}").sendTo(handler);

        String everything = logs.toString(StandardCharsets.UTF_8) + ok.body() + bad.body();
        assertThat(everything).doesNotContain("CANARY-API-KEY-VALUE");
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("\"outcome\":\"recorded\"").doesNotContain("Gym").doesNotContain("500");
    }

    private List<Map<String, AttributeValue>> storedPayments() {
        return dynamo.scanPaginator(r -> r.tableName(tableName).consistentRead(true)).items().stream()
                .filter(PaymentItems::isPayment)
                .collect(Collectors.toList());
    }

    interface Request {
        ApiResponse send(int index) throws Exception;
    }

    private static List<ApiResponse> inParallel(int count, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<ApiResponse>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<ApiResponse> call = () -> {
                    start.await();
                    return request.send(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<ApiResponse> responses = new ArrayList<>();
            for (Future<ApiResponse> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
