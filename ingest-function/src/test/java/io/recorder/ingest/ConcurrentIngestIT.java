package io.recorder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.LedgerEngine;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 7 §2 at the handler level: many threads released at once against one handler and dynalite;
 * the store is read afterwards. The conditional append must resolve every race.
 */
class ConcurrentIngestIT {
    private static final String TABLE = "concurrent-ingest";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-01T12:35:01Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final int THREADS = 50;

    private static LedgerEngine ledger;
    private static DynamoDbClient dynamo;
    private static ApiKeyClients directory;
    private static IngestHandler handler;

    @BeforeAll
    static void start() {
        ledger = LedgerEngine.start(TABLE);
        dynamo = ledger.dynamo();
        LedgerTable table = ledger.table();
        directory = new ApiKeyClients(table, CLOCK);
        handler = new IngestHandler(dynamo, CLOCK, TABLE, new FunctionTelemetry(MetricNames.SERVICE_INGEST), new StderrIngestEvents(new PrintStream(OutputStream.nullOutputStream())));
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    private static String newClient() {
        int n = CLIENTS.incrementAndGet();
        directory.bind("concurrent-key-" + n, new ClientId("concurrent-" + n));
        return "concurrent-key-" + n;
    }

    private static String body(int amount) {
        return "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"USD\",\"amount\":" + amount + "}";
    }

    @Test
    void fifty_threads_with_the_same_idempotency_key_record_one_event_and_get_fifty_identical_bodies() {
        String key = newClient();

        List<ApiResponse> responses = inParallel(THREADS, i -> ApiGatewayEvent.postPayment().apiKeyId(key)
                .header("Idempotency-Key", "same-key").body(body(500)).sendTo(handler));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(responses.stream().map(ApiResponse::body).distinct()).hasSize(1);
        assertThat(responses.stream().filter(r -> r.header("Idempotent-Replayed") == null)).hasSize(1);
        assertThat(stored(key)).hasSize(1);
    }

    @Test
    void fifty_threads_with_distinct_keys_record_fifty_events() throws Exception {
        String key = newClient();

        List<ApiResponse> responses = inParallel(THREADS, i -> ApiGatewayEvent.postPayment().apiKeyId(key)
                .header("Idempotency-Key", "key-" + i).body(body(500)).sendTo(handler));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(responses).allSatisfy(r -> assertThat(r.header("Idempotent-Replayed")).isNull());
        List<String> ids = new ArrayList<>();
        for (ApiResponse response : responses) {
            ids.add(JSON.readTree(response.body()).get("paymentId").asText());
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(stored(key)).extracting(item -> item.get("paymentId").s()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void fifty_threads_without_a_key_sending_the_same_content_record_one_event() {
        String key = newClient();

        List<ApiResponse> responses = inParallel(THREADS, i -> ApiGatewayEvent.postPayment().apiKeyId(key)
                // The same payment written six different ways: the normalized content is the key.
                .body(List.of(body(500), body(500).replace("500", "\"500.00\""), body(500).replace("USD", "usd"),
                        body(500).replace("12:34:56Z", "13:34:56+01:00"), body(500).replace("\"Gym\"", "\" Gym \""),
                        body(500).replace("USD", "Dollars")).get(i % 6))
                .sendTo(handler));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(responses.stream().map(ApiResponse::body).distinct()).hasSize(1);
        assertThat(stored(key)).hasSize(1);
    }

    @Test
    void racing_replays_and_reuses_of_ten_keys_store_one_event_per_key_and_refuse_exactly_the_different_bodies() throws Exception {
        String key = newClient();
        // Thread i uses key i % 10; every third request for a key carries a different amount.
        List<ApiResponse> responses = inParallel(THREADS, i -> ApiGatewayEvent.postPayment().apiKeyId(key)
                .header("Idempotency-Key", "mixed-" + (i % 10)).body(body(i % 3 == 0 ? 501 : 500)).sendTo(handler));

        Map<String, Map<String, AttributeValue>> byId = stored(key).stream()
                .collect(Collectors.toMap(item -> item.get("paymentId").s(), item -> item));
        assertThat(byId).hasSize(10);
        Map<Integer, String> winnerAmountByKey = new HashMap<>();
        for (int i = 0; i < THREADS; i++) {
            ApiResponse response = responses.get(i);
            String sentAmount = i % 3 == 0 ? "501" : "500";
            assertThat(response.statusCode()).isIn(201, 422);
            if (response.statusCode() == 201) {
                JsonNode payment = JSON.readTree(response.body());
                Map<String, AttributeValue> item = byId.get(payment.get("paymentId").asText());
                assertThat(item).as("a 201 names a stored payment").isNotNull();
                assertThat(item.get("amount").n()).isEqualTo(sentAmount);
                String previous = winnerAmountByKey.putIfAbsent(i % 10, sentAmount);
                assertThat(previous == null || previous.equals(sentAmount)).as("one winner per key").isTrue();
            } else {
                assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("/problems/idempotency-key-reused");
            }
        }
        // Every refused request carried the amount that lost the race for its key.
        for (int i = 0; i < THREADS; i++) {
            String sentAmount = i % 3 == 0 ? "501" : "500";
            String winner = winnerAmountByKey.get(i % 10);
            if (winner != null) {
                assertThat(responses.get(i).statusCode()).isEqualTo(winner.equals(sentAmount) ? 201 : 422);
            }
        }
    }

    @Test
    void two_clients_racing_with_the_same_key_get_one_event_each_and_never_see_each_other() throws Exception {
        String acme = newClient();
        String globex = newClient();

        List<ApiResponse> responses = inParallel(THREADS, i -> ApiGatewayEvent.postPayment().apiKeyId(i % 2 == 0 ? acme : globex)
                .header("Idempotency-Key", "shared-key").body(body(i % 2 == 0 ? 500 : 700)).sendTo(handler));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        for (int i = 0; i < THREADS; i++) {
            assertThat(JSON.readTree(responses.get(i).body()).get("amount").asText()).isEqualTo(i % 2 == 0 ? "500.00" : "700.00");
        }
        assertThat(stored(acme)).singleElement().satisfies(item -> assertThat(item.get("amount").n()).isEqualTo("500"));
        assertThat(stored(globex)).singleElement().satisfies(item -> assertThat(item.get("amount").n()).isEqualTo("700"));
    }

    /** The payments of the client an API key id is bound to. */
    private static List<Map<String, AttributeValue>> stored(String apiKeyId) {
        String client = apiKeyId.replace("concurrent-key-", "concurrent-");
        return dynamo.scanPaginator(r -> r.tableName(TABLE).consistentRead(true)
                        .filterExpression("clientId = :c")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(client))))
                .items().stream().filter(PaymentItems::isPayment).toList();
    }

    interface Request {
        ApiResponse send(int index) throws Exception;
    }

    /** Starts {@code count} threads, releases them together, and returns the responses in thread order. */
    static List<ApiResponse> inParallel(int count, Request request) {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiResponse>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<ApiResponse> call = () -> {
                    ready.countDown();
                    go.await();
                    return request.send(index);
                };
                futures.add(pool.submit(call));
            }
            ready.await();
            go.countDown();
            List<ApiResponse> responses = new ArrayList<>();
            for (Future<ApiResponse> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
