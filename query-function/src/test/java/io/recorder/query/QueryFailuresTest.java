package io.recorder.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * What a client gets when the store fails: 503 with Retry-After for what a retry can fix, 500 with
 * nothing but a request id for the rest; and what the logs and metrics say about it.
 */
class QueryFailuresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-12-20T10:00:00Z"), ZoneOffset.UTC);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @Test
    void an_unreachable_store_is_503_with_retry_after() throws Exception {
        try (DynamoDbClient unreachable = DynamoDbClients.local(URI.create("http://127.0.0.1:9"))) {
            ApiResponse response = Contract.check(QueryEndpoint.PAYMENTS, ApiGatewayEvent.listPayments().sendTo(handler(unreachable)));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("1");
            assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("/problems/store-unavailable");
        }
    }

    @Test
    void throttling_during_a_read_is_503_and_counted_as_store_throttled() throws Exception {
        DynamoDbClient throttled = new BoundKeyStore(() -> {
            throw (ProvisionedThroughputExceededException) ProvisionedThroughputExceededException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                    .message("Rate of requests exceeds the allowed throughput").build();
        });

        ApiResponse response = Contract.check(QueryEndpoint.PAYMENTS, ApiGatewayEvent.listPayments().sendTo(handler(throttled)));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("1");
        JsonNode line = JSON.readTree(logs.toString(StandardCharsets.UTF_8).strip());
        assertThat(line.get("StoreThrottled").asInt()).isEqualTo(1);
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("RecurringPayments");
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo("StoreThrottled");
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(CLOCK.millis());
    }

    @Test
    void any_other_store_failure_is_500_with_a_request_id_and_nothing_leaked() throws Exception {
        DynamoDbClient misconfigured = new BoundKeyStore(() -> {
            throw ResourceNotFoundException.builder().statusCode(400).message("Requested resource not found: Table: secret-table-name").build();
        });

        ApiResponse response = Contract.check(QueryEndpoint.PAYMENTS, ApiGatewayEvent.listPayments().sendTo(handler(misconfigured)));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body()).get("requestId").asText()).isEqualTo("7f2b1c44-8c3e-4a51-9e0d-2a1b3c4d5e6f");
        assertThat(response.body()).doesNotContain("secret-table-name", "ResourceNotFound", "Exception");
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("internal_error").doesNotContain("CANARY-API-KEY-VALUE");
    }

    @Test
    void an_answered_request_is_logged_with_a_read_requests_count_and_no_query_values() throws Exception {
        DynamoDbClient empty = new BoundKeyStore(() -> QueryResponse.builder().build());

        ApiResponse response = ApiGatewayEvent.listPayments().query("from", "2024-01-01T00:00:00Z").sendTo(handler(empty));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode line = JSON.readTree(logs.toString(StandardCharsets.UTF_8).strip());
        assertThat(line.get("operation").asText()).isEqualTo("GET /payments");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("ReadRequests").asInt()).isEqualTo(1);
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions/0/0").asText()).isEqualTo("service");
        assertThat(line.get("service").asText()).isEqualTo("payments-query");
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("2024-01-01", "CANARY-API-KEY-VALUE");
    }

    @Test
    void a_route_this_function_does_not_serve_is_a_404_problem() throws Exception {
        DynamoDbClient empty = new BoundKeyStore(() -> QueryResponse.builder().build());

        ApiResponse response = ApiGatewayEvent.postPayment().sendTo(handler(empty));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("/problems/not-found");
    }

    private QueryHandler handler(DynamoDbClient dynamo) {
        return new QueryHandler(dynamo, CLOCK, "ledger", new FunctionTelemetry(MetricNames.SERVICE_QUERY), new StderrQueryEvents(new PrintStream(logs, true, StandardCharsets.UTF_8), CLOCK));
    }

    /** A store that knows the fixture's API key (bound to acme) and answers every Query with {@code query}. */
    private static final class BoundKeyStore implements DynamoDbClient {
        private final Supplier<QueryResponse> query;

        BoundKeyStore(Supplier<QueryResponse> query) {
            this.query = query;
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            if (request.key().get(LedgerTable.PK).s().equals(LedgerTable.apiKeyPk(SeededLedger.ACME_KEY))) {
                return GetItemResponse.builder().item(Map.of("clientId", AttributeValue.fromS("acme"))).build();
            }
            return GetItemResponse.builder().build();
        }

        @Override
        public QueryResponse query(QueryRequest request) {
            return query.get();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }
}
