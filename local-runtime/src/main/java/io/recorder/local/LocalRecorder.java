package io.recorder.local;

import com.sun.net.httpserver.HttpServer;
import io.recorder.console.ConsoleAssets;
import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.http.CorsPolicy;
import io.recorder.ingest.IngestHandler;
import io.recorder.ingest.ReversePaymentEndpoint;
import io.recorder.ingest.PowertoolsIngestEvents;
import io.recorder.query.PowertoolsQueryEvents;
import io.recorder.query.QueryEndpoint;
import io.recorder.query.QueryHandler;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import io.recorder.telemetry.lambda.LocalTelemetry;
import io.recorder.telemetry.lambda.Tracing;
import io.recorder.localengine.Dynalite;
import io.recorder.projections.ProjectionsCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The API on 127.0.0.1: an embedded DynamoDB-compatible engine (or a real endpoint), the API Gateway
 * emulator, and the very handler classes that run in Lambda.
 */
public final class LocalRecorder implements AutoCloseable {
    /** Threads running requests: each may hold one connection to the engine at a time. */
    static final int WORKERS = 64;
    /**
     * The JDK server closes a keep-alive connection idle this long (its default, set here on purpose; its
     * timer looks every 10 s, so the close comes 30–40 s after the last response). Clients are told a
     * shorter time in {@code Keep-Alive: timeout=}, so that they retire the connection first instead of
     * sending a request on it as the server closes it (ECONNRESET, and no handler ever sees the request).
     */
    static final long IDLE_SECONDS = 30;
    private static final long KEEP_ALIVE_MARGIN_SECONDS = 5;
    private final Optional<Dynalite> engine;
    private final DynamoDbClient dynamo;
    private final LocalStream stream;
    private final HttpServer server;
    private final ExecutorService workers;
    private final Path dataDir;

    private LocalRecorder(Optional<Dynalite> engine, DynamoDbClient dynamo, LocalStream stream, HttpServer server,
                          ExecutorService workers, Path dataDir) {
        this.engine = engine;
        this.dynamo = dynamo;
        this.stream = stream;
        this.server = server;
        this.workers = workers;
        this.dataDir = dataDir;
    }

    public static void main(String[] args) {
        Path repoRoot = Path.of(System.getProperty("recorder.home", ".")).toAbsolutePath().normalize();
        LocalOptions options;
        try {
            if (List.of(args).contains("--help")) {
                System.out.println(LocalOptions.USAGE);
                return;
            }
            options = LocalOptions.parse(args, System.getenv(), repoRoot);
        } catch (LocalOptions.Invalid e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(LocalOptions.USAGE);
            System.exit(2);
            return;
        }
        LocalRecorder recorder = start(options, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping…");
            recorder.close();
            LocalTelemetry.stop();
        }, "shutdown"));
    }

    public static LocalRecorder start(LocalOptions options, PrintStream console) {
        LocalTelemetry.configure(options.jsonLogs(), options.metrics()); // before the first logger and metrics exist
        // The SDK's HTTP client (HttpURLConnection) keeps at most http.maxConnections (default 5) idle
        // connections per host: with more requests in flight, every put beyond the fifth closed its
        // connection and the next opened a new one (measured: ~600 sockets in TIME_WAIT towards the engine
        // per 20 s phase at 8 clients; docs/performance.md section 4). One per worker and the stream.
        // Read once, when the first connection is made: set before any client is used.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(WORKERS + 2));
        }
        Optional<Dynalite> engine = Optional.empty();
        DynamoDbClient dynamo;
        URI endpoint;
        AwsCredentialsProvider credentials;
        if (options.endpoint().isPresent()) {
            endpoint = options.endpoint().get();
            credentials = DefaultCredentialsProvider.builder().build();
            dynamo = DynamoDbClients.build(options.region(), endpoint, credentials);
            console.println("Using DynamoDB at " + options.endpoint().get() + " (" + options.region() + ")");
        } else {
            Dynalite dynalite = Dynalite.persistent(options.dataDir().resolve("engine"));
            engine = Optional.of(dynalite);
            dynamo = dynalite.client();
            endpoint = dynalite.endpoint();
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
            console.println("Embedded engine (dynalite) on " + dynalite.endpoint() + ", data in " + options.dataDir());
        }
        LocalStream stream = null;
        try {
            LedgerTable table = new LedgerTable(dynamo, options.tableName());
            table.createIfMissing();
            if (engine.isPresent()) {
                // Lets the rebuild/audit command (--data-dir) use this engine while it holds the folder.
                Files.writeString(ProjectionsCommand.localEndpointFile(options.dataDir()), endpoint.toString());
            }
            stream = LocalStream.start(endpoint, options.region(), credentials, options.tableName(), options.streamFaults(), console);
            if (!options.streamFaults().isEmpty()) {
                console.println("Stream faults on: " + options.streamFaults());
            }
            List<String> keySpecs = new ArrayList<>(options.apiKeys());
            if (keySpecs.isEmpty()) {
                String devKey = ApiKeys.devKey(options.dataDir());
                keySpecs.add(devKey);
                console.println("Dev API key (client \"" + ApiKeys.DEFAULT_CLIENT + "\"): " + devKey);
            }
            ApiKeys keys = ApiKeys.of(keySpecs);
            ApiKeyClients directory = new ApiKeyClients(table, Clock.systemUTC());
            for (ApiKeys.Binding binding : keys.bindings()) {
                directory.bind(binding.apiKeyId(), binding.client());
            }
            // The same handler classes as in Lambda, wired through the constructor that takes their dependencies.
            CorsPolicy cors = CorsPolicy.of(options.corsOrigins());
            if (!options.corsOrigins().isEmpty()) {
                console.println("Browser pages allowed from: " + String.join(", ", options.corsOrigins()));
            }
            FunctionTelemetry ingestTelemetry = new FunctionTelemetry(MetricNames.SERVICE_INGEST, Tracing.disabled());
            IngestHandler ingest = new IngestHandler(stream.tappedClient(), Clock.systemUTC(), options.tableName(),
                    ingestTelemetry, new PowertoolsIngestEvents(ingestTelemetry)).withCors(cors);
            FunctionTelemetry queryTelemetry = new FunctionTelemetry(MetricNames.SERVICE_QUERY, Tracing.disabled());
            QueryHandler query = new QueryHandler(dynamo, Clock.systemUTC(), options.tableName(),
                    queryTelemetry, new PowertoolsQueryEvents(queryTelemetry)).withCors(cors);
            List<ApiGatewayEmulator.Route> routes = List.of(
                    new ApiGatewayEmulator.Route("POST", "/payments", MetricNames.SERVICE_INGEST, ingest),
                    new ApiGatewayEmulator.Route("POST", ReversePaymentEndpoint.RESOURCE, MetricNames.SERVICE_INGEST, ingest),
                    new ApiGatewayEmulator.Route("GET", QueryEndpoint.PAYMENTS, MetricNames.SERVICE_QUERY, query),
                    new ApiGatewayEmulator.Route("GET", QueryEndpoint.PAYMENT, MetricNames.SERVICE_QUERY, query),
                    new ApiGatewayEmulator.Route("GET", QueryEndpoint.SERIES_LIST, MetricNames.SERVICE_QUERY, query),
                    // Before {seriesId}: API Gateway prefers the literal path, and the emulator takes the first match.
                    new ApiGatewayEmulator.Route("GET", QueryEndpoint.UPCOMING, MetricNames.SERVICE_QUERY, query),
                    new ApiGatewayEmulator.Route("GET", QueryEndpoint.SERIES, MetricNames.SERVICE_QUERY, query),
                    new ApiGatewayEmulator.Route("GET", QueryEndpoint.MONTHLY_SPENDING, MetricNames.SERVICE_QUERY, query));
            // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs add ~40 ms to every small response
            // (measured: 2.5x the throughput with it; docs/performance.md section 4).
            System.setProperty("sun.net.httpserver.nodelay", "true");
            // Read by the JDK server once, when its first server is created; a -D on the command line wins.
            long idleSeconds = Long.getLong("sun.net.httpserver.idleInterval", IDLE_SECONDS);
            System.setProperty("sun.net.httpserver.idleInterval", Long.toString(idleSeconds));
            ApiGatewayEmulator.AccessLog accessLog = accessLog(options.jsonLogs(), console);
            long keepAliveSeconds = Math.max(1, idleSeconds - KEEP_ALIVE_MARGIN_SECONDS);
            ApiGatewayEmulator gateway = new ApiGatewayEmulator(routes, keys,
                    new UsagePlan(options.rateLimit(), options.burstLimit(), options.dailyQuota(), Clock.systemUTC()),
                    accessLog, keepAliveSeconds, cors);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 256);
            ExecutorService workers = Executors.newFixedThreadPool(WORKERS, runnable -> {
                Thread thread = new Thread(runnable, "api");
                thread.setDaemon(true);
                return thread;
            });
            server.createContext("/", new ConsoleSite(new ConsoleAssets(), gateway, accessLog, keepAliveSeconds));
            server.setExecutor(workers);
            server.start();
            LocalRecorder recorder = new LocalRecorder(engine, dynamo, stream, server, workers, options.dataDir());
            String origin = "http://127.0.0.1:" + recorder.port();
            console.println("Listening on " + origin);
            console.println("Dashboard:     " + origin + ConsoleAssets.DASHBOARD + "  (paste the API key there)");
            console.println("API reference: " + origin + ConsoleAssets.REFERENCE);
            console.flush();
            return recorder;
        } catch (IOException | RuntimeException e) {
            if (stream != null) {
                stream.close();
            }
            dynamo.close();
            engine.ifPresent(Dynalite::close);
            throw e instanceof RuntimeException r ? r : new IllegalStateException("could not start: " + e.getMessage(), e);
        }
    }

    private static ApiGatewayEmulator.AccessLog accessLog(boolean json, PrintStream console) {
        if (json) {
            return (requestId, method, path, status, micros) -> console.println(String.format(Locale.ROOT,
                    "{\"type\":\"access\",\"requestId\":\"%s\",\"httpMethod\":\"%s\",\"path\":\"%s\",\"status\":%d,\"latencyMs\":%.1f}",
                    requestId, method, path.replace("\"", "%22"), status, micros / 1000.0));
        }
        return (requestId, method, path, status, micros) -> console.println(String.format(Locale.ROOT,
                "%s %s → %d in %.1f ms (request %s)", method, path, status, micros / 1000.0, requestId));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stream.close(); // delivers what is queued
        dynamo.close();
        if (engine.isPresent()) {
            try {
                Files.deleteIfExists(ProjectionsCommand.localEndpointFile(dataDir));
            } catch (IOException ignored) {
                // a stale file is harmless: the command probes the endpoint before using it
            }
        }
        engine.ifPresent(Dynalite::close);
    }
}
