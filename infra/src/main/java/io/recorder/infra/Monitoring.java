package io.recorder.infra;

import static io.recorder.telemetry.MetricNames.DIMENSION_SERVICE;
import static io.recorder.telemetry.MetricNames.NAMESPACE;

import io.recorder.telemetry.MetricNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.OperationsMetricOptions;
import software.amazon.awscdk.services.dynamodb.SystemErrorsForOperationsMetricOptions;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * What an SRE watches: alarms on the platform metrics (functions, table, API, stream, on-failure queue) and on
 * the application's own metrics, all to one encrypted SNS topic, and one dashboard telling the story from
 * traffic to projection lag. Application metric names come from {@link MetricNames}, the same constants the
 * functions emit, so the dashboard cannot drift from the code. docs/runbook.md explains every alarm.
 */
final class Monitoring extends Construct {
    static final Duration PERIOD = Duration.minutes(5);
    static final double API_P99_LATENCY_MILLIS = 2_000;
    static final double ITERATOR_AGE_MILLIS = 60_000;

    final Topic alarmTopic;
    final Dashboard dashboard;
    final Map<String, Alarm> alarms = new LinkedHashMap<>();

    private final SnsAction notify;

    /** The three functions with the sizing their alarms derive from. */
    record Functions(JavaFunction ingest, RecorderConfig.Sizing ingestSizing, JavaFunction query,
            RecorderConfig.Sizing querySizing, JavaFunction projections, RecorderConfig.Sizing projectionsSizing) {
    }

    Monitoring(Construct scope, String id, RecorderConfig config, Functions functions, LedgerData data,
            PaymentsApi api, Queue onFailure) {
        super(scope, id);
        this.alarmTopic = encryptedTopic();
        config.alarmEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));
        this.notify = new SnsAction(alarmTopic);

        functionAlarms("Ingest", functions.ingest(), functions.ingestSizing());
        functionAlarms("Query", functions.query(), functions.querySizing());
        functionAlarms("Projections", functions.projections(), functions.projectionsSizing());
        tableAlarms(data);
        apiAlarms(api);
        streamAlarms(functions.projections(), onFailure);
        applicationAlarms();

        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .defaultInterval(Duration.hours(3))
                .widgets(rows(functions, data, api, onFailure))
                .build();
    }

    // ---- alarms -------------------------------------------------------------------------------------------

    private void functionAlarms(String name, JavaFunction fn, RecorderConfig.Sizing sizing) {
        alarm(name + "Errors", fn.function.metricErrors(sum()), 1, 1);
        alarm(name + "Throttles", fn.function.metricThrottles(sum()), 1, 1);
        alarm(name + "DurationP99", fn.function.metricDuration(stat("p99")), sizing.p99DurationAlarmMillis(), 3);
        alarm(name + "Concurrency", fn.function.metric("ConcurrentExecutions", stat("Maximum")),
                sizing.concurrencyAlarmThreshold(), 3);
    }

    private void tableAlarms(LedgerData data) {
        List<software.amazon.awscdk.services.dynamodb.Operation> operations = List.of(
                software.amazon.awscdk.services.dynamodb.Operation.GET_ITEM,
                software.amazon.awscdk.services.dynamodb.Operation.BATCH_GET_ITEM,
                software.amazon.awscdk.services.dynamodb.Operation.QUERY,
                software.amazon.awscdk.services.dynamodb.Operation.PUT_ITEM,
                software.amazon.awscdk.services.dynamodb.Operation.UPDATE_ITEM,
                software.amazon.awscdk.services.dynamodb.Operation.DELETE_ITEM);
        alarm("TableThrottledRequests", data.table.metricThrottledRequestsForOperations(
                OperationsMetricOptions.builder().operations(operations).period(PERIOD).build()), 1, 1);
        alarm("TableSystemErrors", data.table.metricSystemErrorsForOperations(
                SystemErrorsForOperationsMetricOptions.builder().operations(operations).period(PERIOD).build()), 1, 1);
    }

    private void apiAlarms(PaymentsApi api) {
        alarm("Api5xx", api.api.metricServerError(sum()), 1, 1);
        alarm("ApiLatencyP99", api.api.metricLatency(stat("p99")), API_P99_LATENCY_MILLIS, 3);
    }

    private void streamAlarms(JavaFunction projections, Queue onFailure) {
        alarm("StreamIteratorAge", projections.function.metric("IteratorAge", stat("Maximum")),
                ITERATOR_AGE_MILLIS, 3);
        alarm("OnFailureQueueDepth", onFailure.metricApproximateNumberOfMessagesVisible(stat("Maximum")), 1, 1);
    }

    private void applicationAlarms() {
        alarm("ProjectionFailures", app(MetricNames.PROJECTION_FAILURES, MetricNames.SERVICE_PROJECTIONS, "Sum"), 1, 1);
        // Should never fire on DynamoDB: one means another writer restored old projection items (docs/runbook.md).
        alarm("ProjectionVersionRegressions",
                app(MetricNames.PROJECTION_VERSION_REGRESSIONS, MetricNames.SERVICE_PROJECTIONS, "Sum"), 1, 1);
        alarm("StoreThrottled", MathExpression.Builder.create()
                .label(MetricNames.STORE_THROTTLED + " (all functions)")
                .expression("FILL(ingest, 0) + FILL(query, 0) + FILL(projections, 0)")
                .usingMetrics(Map.of(
                        "ingest", app(MetricNames.STORE_THROTTLED, MetricNames.SERVICE_INGEST, "Sum"),
                        "query", app(MetricNames.STORE_THROTTLED, MetricNames.SERVICE_QUERY, "Sum"),
                        "projections", app(MetricNames.STORE_THROTTLED, MetricNames.SERVICE_PROJECTIONS, "Sum")))
                .period(PERIOD)
                .build(), 1, 1);
    }

    private void alarm(String name, IMetric metric, double threshold, int periods) {
        Alarm alarm = Alarm.Builder.create(this, name)
                .alarmDescription(name + ": see docs/runbook.md#" + name.toLowerCase(java.util.Locale.ROOT))
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(notify);
        alarm.addOkAction(notify);
        alarms.put(name, alarm);
    }

    // ---- dashboard ----------------------------------------------------------------------------------------

    private List<List<IWidget>> rows(Functions functions, LedgerData data, PaymentsApi api, Queue onFailure) {
        List<JavaFunction> all = List.of(functions.ingest(), functions.query(), functions.projections());
        return List.of(
                List.of(TextWidget.Builder.create()
                        .markdown("# Recurring payments recorder\nTraffic, outcomes, latency, errors, projections. "
                                + "Every alarm is explained in docs/runbook.md.")
                        .width(24).height(2).build()),
                List.of(
                        graph("Traffic: API requests", List.of(api.api.metricCount(sum()))),
                        graph("Payments recorded and reads", List.of(
                                app(MetricNames.PAYMENTS_RECORDED, MetricNames.SERVICE_INGEST, "Sum"),
                                app(MetricNames.READ_REQUESTS, MetricNames.SERVICE_QUERY, "Sum"))),
                        graph("Ingest outcomes", List.of(
                                app(MetricNames.PAYMENTS_RECORDED, MetricNames.SERVICE_INGEST, "Sum"),
                                app(MetricNames.PAYMENTS_REVERSED, MetricNames.SERVICE_INGEST, "Sum"),
                                app(MetricNames.REVERSAL_CONFLICTS, MetricNames.SERVICE_INGEST, "Sum"),
                                app(MetricNames.IDEMPOTENT_REPLAYS, MetricNames.SERVICE_INGEST, "Sum"),
                                app(MetricNames.IDEMPOTENCY_KEY_REUSED, MetricNames.SERVICE_INGEST, "Sum"))),
                        graph("Validation rejections by field", List.of(search(MetricNames.VALIDATION_REJECTED,
                                List.of(DIMENSION_SERVICE, MetricNames.DIMENSION_FIELD), "Sum")))),
                List.of(
                        graph("API latency (ms)", List.of(
                                api.api.metricLatency(stat("p50")), api.api.metricLatency(stat("p90")),
                                api.api.metricLatency(stat("p99")))),
                        graph("Function duration p99 (ms)", each(all, fn -> fn.function.metricDuration(stat("p99")))),
                        graph("API 4xx / 5xx", List.of(api.api.metricClientError(sum()),
                                api.api.metricServerError(sum()))),
                        graph("Function errors and throttles", concat(
                                each(all, fn -> fn.function.metricErrors(sum())),
                                each(all, fn -> fn.function.metricThrottles(sum()))))),
                List.of(
                        graph("Function concurrency (max)", each(all,
                                fn -> fn.function.metric("ConcurrentExecutions", stat("Maximum")))),
                        graph("DynamoDB throttled requests (table, application)", List.of(
                                alarms.get("TableThrottledRequests").getMetric(),
                                search(MetricNames.STORE_THROTTLED, List.of(DIMENSION_SERVICE), "Sum"))),
                        graph("DynamoDB system errors", List.of(alarms.get("TableSystemErrors").getMetric())),
                        graph("Table consumed capacity", List.of(
                                data.table.metricConsumedReadCapacityUnits(sum()),
                                data.table.metricConsumedWriteCapacityUnits(sum())))),
                List.of(
                        graph("Projection events", List.of(
                                app(MetricNames.PROJECTION_EVENTS_APPLIED, MetricNames.SERVICE_PROJECTIONS, "Sum"),
                                app(MetricNames.PROJECTION_DUPLICATES_SKIPPED, MetricNames.SERVICE_PROJECTIONS, "Sum"),
                                app(MetricNames.PROJECTION_FAILURES, MetricNames.SERVICE_PROJECTIONS, "Sum"),
                                app(MetricNames.PROJECTION_VERSION_REGRESSIONS, MetricNames.SERVICE_PROJECTIONS, "Sum"))),
                        graph("Projection lag (ms)", List.of(
                                app(MetricNames.PROJECTION_LAG_MILLIS, MetricNames.SERVICE_PROJECTIONS, "p50"),
                                app(MetricNames.PROJECTION_LAG_MILLIS, MetricNames.SERVICE_PROJECTIONS, "p99"),
                                app(MetricNames.PROJECTION_LAG_MILLIS, MetricNames.SERVICE_PROJECTIONS, "Maximum"))),
                        graph("Stream iterator age (ms)", List.of(
                                functions.projections().function.metric("IteratorAge", stat("Maximum")))),
                        graph("On-failure queue depth", List.of(
                                onFailure.metricApproximateNumberOfMessagesVisible(stat("Maximum"))))),
                List.of(AlarmStatusWidget.Builder.create()
                        .title("Alarms")
                        .alarms(new ArrayList<IAlarm>(alarms.values()))
                        .width(24)
                        .build()));
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(new ArrayList<IMetric>(metrics)).width(6).height(6)
                .build();
    }

    /** An application metric as the functions emit it (Embedded Metric Format, dimension {@code service}). */
    static Metric app(String name, String service, String statistic) {
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of(DIMENSION_SERVICE, service))
                .statistic(statistic)
                .period(PERIOD)
                .build();
    }

    /** Every series of a metric whatever its dimension values, e.g. one line per rejected field. */
    private static MathExpression search(String name, List<String> dimensions, String statistic) {
        String schema = "{" + NAMESPACE + "," + String.join(",", dimensions) + "}";
        return MathExpression.Builder.create()
                .expression("SEARCH('" + schema + " MetricName=\"" + name + "\"', '" + statistic + "', "
                        + PERIOD.toSeconds().intValue() + ")")
                .label(name)
                .usingMetrics(Map.of())
                .period(PERIOD)
                .build();
    }

    private static MetricOptions sum() {
        return stat("Sum");
    }

    private static MetricOptions stat(String statistic) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).build();
    }

    private static List<IMetric> each(List<JavaFunction> functions,
            java.util.function.Function<JavaFunction, IMetric> metric) {
        return functions.stream().map(metric).toList();
    }

    private static List<IMetric> concat(List<IMetric> a, List<IMetric> b) {
        List<IMetric> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A customer-managed key CloudWatch may use to publish to the encrypted topic. */
    private Topic encryptedTopic() {
        Key key = Key.Builder.create(this, "AlarmTopicKey")
                .description("Recurring payments alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .build());
        return Topic.Builder.create(this, "AlarmTopic")
                .displayName("Recurring payments alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
    }
}
