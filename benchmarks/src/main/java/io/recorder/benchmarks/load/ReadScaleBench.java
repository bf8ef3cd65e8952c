package io.recorder.benchmarks.load;

import io.recorder.benchmarks.Machine;
import io.recorder.benchmarks.PerfEngine;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.ledger.ClientId;
import io.recorder.query.QueryEvents;
import io.recorder.query.QueryHandler;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Read scale (issue 11): one client with 20 monthly series, then 10,000 one-off payments of the same
 * client. Times {@code GET /recurring-payments?limit=20}, {@code /spending/monthly} and
 * {@code /recurring-payments/upcoming} over HTTP on the local runtime before and after the one-offs,
 * and the read units each consumes (the same handler in this JVM on a client that asks every
 * Query and GetItem for {@code ReturnConsumedCapacity=TOTAL}; the engine computes them as DynamoDB
 * bills them). Also the read units of one Query over the client's whole projection partition: what
 * every listing read before the summaries were stored.
 */
public final class ReadScaleBench {
    private static final String API_KEY = "perf-read-key-0123456789abcdef";
    private static final String TABLE = "perf-runtime";
    private static final String BENCH_KEY_ID = "readscale01";
    private static final ClientId CLIENT = new ClientId("perf");
    private static final List<String[]> READS = List.of(
            new String[] {"GET /recurring-payments?limit=20", "/recurring-payments", "{\"limit\":\"20\"}"},
            new String[] {"GET /spending/monthly", "/spending/monthly", "null"},
            new String[] {"GET /recurring-payments/upcoming", "/recurring-payments/upcoming", "{\"within\":\"P30D\"}"});

    private ReadScaleBench() {
    }

    record Measured(String read, double medianMs, double p90Ms, double readUnits) {
    }

    public static void main(String[] args) throws Exception {
        Path runtimeJar = null;
        Path work = Path.of("benchmarks/target/perf/read-scale");
        int oneOffs = 10_000;
        int samples = 41;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runtime-jar" -> runtimeJar = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--one-offs" -> oneOffs = Integer.parseInt(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (runtimeJar == null) {
            throw new IllegalArgumentException("--runtime-jar local-runtime/target/local-runtime.jar is required");
        }
        Files.createDirectories(work);
        System.out.printf("## Read scale: 20 monthly series, then %,d one-off payments of the same client%n%n%s%n%n",
                oneOffs, Machine.describe());
        DoubleAdder units = new DoubleAdder();
        try (PerfEngine engine = PerfEngine.start("perf-raw");
             DynamoDbClient counted = DynamoDbClients.build("us-east-1", URI.create(engine.endpoint()),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                     List.of(new CapacityCounter(units)));
             LoadBench.LocalRuntime runtime = LoadBench.LocalRuntime.start(runtimeJar, LoadBench.RUN_LOCAL_JVM,
                     engine.endpoint(), API_KEY, work)) {
            new ApiKeyClients(new LedgerTable(counted, TABLE), Clock.systemUTC()).bind(BENCH_KEY_ID, CLIENT);
            QueryHandler handler = new QueryHandler(counted, Clock.systemUTC(), TABLE,
                    new FunctionTelemetry(MetricNames.SERVICE_QUERY), QueryEvents.NONE);

            LocalDate first = LocalDate.of(2025, 12, 1);
            List<String> bodies = new ArrayList<>();
            for (int series = 0; series < 20; series++) {
                for (int month = 0; month < 12; month++) {
                    bodies.add(payment(first.plusMonths(month).plusDays(series) + "T09:00:00Z",
                            String.format(Locale.ROOT, "Subscription %02d", series), (10 + series) + ".99"));
                }
            }
            post(runtime, bodies);
            awaitProjected(counted, 20, 12);
            List<Measured> before = measure(runtime, handler, units, samples);
            double wholeBefore = wholePartition(counted, units);

            bodies.clear();
            for (int n = 0; n < oneOffs; n++) {
                bodies.add(payment(LocalDate.of(2026, 11, 1).plusDays(n % 30) + "T12:00:00Z",
                        "Card payment order " + (100_000 + n), (1 + n % 90) + "." + (10 + n % 90)));
            }
            long started = System.nanoTime();
            post(runtime, bodies);
            awaitProjected(counted, 20 + oneOffs, 1);
            double ingestSeconds = (System.nanoTime() - started) / 1e9;
            List<Measured> after = measure(runtime, handler, units, samples);
            double wholeAfter = wholePartition(counted, units);

            System.out.printf(Locale.ROOT, "%,d one-offs recorded and projected in %.0f s.%n%n", oneOffs, ingestSeconds);
            System.out.println("| read | 20 series: median (p90) ms | + one-offs: median (p90) ms | ratio (budget ≤ 1.5) | read units per request, before → after |");
            System.out.println("|---|---|---|---|---|");
            for (int i = 0; i < READS.size(); i++) {
                Measured b = before.get(i);
                Measured a = after.get(i);
                double ratio = a.medianMs() / b.medianMs();
                System.out.printf(Locale.ROOT, "| %s | %.1f (%.1f) | %.1f (%.1f) | %.2f× %s | %.1f → %.1f |%n", b.read(),
                        b.medianMs(), b.p90Ms(), a.medianMs(), a.p90Ms(), ratio, ratio <= 1.5 ? "PASS" : "FAIL",
                        b.readUnits(), a.readUnits());
            }
            System.out.printf(Locale.ROOT, "%nOne Query over the client's whole projection partition (what every listing read before ADR 0008): "
                    + "%.1f → %.1f read units.%n", wholeBefore, wholeAfter);
            System.out.println("Load average at the end: " + Machine.loadAverage());
        }
    }

    private static String payment(String at, String description, String amount) {
        return "{\"paymentTimestamp\":\"" + at + "\",\"paymentDescription\":\"" + description
                + "\",\"currency\":\"USD\",\"amount\":\"" + amount + "\"}";
    }

    /** Posts the bodies with 4 clients; each must be 201. */
    private static void post(LoadBench.LocalRuntime runtime, List<String> bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = thread; i < bodies.size(); i += 4) {
                        int status = send(runtime.uri("/payments"), "POST", bodies.get(i));
                        if (status != 201) {
                            throw new IllegalStateException("POST /payments answered " + status + " for " + bodies.get(i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Waits until the client has {@code series} projected series, the first 20 with {@code atLeast} payments. */
    private static void awaitProjected(DynamoDbClient dynamo, int series, int atLeast) throws InterruptedException {
        for (int attempt = 0; attempt < 1_200; attempt++) {
            int count = 0;
            int full = 0;
            for (QueryResponse page : dynamo.queryPaginator(r -> r.tableName(TABLE)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(LedgerTable.recurringPk(CLIENT))))
                    .projectionExpression("n"))) {
                for (Map<String, AttributeValue> item : page.items()) {
                    count++;
                    if (Integer.parseInt(item.get("n").n()) >= 12) {
                        full++;
                    }
                }
            }
            if (count >= series && full >= (atLeast >= 12 ? 20 : 0)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the projections did not catch up");
    }

    private static List<Measured> measure(LoadBench.LocalRuntime runtime, QueryHandler handler, DoubleAdder units,
                                          int samples) throws IOException {
        List<Measured> out = new ArrayList<>();
        for (String[] read : READS) {
            URI uri = runtime.uri(read[1] + (read[2].equals("null") ? "" : read[2].contains("limit") ? "?limit=20" : "?within=P30D"));
            for (int i = 0; i < 10; i++) {
                require(send(uri, "GET", null), read[0]);
            }
            double[] ms = new double[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                require(send(uri, "GET", null), read[0]);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            units.reset();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            handler.handleRequest(event(read), response, null);
            require(ApiGatewayEvents.readResponse(new ByteArrayInputStream(response.toByteArray())).statusCode(), read[0]);
            out.add(new Measured(read[0], ms[samples / 2], ms[(int) (samples * 0.9)], units.sum()));
        }
        return out;
    }

    private static double wholePartition(DynamoDbClient dynamo, DoubleAdder units) {
        units.reset();
        dynamo.queryPaginator(r -> r.tableName(TABLE)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(LedgerTable.recurringPk(CLIENT)))))
                .stream().forEach(page -> { });
        return units.sum();
    }

    private static InputStream event(String[] read) {
        String json = "{\"resource\":\"" + read[1] + "\",\"path\":\"" + read[1] + "\",\"httpMethod\":\"GET\","
                + "\"queryStringParameters\":" + read[2] + ",\"pathParameters\":null,"
                + "\"requestContext\":{\"requestId\":\"read-scale\",\"identity\":{\"apiKeyId\":\"" + BENCH_KEY_ID + "\"}}}";
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void require(int status, String read) {
        if (status != 200) {
            throw new IllegalStateException(read + " answered " + status);
        }
    }

    private static int send(URI uri, String method, String body) throws IOException {
        return LoadBench.sendWithUrlConnection(uri, method, API_KEY, body, null);
    }

    /** Asks every Query and GetItem for its consumed capacity and adds it up. */
    private static final class CapacityCounter implements ExecutionInterceptor {
        private final DoubleAdder units;

        CapacityCounter(DoubleAdder units) {
            this.units = units;
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof QueryRequest query) {
                return query.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            }
            if (context.request() instanceof GetItemRequest get) {
                return get.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            }
            return context.request();
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            SdkResponse response = context.response();
            ConsumedCapacity consumed = response instanceof QueryResponse q ? q.consumedCapacity()
                    : response instanceof GetItemResponse g ? g.consumedCapacity() : null;
            if (consumed != null && consumed.capacityUnits() != null) {
                units.add(consumed.capacityUnits());
            }
        }
    }
}
