package io.recorder.infra;

import io.recorder.telemetry.MetricNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One Java function as every function here is deployed: java21 on arm64, SnapStart on published versions
 * behind the {@code live} alias (callers always invoke the alias, so they always get a snapshot), active
 * tracing, its own log group and its own role holding only inline policies. The function sees the role as
 * immutable, so no CDK helper can add a generated policy to it behind the written-out ones.
 */
final class JavaFunction extends Construct {
    static final String ALIAS = "live";
    /** C1 only: most of a short-lived function's work happens before C2 would pay off (ADR 0103). */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    /** What differs between the functions. */
    record Spec(String description, Path jar, String handler, String serviceName, RecorderConfig.Sizing sizing,
            Duration timeout, PolicyDocument ledgerAccess, java.util.Optional<String> collectorLayerArn,
            Map<String, String> extraEnvironment) {
    }

    final Function function;
    final Alias alias;
    final Role role;
    final LogGroup logs;

    JavaFunction(Construct scope, String id, Spec spec, Network network, LedgerData data) {
        super(scope, id);
        this.logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(spec.description() + ": execution role")
                .inlinePolicies(Map.of(
                        "runtime", LedgerAccess.runtime(logs),
                        "ledger", spec.ledgerAccess()))
                .build();
        Function.Builder builder = Function.Builder.create(this, "Function")
                .description(spec.description())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(spec.jar().toString()))
                .handler(spec.handler())
                .memorySize(spec.sizing().memoryMb())
                .timeout(spec.timeout())
                .role(role.withoutPolicyUpdates())
                .logGroup(logs)
                .vpc(network.vpc)
                .vpcSubnets(network.isolatedSubnets())
                .securityGroups(List.of(network.functions))
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment(spec, data));
        spec.collectorLayerArn().ifPresent(arn -> builder.layers(List.of(
                LayerVersion.fromLayerVersionArn(this, "Collector", arn))));
        spec.sizing().reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        this.function = builder.build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "published: callers invoke the live alias of the current version");
        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    private static Map<String, String> environment(Spec spec, LedgerData data) {
        Map<String, String> environment = new java.util.TreeMap<>(Map.of(
                "TABLE_NAME", data.table.getTableName(),
                "POWERTOOLS_SERVICE_NAME", spec.serviceName(),
                "POWERTOOLS_METRICS_NAMESPACE", MetricNames.NAMESPACE,
                "POWERTOOLS_LOG_LEVEL", "INFO",
                "JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS));
        // Spans leave the function only when the collector extension is there to receive them.
        spec.collectorLayerArn().ifPresent(arn -> environment.put("RECORDER_TRACING", "otlp"));
        environment.putAll(spec.extraEnvironment());
        return environment;
    }
}
