package io.recorder.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything about one deployment that is a choice rather than a fact: where the function jars and the
 * contract are, and the knobs an operator turns. The stack reads nothing else from its environment, so a
 * test can synthesize it with placeholder jars and a small spec.
 */
public record RecorderConfig(
        FunctionAssets assets,
        Path openApiSpec,
        Endpoint endpoint,
        boolean iamAuthorization,
        TableKey tableKey,
        Sizing ingest,
        Sizing query,
        Sizing projections,
        Optional<String> alarmEmail,
        Optional<String> collectorLayerArn,
        List<String> corsAllowedOrigins) {

    /** The three shaded jars (classifier {@code lambda}) built by the function modules. */
    public record FunctionAssets(Path ingestJar, Path queryJar, Path projectionsJar) {
        public FunctionAssets {
            Objects.requireNonNull(ingestJar, "ingestJar");
            Objects.requireNonNull(queryJar, "queryJar");
            Objects.requireNonNull(projectionsJar, "projectionsJar");
        }

        /** The jars as the Maven build lays them out, relative to the repository root. */
        public static FunctionAssets builtUnder(Path repoRoot) {
            return new FunctionAssets(
                    repoRoot.resolve("ingest-function/target/ingest-function-0.1.0-SNAPSHOT-lambda.jar"),
                    repoRoot.resolve("query-function/target/query-function-0.1.0-SNAPSHOT-lambda.jar"),
                    repoRoot.resolve("projections-function/target/projections-function-0.1.0-SNAPSHOT-lambda.jar"));
        }
    }

    /** REGIONAL: reachable from the internet (WAF in front). PRIVATE: only through the execute-api VPC endpoint. */
    public enum Endpoint { REGIONAL, PRIVATE }

    /** Who holds the table's key: a customer-managed KMS key (default) or the AWS-managed key (ADR 0104). */
    public enum TableKey { CUSTOMER_MANAGED, AWS_MANAGED }

    /**
     * Memory and concurrency of one function. Reserved concurrency is empty by default: a fresh account's
     * concurrency quota is too small to reserve from, and reserving caps as much as it guarantees.
     */
    public record Sizing(int memoryMb, OptionalInt reservedConcurrency, int p99DurationAlarmMillis,
            int concurrencyAlarmThreshold) {
        public Sizing {
            if (memoryMb < 128 || memoryMb > 10_240) {
                throw new IllegalArgumentException("memoryMb must be within 128..10240: " + memoryMb);
            }
            Objects.requireNonNull(reservedConcurrency, "reservedConcurrency");
        }

        public Sizing withReservedConcurrency(int reserved) {
            return new Sizing(memoryMb, OptionalInt.of(reserved), p99DurationAlarmMillis, concurrencyAlarmThreshold);
        }
    }

    public RecorderConfig {
        Objects.requireNonNull(assets, "assets");
        Objects.requireNonNull(openApiSpec, "openApiSpec");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(tableKey, "tableKey");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(projections, "projections");
        Objects.requireNonNull(alarmEmail, "alarmEmail");
        Objects.requireNonNull(collectorLayerArn, "collectorLayerArn");
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        for (String origin : corsAllowedOrigins) {
            // Requests carry API keys: name each origin, never a wildcard.
            if (!origin.matches("https?://[a-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("corsAllowedOrigins: not an origin (scheme://host[:port], lower case, "
                        + "no path, no *): " + origin);
            }
        }
    }

    /**
     * The defaults: regional endpoint, API key plus the table's key-to-client mapping, customer-managed
     * table key. Memory: 1024 MB gives a Java function a bit over half a vCPU, which keeps SnapStart
     * restores and the first DynamoDB call short; tune with Lambda Power Tuning (docs/deploy.md).
     */
    public static RecorderConfig defaults(FunctionAssets assets, Path openApiSpec) {
        return new RecorderConfig(assets, openApiSpec, Endpoint.REGIONAL, false, TableKey.CUSTOMER_MANAGED,
                new Sizing(1024, OptionalInt.empty(), 1_000, 200),
                new Sizing(1024, OptionalInt.empty(), 1_500, 200),
                new Sizing(1024, OptionalInt.empty(), 5_000, 10),
                Optional.empty(), Optional.empty(), List.of());
    }

    public RecorderConfig withEndpoint(Endpoint value) {
        return new RecorderConfig(assets, openApiSpec, value, iamAuthorization, tableKey, ingest, query, projections,
                alarmEmail, collectorLayerArn, corsAllowedOrigins);
    }

    public RecorderConfig withIamAuthorization(boolean value) {
        return new RecorderConfig(assets, openApiSpec, endpoint, value, tableKey, ingest, query, projections,
                alarmEmail, collectorLayerArn, corsAllowedOrigins);
    }

    public RecorderConfig withTableKey(TableKey value) {
        return new RecorderConfig(assets, openApiSpec, endpoint, iamAuthorization, value, ingest, query, projections,
                alarmEmail, collectorLayerArn, corsAllowedOrigins);
    }

    public RecorderConfig withSizing(Sizing ingestSizing, Sizing querySizing, Sizing projectionsSizing) {
        return new RecorderConfig(assets, openApiSpec, endpoint, iamAuthorization, tableKey, ingestSizing,
                querySizing, projectionsSizing, alarmEmail, collectorLayerArn, corsAllowedOrigins);
    }

    public RecorderConfig withAlarmEmail(String email) {
        return new RecorderConfig(assets, openApiSpec, endpoint, iamAuthorization, tableKey, ingest, query,
                projections, Optional.of(email), collectorLayerArn, corsAllowedOrigins);
    }

    /**
     * Turns on OpenTelemetry spans (ADR 0502): the ADOT collector extension layer (its ARN is regional,
     * e.g. {@code arn:aws:lambda:eu-west-2:901920570463:layer:aws-otel-collector-arm64-ver-0-117-0:1})
     * is added to every function, which then exports to it with {@code RECORDER_TRACING=otlp}.
     */
    public RecorderConfig withCollectorLayer(String layerArn) {
        return new RecorderConfig(assets, openApiSpec, endpoint, iamAuthorization, tableKey, ingest, query,
                projections, alarmEmail, Optional.of(layerArn), corsAllowedOrigins);
    }

    /**
     * Browser pages allowed to call the API (CORS): exact origins, none by default. The functions echo an allowed
     * {@code Origin}; the OPTIONS operations' mock integration answers preflights; gateway errors name the origin
     * when exactly one is allowed (a gateway response cannot choose between several).
     */
    public RecorderConfig withCorsAllowedOrigins(List<String> origins) {
        return new RecorderConfig(assets, openApiSpec, endpoint, iamAuthorization, tableKey, ingest, query,
                projections, alarmEmail, collectorLayerArn, origins);
    }
}
