package io.recorder.local;

import io.recorder.http.CorsPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The local runtime's settings. Every flag has an environment equivalent (flags win), documented in
 * the README's configuration table.
 */
public record LocalOptions(
        int port,
        Path dataDir,
        List<String> apiKeys,
        Optional<URI> endpoint,
        String region,
        String tableName,
        double rateLimit,
        int burstLimit,
        long dailyQuota,
        boolean jsonLogs,
        boolean metrics,
        List<String> corsOrigins,
        Set<LocalStream.Fault> streamFaults) {

    public static final String USAGE = String.join("\n",
            "Usage: run-local.sh [options]",
            "  --port N            port on 127.0.0.1 (env RECORDER_PORT, default 3000; 0 picks a free one)",
            "  --data-dir DIR      where the embedded engine keeps data (env RECORDER_DATA_DIR, default .data)",
            "  --api-key KEY[=CLIENT]  accepted API key, bound to CLIENT (default client: dev); repeatable",
            "                      (env RECORDER_API_KEYS, comma-separated). Without any, a dev key is generated,",
            "                      saved in the data dir and printed.",
            "  --endpoint URL      use this DynamoDB endpoint instead of the embedded engine (env RECORDER_ENDPOINT)",
            "  --region REGION     region for --endpoint / real DynamoDB (env AWS_REGION, default us-east-1)",
            "  --table NAME        table name (env TABLE_NAME, default recorder-ledger)",
            "  --rate-limit N      usage plan: steady requests/s per key (env RECORDER_RATE_LIMIT, default 100)",
            "  --burst-limit N     usage plan: burst per key (env RECORDER_BURST_LIMIT, default 200)",
            "  --quota N           usage plan: requests per key per day (env RECORDER_QUOTA, default 1000000)",
            "  --json-logs         log JSON lines as in Lambda, with the EMF metric blobs (env RECORDER_JSON_LOGS=true);",
            "                      default: one readable line per request and per stream batch",
            "  --metrics           print the EMF metric blobs with readable lines too (env RECORDER_METRICS=true)",
            "  --cors-origin URL   let browser pages from this origin call the API, e.g. http://localhost:8080;",
            "                      repeatable (env RECORDER_CORS_ORIGINS, comma-separated; default none)",
            "  --stream-faults F   make the emulated table stream hostile: duplicates,reorder,failures (or all);",
            "                      projections must come out the same (env RECORDER_STREAM_FAULTS, default none)",
            "  --help              this text");

    /** Thrown for unusable arguments; the message is shown to the user with the usage text. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    public static LocalOptions parse(String[] args, Map<String, String> env, Path repoRoot) {
        int port = intValue("RECORDER_PORT", env.getOrDefault("RECORDER_PORT", "3000"));
        Path dataDir = Path.of(env.getOrDefault("RECORDER_DATA_DIR", repoRoot.resolve(".data").toString()));
        List<String> keys = new ArrayList<>();
        if (env.containsKey("RECORDER_API_KEYS")) {
            for (String key : env.get("RECORDER_API_KEYS").split(",")) {
                if (!key.isBlank()) {
                    keys.add(key.strip());
                }
            }
        }
        Optional<URI> endpoint = Optional.ofNullable(env.get("RECORDER_ENDPOINT")).map(URI::create);
        String region = env.getOrDefault("AWS_REGION", "us-east-1");
        String table = env.getOrDefault("TABLE_NAME", "recorder-ledger");
        double rate = doubleValue("RECORDER_RATE_LIMIT", env.getOrDefault("RECORDER_RATE_LIMIT", "100"));
        int burst = intValue("RECORDER_BURST_LIMIT", env.getOrDefault("RECORDER_BURST_LIMIT", "200"));
        long quota = intValue("RECORDER_QUOTA", env.getOrDefault("RECORDER_QUOTA", "1000000"));
        boolean json = Boolean.parseBoolean(env.getOrDefault("RECORDER_JSON_LOGS", "false"));
        boolean metrics = Boolean.parseBoolean(env.getOrDefault("RECORDER_METRICS", "false"));
        List<String> corsOrigins = new ArrayList<>();
        for (String origin : env.getOrDefault("RECORDER_CORS_ORIGINS", "").split(",")) {
            if (!origin.isBlank()) {
                corsOrigins.add(origin.strip());
            }
        }
        boolean originsFromFlags = false;
        Set<LocalStream.Fault> streamFaults = streamFaults(env.get("RECORDER_STREAM_FAULTS"));
        boolean keysFromFlags = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> port = intValue(arg, value(args, ++i, arg));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--api-key" -> {
                    if (!keysFromFlags) {
                        keys.clear(); // flags replace the environment's list
                        keysFromFlags = true;
                    }
                    keys.add(value(args, ++i, arg));
                }
                case "--endpoint" -> endpoint = Optional.of(URI.create(value(args, ++i, arg)));
                case "--region" -> region = value(args, ++i, arg);
                case "--table" -> table = value(args, ++i, arg);
                case "--rate-limit" -> rate = doubleValue(arg, value(args, ++i, arg));
                case "--burst-limit" -> burst = intValue(arg, value(args, ++i, arg));
                case "--quota" -> quota = intValue(arg, value(args, ++i, arg));
                case "--json-logs" -> json = true;
                case "--metrics" -> metrics = true;
                case "--cors-origin" -> {
                    if (!originsFromFlags) {
                        corsOrigins.clear(); // flags replace the environment's list
                        originsFromFlags = true;
                    }
                    corsOrigins.add(value(args, ++i, arg));
                }
                case "--stream-faults" -> streamFaults = streamFaults(value(args, ++i, arg));
                default -> throw new Invalid("unknown option " + arg);
            }
        }
        if (port < 0 || port > 65535) {
            throw new Invalid("--port must be 0..65535");
        }
        if (rate <= 0 || burst <= 0 || quota <= 0) {
            throw new Invalid("usage plan limits must be positive");
        }
        for (String origin : corsOrigins) {
            if (!CorsPolicy.isOrigin(origin)) {
                throw new Invalid("--cors-origin must be an origin such as https://analytics.example.com (scheme, host, "
                        + "optional port; no path, no *): " + origin);
            }
        }
        return new LocalOptions(port, dataDir.toAbsolutePath(), List.copyOf(keys), endpoint, region, table, rate, burst, quota, json,
                json || metrics, List.copyOf(corsOrigins), streamFaults);
    }

    private static Set<LocalStream.Fault> streamFaults(String spec) {
        try {
            return LocalStream.parseFaults(spec);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new Invalid(flag + " needs a value");
        }
        return args[index];
    }

    private static int intValue(String name, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new Invalid(name + " must be a whole number, not " + text);
        }
    }

    private static double doubleValue(String name, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new Invalid(name + " must be a number, not " + text);
        }
    }
}
