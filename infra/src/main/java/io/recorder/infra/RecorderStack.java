package io.recorder.infra;

import io.recorder.telemetry.MetricNames;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The whole recorder in one stack: read the constructor as the table of contents.
 *
 * <p>Environment-agnostic: nothing is looked up at synth time, so the same template deploys to any account and
 * region (ADR 0102).
 */
public final class RecorderStack extends Stack {
    /** Read by the functions' CorsPolicy (http-adapter; infra does not depend on it). */
    static final String CORS_ALLOWED_ORIGINS_ENV = "CORS_ALLOWED_ORIGINS";
    final Network network;
    final LedgerData data;
    final JavaFunction ingest;
    final JavaFunction query;
    final JavaFunction projections;
    final ProjectionStream projectionStream;
    final PaymentsApi api;
    final Monitoring monitoring;

    public RecorderStack(Construct scope, String id, StackProps props, RecorderConfig config) {
        super(scope, id, props);
        Map<String, Object> contract = OpenApiDefinition.read(config.openApiSpec());

        this.network = new Network(this, "Network", config.endpoint());
        this.data = new LedgerData(this, "Ledger", config.tableKey());
        network.restrictDynamoDbTo(data.resources());

        Queue onFailure = ProjectionStream.onFailureQueue(this, "ProjectionsOnFailure");
        this.ingest = ingestFunction(config);
        this.query = queryFunction(config);
        this.projections = projectionsFunction(config, onFailure);
        this.projectionStream = new ProjectionStream(this, "ProjectionStream", onFailure, projections.alias,
                data.streamArn());

        this.api = new PaymentsApi(this, "Payments", config, contract, ingest.alias, query.alias,
                network.executeApi);
        this.monitoring = new Monitoring(this, "Monitoring", config, new Monitoring.Functions(
                ingest, config.ingest(), query, config.query(), projections, config.projections()),
                data, api, onFailure);

        outputs();
        AcceptedFindings.applyTo(this);
    }

    private JavaFunction ingestFunction(RecorderConfig config) {
        return new JavaFunction(this, "Ingest", new JavaFunction.Spec(
                "Records payments (POST /payments)",
                config.assets().ingestJar(),
                "io.recorder.ingest.IngestHandler::handleRequest",
                MetricNames.SERVICE_INGEST,
                config.ingest(),
                Duration.seconds(10),
                LedgerAccess.ingest(data), config.collectorLayerArn(), browserOrigins(config)), network, data);
    }

    private JavaFunction queryFunction(RecorderConfig config) {
        return new JavaFunction(this, "Query", new JavaFunction.Spec(
                "Answers reads (GET /payments, /recurring-payments, /spending)",
                config.assets().queryJar(),
                "io.recorder.query.QueryHandler::handleRequest",
                MetricNames.SERVICE_QUERY,
                config.query(),
                Duration.seconds(10),
                LedgerAccess.query(data), config.collectorLayerArn(), browserOrigins(config)), network, data);
    }

    private JavaFunction projectionsFunction(RecorderConfig config, Queue onFailure) {
        return new JavaFunction(this, "Projections", new JavaFunction.Spec(
                "Maintains recurring-series summaries from the table stream",
                config.assets().projectionsJar(),
                "io.recorder.projections.ProjectionsHandler::handleRequest",
                MetricNames.SERVICE_PROJECTIONS,
                config.projections(),
                Duration.minutes(1),
                LedgerAccess.projections(data, onFailure), config.collectorLayerArn(), Map.of()), network, data);
    }

    /** The API functions echo these origins in Access-Control-Allow-Origin (http-adapter's CorsPolicy reads it). */
    private static Map<String, String> browserOrigins(RecorderConfig config) {
        return config.corsAllowedOrigins().isEmpty() ? Map.of()
                : Map.of(CORS_ALLOWED_ORIGINS_ENV, String.join(",", config.corsAllowedOrigins()));
    }

    private void outputs() {
        CfnOutput.Builder.create(this, "ApiUrl").value(api.api.urlForPath("/")).build();
        CfnOutput.Builder.create(this, "RestApiId").value(api.api.getRestApiId()).build();
        CfnOutput.Builder.create(this, "UsagePlanId").value(api.usagePlan.getUsagePlanId()).build();
        CfnOutput.Builder.create(this, "TableName").value(data.table.getTableName()).build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(monitoring.alarmTopic.getTopicArn()).build();
        CfnOutput.Builder.create(this, "OnFailureQueueUrl").value(projectionStream.onFailure.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "DashboardName").value(monitoring.dashboard.getDashboardName()).build();
    }
}
