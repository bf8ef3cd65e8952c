package io.recorder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.Dynalite;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import io.recorder.telemetry.lambda.LocalLambdaContext;
import io.recorder.telemetry.lambda.LocalTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What an SRE gets in CloudWatch from the ingest function: structured JSON log lines with the keys
 * the runbook's queries use, EMF metric blobs of the right shape and names, and no client secrets
 * or client data.
 */
class IngestTelemetryIT {
    private static final String CANARY_DESCRIPTION = "Canary-Description-7f3a9";
    private static final String CANARY_KEY_VALUE = "CANARY-API-KEY-VALUE-0123456789abcdef"; // in the fixture
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the runtime passes: Powertools adds its fields to the log lines from it. */
    private static final LocalLambdaContext LAMBDA_CONTEXT = new LocalLambdaContext("payments-ingest", "lambda-telemetry-it");
    private static final List<JsonNode> logLines = new ArrayList<>();
    private static final List<JsonNode> metricBlobs = new ArrayList<>();
    private static String captured;

    @BeforeAll
    static void recordSomeTraffic() throws Exception {
        LocalTelemetry.configure(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (Dynalite engine = Dynalite.inMemory(); DynamoDbClient dynamo = engine.client()) {
            String table = "ledger-" + UUID.randomUUID();
            new LedgerTable(dynamo, table).createIfMissing();
            new ApiKeyClients(new LedgerTable(dynamo, table), Clock.systemUTC()).bind("k7q2m9x4ab", new ClientId("acme"));
            FunctionTelemetry telemetry = new FunctionTelemetry(MetricNames.SERVICE_INGEST);
            IngestHandler handler = new IngestHandler(dynamo, Clock.systemUTC(), table, telemetry, new PowertoolsIngestEvents(telemetry));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            String body = "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"" + CANARY_DESCRIPTION
                    + "\",\"currency\":\"USD\",\"amount\":\"123.45\"}";
            ApiGatewayEvent.postPayment().body(body).header("Idempotency-Key", "t-1").sendTo(handler, LAMBDA_CONTEXT);      // recorded
            ApiGatewayEvent.postPayment().body(body).header("Idempotency-Key", "t-1").sendTo(handler, LAMBDA_CONTEXT);      // replayed
            ApiGatewayEvent.postPayment().body(body.replace("123.45", "9")).header("Idempotency-Key", "t-1").sendTo(handler, LAMBDA_CONTEXT); // key reused
            ApiGatewayEvent.postPayment().body("{\"amount\":\"x\",\"bogus\":1}").sendTo(handler, LAMBDA_CONTEXT);            // rejected
            ApiGatewayEvent.postPayment().body("{").sendTo(handler, LAMBDA_CONTEXT);                                         // malformed
            ApiGatewayEvent.postPayment().apiKeyId("unbound").sendTo(handler, LAMBDA_CONTEXT);                               // forbidden
        } finally {
            System.setOut(original);
        }
        captured = out.toString(StandardCharsets.UTF_8);
        for (String line : captured.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line); // every line must be JSON: throws otherwise
            (node.has("_aws") ? metricBlobs : logLines).add(node);
        }
    }

    @AfterAll
    static void showSample() {
        System.out.println("sample log line: " + logLines.get(0));
        System.out.println("sample EMF blob: " + metricBlobs.get(0));
    }

    @Test
    void every_log_line_carries_the_keys_the_runbook_queries_use() {
        assertThat(logLines).hasSizeGreaterThanOrEqualTo(6);
        for (JsonNode line : logLines) {
            assertThat(line.fieldNames()).toIterable().as(line.toString()).contains(
                    "level", "timestamp", "service", "message", "function_name", "function_version", "cold_start",
                    "function_request_id", "api_gateway_request_id", "outcome");
            assertThat(line.get("service").asText()).isEqualTo(MetricNames.SERVICE_INGEST);
        }
        Set<String> outcomes = new HashSet<>();
        logLines.forEach(line -> outcomes.add(line.get("outcome").asText()));
        assertThat(outcomes).contains("recorded", "replayed", "key_reused", "rejected", "malformed", "forbidden");
        assertThat(logLines).filteredOn(l -> l.get("outcome").asText().equals("recorded"))
                .allSatisfy(l -> assertThat(l.fieldNames()).toIterable().contains("client_id", "payment_id", "series_id"));
    }

    @Test
    void metric_blobs_follow_the_embedded_metric_format() {
        assertThat(metricBlobs).isNotEmpty();
        for (JsonNode blob : metricBlobs) {
            JsonNode aws = blob.get("_aws");
            assertThat(aws.get("Timestamp").isIntegralNumber()).isTrue();
            assertThat(aws.get("CloudWatchMetrics").isArray()).isTrue();
            for (JsonNode directive : aws.get("CloudWatchMetrics")) {
                assertThat(directive.get("Namespace").asText()).isEqualTo(MetricNames.NAMESPACE);
                assertThat(directive.get("Dimensions").isArray()).isTrue();
                for (JsonNode dimensionSet : directive.get("Dimensions")) {
                    assertThat(dimensionSet.size()).isBetween(1, 30);
                    dimensionSet.forEach(dimension -> assertThat(blob.get(dimension.asText()).isTextual()).isTrue());
                    assertThat(dimensionSet.toString()).doesNotContain("client");
                }
                for (JsonNode metric : directive.get("Metrics")) {
                    String name = metric.get("Name").asText();
                    assertThat(MetricNames.ALL).contains(name);
                    assertThat(blob.get(name).isNumber()).isTrue();
                }
            }
        }
    }

    @Test
    void outcomes_are_counted_under_the_shared_metric_names() {
        Set<String> names = new HashSet<>();
        metricBlobs.forEach(blob -> blob.get("_aws").get("CloudWatchMetrics").forEach(d -> d.get("Metrics").forEach(m -> names.add(m.get("Name").asText()))));
        assertThat(names).contains(MetricNames.PAYMENTS_RECORDED, MetricNames.IDEMPOTENT_REPLAYS,
                MetricNames.IDEMPOTENCY_KEY_REUSED, MetricNames.VALIDATION_REJECTED);
        // A client-invented field name never becomes a dimension value.
        assertThat(metricBlobs).noneSatisfy(blob -> assertThat(blob.path("field").asText()).isEqualTo("bogus"));
    }

    @Test
    void neither_the_api_key_value_nor_client_data_reaches_the_logs() {
        assertThat(captured).doesNotContain(CANARY_KEY_VALUE).doesNotContain(CANARY_DESCRIPTION).doesNotContain("123.45");
    }
}
