package io.recorder.benchmarks.jmh;

import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.RestProxyEvent;
import io.recorder.ingest.IngestEvents;
import io.recorder.ingest.RecordPaymentEndpoint;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentLedger;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentRecorder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The ingest handler's own work per request, without the network: read the API Gateway event, look up
 * the client (a cache hit, as on every request but the first of a minute), parse the body strictly,
 * validate, fingerprint, build the event, its DynamoDB item and the PutItem request, write the 201
 * proxy response. {@code newPayment} is the append path; {@code replay} the path of a retry whose
 * conditional put found the payment already there. Budget: ≤ 20 µs and ≤ 20 KB allocated per request
 * (run with {@code -prof gc}: scripts/perf/jmh.sh).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class IngestPathBenchmark {
    private static final ClientId CLIENT = new ClientId("perf");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-01T12:35:01Z"), ZoneOffset.UTC);

    private byte[] event;
    private RecordPaymentEndpoint appending;
    private RecordPaymentEndpoint replaying;
    private ApiRequest parsed;
    private ApiResponse response;

    @Setup
    public void setUp() throws IOException {
        event = postPayment();
        appending = endpoint(new ItemBuildingLedger(null));
        // The replay path: the conditional put reports the payment that is already stored.
        PaymentRecorded[] stored = new PaymentRecorded[1];
        RecordPaymentEndpoint capture = endpoint(new ItemBuildingLedger(null) {
            @Override
            public AppendResult append(PaymentRecorded e) {
                stored[0] = e;
                return new Appended();
            }
        });
        capture.handle(ApiGatewayEvents.read(new ByteArrayInputStream(event)));
        replaying = endpoint(new ItemBuildingLedger(stored[0]));
        parsed = ApiGatewayEvents.read(new ByteArrayInputStream(event));
        response = appending.handle(parsed);
    }

    /** Telemetry is measured apart: this is the handler's own path. */
    private static RecordPaymentEndpoint endpoint(PaymentLedger ledger) {
        return new RecordPaymentEndpoint(apiKeyId -> Optional.of(CLIENT), new PaymentRecorder(ledger, CLOCK), IngestEvents.NONE);
    }

    /** The published example as API Gateway sends it behind CloudFront, with every header of a captured event. */
    private static byte[] postPayment() {
        return RestProxyEvent.of("POST", "/payments")
                .header("Accept", "application/json")
                .header("CloudFront-Forwarded-Proto", "https")
                .header("CloudFront-Is-Desktop-Viewer", "true")
                .header("CloudFront-Viewer-Country", "GB")
                .header("Content-Type", "application/json")
                .header("Host", "a13bvy562h.execute-api.eu-west-2.amazonaws.com")
                .header("User-Agent", "curl/8.5.0")
                .header("Via", "2.0 b0e1c3f3f3a5d3a0f1a1a2f9c0e8e3f1.cloudfront.net (CloudFront)")
                .header("X-Amz-Cf-Id", "Tq5cJxLrb0OaUjRTbQvxQx1n3VQ0uvWZkWlYh8bCqg5W7Fz1m3zTQw==")
                .header("X-Amzn-Trace-Id", "Root=1-66ab6f30-5f1a5c7e2b7e4c6d1c2b3a4d")
                .header("X-Forwarded-For", "203.0.113.7, 130.176.0.1")
                .header("X-Forwarded-Port", "443")
                .header("X-Forwarded-Proto", "https")
                .requestId("c6af9ac6-7b61-11e6-9a41-93e8deadbeef")
                .apiKeyId("k7q2m9x4ab")
                .body("{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"Dollars\",\"amount\":500}")
                .toJson();
    }

    @Benchmark
    public int newPayment(Blackhole blackhole) throws IOException {
        return handle(appending, blackhole);
    }

    @Benchmark
    public int replay(Blackhole blackhole) throws IOException {
        return handle(replaying, blackhole);
    }

    /** Stage 1 alone: the API Gateway event (about 2 KB of JSON, every header) into an ApiRequest. */
    @Benchmark
    public ApiRequest stage1ReadEvent() throws IOException {
        return ApiGatewayEvents.read(new ByteArrayInputStream(event));
    }

    /** Stage 2 alone: client lookup, body parse, validation, fingerprint, event, item, PutItem request, 201 body. */
    @Benchmark
    public ApiResponse stage2Record() {
        return appending.handle(parsed);
    }

    /** Stage 3 alone: the proxy response JSON. */
    @Benchmark
    public int stage3WriteResponse() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        ApiGatewayEvents.write(response, out);
        return out.size();
    }

    private int handle(RecordPaymentEndpoint endpoint, Blackhole blackhole) throws IOException {
        ApiRequest request = ApiGatewayEvents.read(new ByteArrayInputStream(event));
        ApiResponse response = endpoint.handle(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        ApiGatewayEvents.write(response, out);
        blackhole.consume(response);
        return out.size();
    }

    /** Builds what DynamoDbPaymentLedger sends (item and request), then answers without a network call. */
    static class ItemBuildingLedger implements PaymentLedger {
        private final PaymentRecorded alreadyStored;
        PutItemRequest last;

        ItemBuildingLedger(PaymentRecorded alreadyStored) {
            this.alreadyStored = alreadyStored;
        }

        @Override
        public AppendResult append(PaymentRecorded event) {
            last = PutItemRequest.builder()
                    .tableName("recorder-ledger")
                    .item(PaymentItems.toItem(event))
                    .conditionExpression("attribute_not_exists(" + LedgerTable.PK + ")")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build();
            return alreadyStored == null ? new Appended() : new AlreadyRecorded(alreadyStored);
        }

        @Override
        public Optional<PaymentRecorded> find(ClientId client, PaymentId id) {
            return Optional.ofNullable(alreadyStored);
        }
    }
}
