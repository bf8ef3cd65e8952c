package io.recorder.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app ({@code cdk synth} from infra/, see cdk.json). Defaults deploy the jars the Maven build leaves in
 * the function modules' target/ folders and the contract at the repository root; every knob is a context value
 * ({@code cdk synth -c endpoint=PRIVATE}), listed in docs/deploy.md.
 */
public final class RecorderApp {
    private RecorderApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        RecorderConfig config = configFrom(app);
        new RecorderStack(app, context(app, "stackName", "RecurringPaymentsRecorder"), StackProps.builder()
                .description("Recurring payments recorder: API Gateway, Lambda (java21, SnapStart), DynamoDB")
                .build(), config);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
    }

    static RecorderConfig configFrom(App app) {
        Path repoRoot = Path.of(context(app, "repoRoot", ".."));
        RecorderConfig.FunctionAssets built = RecorderConfig.FunctionAssets.builtUnder(repoRoot);
        RecorderConfig config = RecorderConfig.defaults(
                new RecorderConfig.FunctionAssets(
                        Path.of(context(app, "ingestJar", built.ingestJar().toString())),
                        Path.of(context(app, "queryJar", built.queryJar().toString())),
                        Path.of(context(app, "projectionsJar", built.projectionsJar().toString()))),
                Path.of(context(app, "openApiSpec", repoRoot.resolve("openapi.yaml").toString())));
        config = config
                .withEndpoint(RecorderConfig.Endpoint.valueOf(context(app, "endpoint", "REGIONAL")))
                .withIamAuthorization(Boolean.parseBoolean(context(app, "iamAuthorization", "false")))
                .withTableKey(RecorderConfig.TableKey.valueOf(context(app, "tableKey", "CUSTOMER_MANAGED")))
                .withSizing(
                        sizing(app, "ingest", config.ingest()),
                        sizing(app, "query", config.query()),
                        sizing(app, "projections", config.projections()));
        String email = context(app, "alarmEmail", "");
        RecorderConfig withEmail = email.isBlank() ? config : config.withAlarmEmail(email);
        String collector = context(app, "collectorLayerArn", "");
        RecorderConfig withCollector = collector.isBlank() ? withEmail : withEmail.withCollectorLayer(collector);
        String origins = context(app, "corsAllowedOrigins", "");
        return withCollector.withCorsAllowedOrigins(origins.isBlank() ? List.of() : List.of(origins.strip().split("\\s*,\\s*")));
    }

    private static RecorderConfig.Sizing sizing(App app, String function, RecorderConfig.Sizing defaults) {
        int memory = Integer.parseInt(context(app, function + "MemoryMb", String.valueOf(defaults.memoryMb())));
        String reserved = context(app, function + "ReservedConcurrency", "");
        return new RecorderConfig.Sizing(memory,
                reserved.isBlank() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(reserved)),
                defaults.p99DurationAlarmMillis(), defaults.concurrencyAlarmThreshold());
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }
}
