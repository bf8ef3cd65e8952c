package io.recorder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.Dynalite;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import io.recorder.telemetry.lambda.LocalTelemetry;
import io.recorder.telemetry.lambda.Tracing;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** With tracing on, one invocation is one trace: parse, record, and each DynamoDB call as child spans. */
class IngestTracingIT {

    @Test
    void a_recorded_payment_produces_spans_for_each_step_and_dynamodb_call_with_outcome_annotations() {
        LocalTelemetry.configure(true);
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        Tracing tracing = Tracing.exportingTo(exporter, MetricNames.SERVICE_INGEST);
        FunctionTelemetry telemetry = new FunctionTelemetry(MetricNames.SERVICE_INGEST, tracing);
        try (Dynalite engine = Dynalite.inMemory();
             DynamoDbClient dynamo = DynamoDbClients.build("us-east-1", engine.endpoint(),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), tracing.sdkInterceptors())) {
            String table = "ledger-" + UUID.randomUUID();
            new LedgerTable(dynamo, table).createIfMissing();
            new ApiKeyClients(new LedgerTable(dynamo, table), Clock.systemUTC()).bind("k7q2m9x4ab", new ClientId("acme"));
            exporter.reset();

            ApiGatewayEvent.postPayment().sendTo(new IngestHandler(dynamo, Clock.systemUTC(), table, telemetry, new PowertoolsIngestEvents(telemetry)));
        }

        // The setup's own DynamoDB calls are traced too (in traces of their own): look at the invocation's trace.
        String traceId = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(MetricNames.SERVICE_INGEST))
                .findFirst().orElseThrow().getTraceId();
        List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                .collect(Collectors.toList());
        List<String> names = spans.stream().map(SpanData::getName).collect(Collectors.toList());
        assertThat(names).contains(MetricNames.SERVICE_INGEST, "payment.parse", "payment.record", "DynamoDb.PutItem", "DynamoDb.GetItem");
        SpanData record = spans.stream().filter(s -> s.getName().equals("payment.record")).findFirst().orElseThrow();
        SpanData put = spans.stream().filter(s -> s.getName().equals("DynamoDb.PutItem")).findFirst().orElseThrow();
        assertThat(put.getParentSpanId()).isEqualTo(record.getSpanId());
        SpanData root = spans.stream().filter(s -> s.getName().equals(MetricNames.SERVICE_INGEST)).findFirst().orElseThrow();
        assertThat(root.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("recorded");
        assertThat(root.getAttributes().get(AttributeKey.stringKey("series_id"))).startsWith("ser_");
    }

    @Test
    void tracing_is_a_no_op_unless_enabled() {
        Tracing tracing = Tracing.fromEnvironment(java.util.Map.of(), MetricNames.SERVICE_INGEST);

        assertThat(tracing.enabled()).isFalse();
        assertThat(tracing.sdkInterceptors()).isEmpty();
        assertThat(tracing.span("x", () -> 42)).isEqualTo(42);
    }
}
