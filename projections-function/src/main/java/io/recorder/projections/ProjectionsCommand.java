package io.recorder.projections;

import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.Dynalite;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code rebuild} and {@code audit} of the recurring-series projections from the ledger (README,
 * "Rebuild and audit"). Exit codes: 0 done / no difference, 1 the audit found differences, 2 bad
 * arguments or the store failed.
 */
public final class ProjectionsCommand {
    public static final String USAGE = String.join("\n",
            "Usage: java -cp projections-function/target/projections-function-0.1.0-SNAPSHOT-lambda.jar \\",
            "         io.recorder.projections.ProjectionsCommand rebuild|audit [options]",
            "  rebuild             rewrite every projection (or one client's) from the ledger; safe while traffic flows",
            "  audit               compare every projection with the ledger; exit code 1 if any differs",
            "Options:",
            "  --client ID         only this client (reads its ledger from the byTime index)",
            "  --data-dir DIR      the local runtime's data dir (default .data): uses the running local runtime's",
            "                      engine, or starts one on that folder when none is running",
            "  --endpoint URL      a DynamoDB endpoint (env DYNAMODB_ENDPOINT), e.g. the one the local runtime prints",
            "  --region REGION     AWS region (env AWS_REGION, default us-east-1); without --endpoint/--data-dir: real DynamoDB",
            "  --table NAME        table (env TABLE_NAME, default recorder-ledger)",
            "  --settle SECONDS    audit: look again at differing series after this long (default 2; 0: report at once)",
            "  --help              this text");

    /** Where a running local runtime leaves its engine's endpoint, next to the engine's lock. */
    public static Path localEndpointFile(Path dataDir) {
        return dataDir.resolve("engine").resolve("endpoint");
    }

    private ProjectionsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    record Options(String mode, Optional<ClientId> client, Optional<Path> dataDir, Optional<URI> endpoint,
                   String region, String table, Duration settle) {
    }

    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /** The command without exiting: arguments and environment in, lines out, the exit code returned. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Options options;
        try {
            if (args.length == 0 || java.util.List.of(args).contains("--help")) {
                out.println(USAGE);
                return args.length == 0 ? 2 : 0;
            }
            options = parse(args, env);
        } catch (Invalid | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Optional<Dynalite> engine = Optional.empty();
        DynamoDbClient dynamo = null;
        try {
            if (options.dataDir().isPresent()) {
                Path dataDir = options.dataDir().get();
                Optional<URI> running = runningLocalEngine(dataDir);
                if (running.isPresent()) {
                    err.println("Using the local runtime's engine on " + running.get());
                    dynamo = DynamoDbClients.local(running.get());
                } else {
                    Dynalite started = Dynalite.persistent(dataDir.resolve("engine"));
                    engine = Optional.of(started);
                    err.println("Started the engine on " + dataDir + " (no local runtime is using it)");
                    dynamo = started.client();
                }
            } else if (options.endpoint().isPresent()) {
                Map<String, String> withEndpoint = new HashMap<>(env);
                withEndpoint.put(DynamoDbClients.ENDPOINT_ENV, options.endpoint().get().toString());
                withEndpoint.put("AWS_REGION", options.region());
                dynamo = DynamoDbClients.fromEnvironment(withEndpoint);
            } else {
                dynamo = DynamoDbClients.build(options.region(), null, DefaultCredentialsProvider.builder().build());
            }
            ProjectionMaintenance maintenance = new ProjectionMaintenance(dynamo, options.table(), err);
            if (options.mode().equals("rebuild")) {
                ProjectionMaintenance.RebuildReport r = maintenance.rebuild(options.client());
                out.printf(Locale.ROOT, "rebuild: %,d events read, %,d series in the ledger; %,d written, %,d already right, %,d deleted;"
                                + " monthly spending cells: %,d in the ledger, %,d written, %,d already right, %,d deleted (%.1f s)%n",
                        r.events(), r.ledgerSeries(), r.written(), r.unchanged(), r.deleted(), r.cells().ledgerCells(),
                        r.cells().written(), r.cells().unchanged(), r.cells().deleted(), r.elapsed().toMillis() / 1000.0);
                return 0;
            }
            ProjectionMaintenance.AuditReport r = maintenance.audit(options.client(), options.settle());
            r.differences().forEach(out::println);
            out.printf(Locale.ROOT, "audit: %,d events read, %,d series in the ledger, %,d stored; %,d monthly spending cells in the"
                            + " ledger, %,d stored; %,d difference%s (%.1f s)%n",
                    r.events(), r.ledgerSeries(), r.storedSeries(), r.ledgerCells(), r.storedCells(), r.differences().size(),
                    r.differences().size() == 1 ? "" : "s", r.elapsed().toMillis() / 1000.0);
            return r.differences().isEmpty() ? 0 : 1;
        } catch (RuntimeException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 2;
        } finally {
            if (dynamo != null) {
                dynamo.close();
            }
            engine.ifPresent(Dynalite::close);
        }
    }

    static Options parse(String[] args, Map<String, String> env) {
        String mode = args[0];
        if (!mode.equals("rebuild") && !mode.equals("audit")) {
            throw new Invalid("the first argument is rebuild or audit, not " + mode);
        }
        Optional<ClientId> client = Optional.empty();
        Optional<Path> dataDir = Optional.empty();
        Optional<URI> endpoint = Optional.ofNullable(env.get(DynamoDbClients.ENDPOINT_ENV)).map(URI::create);
        String region = env.getOrDefault("AWS_REGION", "us-east-1");
        String table = env.getOrDefault("TABLE_NAME", "recorder-ledger");
        Duration settle = Duration.ofSeconds(2);
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--client" -> client = Optional.of(new ClientId(value(args, ++i, flag)));
                case "--data-dir" -> dataDir = Optional.of(Path.of(value(args, ++i, flag)).toAbsolutePath());
                case "--endpoint" -> endpoint = Optional.of(URI.create(value(args, ++i, flag)));
                case "--region" -> region = value(args, ++i, flag);
                case "--table" -> table = value(args, ++i, flag);
                case "--settle" -> {
                    try {
                        settle = Duration.ofMillis(Math.round(Double.parseDouble(value(args, ++i, flag)) * 1000));
                    } catch (NumberFormatException e) {
                        throw new Invalid("--settle takes seconds");
                    }
                }
                default -> throw new Invalid("unknown option " + flag);
            }
        }
        if (dataDir.isPresent() && endpoint.isPresent() && !env.containsKey(DynamoDbClients.ENDPOINT_ENV)) {
            throw new Invalid("--data-dir and --endpoint exclude each other");
        }
        return new Options(mode, client, dataDir, dataDir.isPresent() ? Optional.empty() : endpoint, region, table, settle);
    }

    /** The endpoint a running local runtime left in the data dir, if its engine still holds the folder. */
    private static Optional<URI> runningLocalEngine(Path dataDir) {
        Path file = localEndpointFile(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        URI endpoint;
        try {
            endpoint = URI.create(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
        try (DynamoDbClient probe = DynamoDbClients.local(endpoint)) {
            probe.listTables(r -> r.limit(1));
            return Optional.of(endpoint);
        } catch (RuntimeException stale) {
            return Optional.empty(); // left by a runtime that is gone: start an engine ourselves
        }
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new Invalid(flag + " needs a value");
        }
        return args[index];
    }
}
