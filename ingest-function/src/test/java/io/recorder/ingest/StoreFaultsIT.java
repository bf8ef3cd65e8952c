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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 7 §3 at the handler level: store faults injected through an SDK interceptor on the very
 * DynamoDbClient the handler uses, before the write reaches dynalite and after it landed. The client
 * always gets 503 with Retry-After (never a 500), and retrying with the same key records exactly once:
 * nothing lost, nothing duplicated, in every fault position.
 */
class StoreFaultsIT {
    private static final String TABLE = "store-faults";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-01T12:35:01Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private static LedgerEngine ledger;
    private static DynamoDbClient dynamo;
    private static ApiKeyClients directory;
    private final StoreFaults faults = new StoreFaults();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private DynamoDbClient faulty;
    private IngestHandler handler;
    private String apiKeyId;
    private ClientId client;

    @BeforeAll
    static void start() {
        ledger = LedgerEngine.start(TABLE);
        dynamo = ledger.dynamo();
        LedgerTable table = ledger.table();
        directory = new ApiKeyClients(table, CLOCK);
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void freshClientAndHandler() {
        int n = CLIENTS.incrementAndGet();
        apiKeyId = "faults-key-" + n;
        client = new ClientId("faults-" + n);
        directory.bind(apiKeyId, client);
        faulty = faults.client(ledger.endpoint());
        handler = new IngestHandler(faulty, CLOCK, TABLE, new FunctionTelemetry(MetricNames.SERVICE_INGEST), new StderrIngestEvents(new PrintStream(logs, true, StandardCharsets.UTF_8)));
    }

    @AfterEach
    void closeClient() {
        faulty.close();
    }

    static Stream<Arguments> persistentFaults() {
        List<Arguments> all = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (kind == Kind.VALIDATION_BUG) {
                continue;
            }
            all.add(Arguments.of(kind, Position.BEFORE_WRITE, true));
            all.add(Arguments.of(kind, Position.AFTER_WRITE, true));
        }
        all.add(Arguments.of(Kind.CONNECTION_RESET, Position.RESPONSE_LOST, true));
        // Without an Idempotency-Key the content is the key: the same guarantees must hold.
        all.add(Arguments.of(Kind.THROTTLED, Position.BEFORE_WRITE, false));
        all.add(Arguments.of(Kind.INTERNAL_ERROR, Position.AFTER_WRITE, false));
        all.add(Arguments.of(Kind.CONNECTION_RESET, Position.RESPONSE_LOST, false));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}, idempotency key: {2}")
    @MethodSource("persistentFaults")
    void a_store_fault_answers_503_with_retry_after_and_the_retry_records_exactly_once(Kind kind, Position position, boolean withKey)
            throws Exception {
        faults.arm(Target.PAYMENT_PUT, kind, position);

        ApiResponse failed = post(withKey);

        assertUnavailable(failed);
        assertThat(faults.injected()).isPositive();
        // The fault position decides whether the first attempt landed; either way, no more than one.
        assertThat(storedPayments()).hasSize(position == Position.BEFORE_WRITE ? 0 : 1);

        faults.disarm();
        ApiResponse retried = post(withKey);
        ApiResponse again = post(withKey);

        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo(position == Position.BEFORE_WRITE ? null : "true");
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(retried.body());
        String paymentId = JSON.readTree(retried.body()).get("paymentId").asText();
        assertThat(storedPayments()).singleElement().satisfies(item -> assertThat(item.get("paymentId").s()).isEqualTo(paymentId));
    }

    static Stream<Arguments> transientFaults() {
        return Stream.of(
                Arguments.of(Kind.THROTTLED, Position.BEFORE_WRITE),
                Arguments.of(Kind.INTERNAL_ERROR, Position.BEFORE_WRITE),
                Arguments.of(Kind.CONNECTION_RESET, Position.BEFORE_WRITE),
                Arguments.of(Kind.TIMEOUT, Position.BEFORE_WRITE),
                Arguments.of(Kind.THROTTLED, Position.AFTER_WRITE),
                Arguments.of(Kind.INTERNAL_ERROR, Position.AFTER_WRITE),
                Arguments.of(Kind.SERVICE_UNAVAILABLE, Position.AFTER_WRITE),
                Arguments.of(Kind.CONNECTION_RESET, Position.AFTER_WRITE),
                Arguments.of(Kind.TIMEOUT, Position.AFTER_WRITE));
    }

    @ParameterizedTest(name = "{0} {1} once")
    @MethodSource("transientFaults")
    void a_fault_healed_by_the_sdk_retry_records_exactly_once_and_answers_the_payment(Kind kind, Position position) throws Exception {
        faults.arm(Target.PAYMENT_PUT, kind, position, 1);

        ApiResponse response = post(true);

        assertThat(faults.injected()).isEqualTo(1);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        // After the write the SDK's own retry meets the stored event: answered as a replay, same payment.
        assertThat(response.header("Idempotent-Replayed")).isEqualTo(position == Position.AFTER_WRITE ? "true" : null);
        String paymentId = JSON.readTree(response.body()).get("paymentId").asText();
        assertThat(storedPayments()).singleElement().satisfies(item -> assertThat(item.get("paymentId").s()).isEqualTo(paymentId));
        assertThat(post(true).body()).isEqualTo(response.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void a_failing_api_key_lookup_is_503_not_403_and_stores_nothing(Kind kind) throws Exception {
        faults.arm(Target.API_KEY_GET, kind, Position.BEFORE_WRITE);

        ApiResponse failed = post(true);

        assertUnavailable(failed);
        assertThat(storedPayments()).isEmpty();
        faults.disarm();
        assertThat(post(true).statusCode()).isEqualTo(201);
        assertThat(storedPayments()).hasSize(1);
    }

    static Stream<Kind> kinds() {
        return Stream.of(Kind.THROTTLED, Kind.INTERNAL_ERROR, Kind.CONNECTION_RESET);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void a_failing_read_of_the_stored_event_during_a_replay_is_503_and_the_next_retry_replays(Kind kind) throws Exception {
        ApiResponse first = post(true);
        assertThat(first.statusCode()).isEqualTo(201);
        // dynalite ignores ReturnValuesOnConditionCheckFailure, so a replay reads the event with GetItem.
        faults.arm(Target.PAYMENT_GET, kind, Position.BEFORE_WRITE);

        ApiResponse failed = post(true);

        assertUnavailable(failed);
        faults.disarm();
        ApiResponse replay = post(true);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(storedPayments()).hasSize(1);
    }

    @Test
    void a_key_reused_for_a_different_payment_after_a_lost_response_is_still_refused() throws Exception {
        faults.arm(Target.PAYMENT_PUT, Kind.CONNECTION_RESET, Position.RESPONSE_LOST);
        assertUnavailable(post(true));
        faults.disarm();

        ApiResponse other = send(ApiGatewayEvent.postPayment().apiKeyId(apiKeyId).header("Idempotency-Key", "fault-key")
                .body("{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"USD\",\"amount\":501}"));

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(other.body()).get("type").asText()).isEqualTo("/problems/idempotency-key-reused");
        assertThat(storedPayments()).singleElement().satisfies(item -> assertThat(item.get("amount").n()).isEqualTo("500"));
    }

    @Test
    void store_fault_logs_and_answers_name_no_internals() throws Exception {
        faults.arm(Target.PAYMENT_PUT, Kind.INTERNAL_ERROR, Position.BEFORE_WRITE);

        ApiResponse failed = post(true);

        assertUnavailable(failed);
        assertThat(failed.body()).doesNotContain("127.0.0.1").doesNotContain("Exception").doesNotContain("injected")
                .doesNotContain("DynamoDb").doesNotContain("fault-key");
        String log = logs.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("\"outcome\":\"store_unavailable\"").doesNotContain("CANARY-API-KEY-VALUE");
    }

    private ApiResponse post(boolean withKey) {
        ApiGatewayEvent event = ApiGatewayEvent.postPayment().apiKeyId(apiKeyId).requestId("fault-req-" + CLIENTS.get());
        if (withKey) {
            event.header("Idempotency-Key", "fault-key");
        }
        return send(event);
    }

    private ApiResponse send(ApiGatewayEvent event) {
        return event.sendTo(handler);
    }

    private static void assertUnavailable(ApiResponse response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("1");
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json; charset=utf-8");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("/problems/store-unavailable");
        assertThat(problem.get("requestId").asText()).startsWith("fault-req-");
    }

    private List<Map<String, AttributeValue>> storedPayments() {
        return dynamo.scanPaginator(r -> r.tableName(TABLE).consistentRead(true)
                        .filterExpression("clientId = :c")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(client.value()))))
                .items().stream().filter(PaymentItems::isPayment).toList();
    }
}
