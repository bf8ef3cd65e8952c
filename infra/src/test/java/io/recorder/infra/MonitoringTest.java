package io.recorder.infra;

import static io.recorder.infra.TemplateJson.json;
import static io.recorder.infra.TemplateJson.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.telemetry.MetricNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Alarms on everything the issue lists, all to the encrypted topic; a dashboard built from the shared names. */
class MonitoringTest {
    private final Template template = Synthesized.defaultStack().template;
    private final TemplateJson json = new TemplateJson(template);

    @Test
    void alarms_coverFunctionsTableApiStreamQueueAndApplication() {
        assertThat(Synthesized.defaultStack().stack.monitoring.alarms.keySet()).containsExactly(
                "IngestErrors", "IngestThrottles", "IngestDurationP99", "IngestConcurrency",
                "QueryErrors", "QueryThrottles", "QueryDurationP99", "QueryConcurrency",
                "ProjectionsErrors", "ProjectionsThrottles", "ProjectionsDurationP99", "ProjectionsConcurrency",
                "TableThrottledRequests", "TableSystemErrors", "Api5xx", "ApiLatencyP99",
                "StreamIteratorAge", "OnFailureQueueDepth", "ProjectionFailures", "ProjectionVersionRegressions", "StoreThrottled");
        template.resourceCountIs("AWS::CloudWatch::Alarm", 21);
    }

    @Test
    void platformAlarms_watchTheRightMetrics() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/Lambda", "MetricName", "Errors", "Statistic", "Sum", "Threshold", 1));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/Lambda", "MetricName", "Throttles", "Threshold", 1));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/Lambda", "MetricName", "Duration", "ExtendedStatistic", "p99", "Threshold", 1000));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/Lambda", "MetricName", "ConcurrentExecutions", "Statistic", "Maximum"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/Lambda", "MetricName", "IteratorAge", "Statistic", "Maximum", "Threshold", 60_000));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/ApiGateway", "MetricName", "5XXError", "Statistic", "Sum"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/ApiGateway", "MetricName", "Latency", "ExtendedStatistic", "p99"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", MetricNames.NAMESPACE, "MetricName", MetricNames.PROJECTION_FAILURES,
                "Dimensions", List.of(Map.of("Name", MetricNames.DIMENSION_SERVICE,
                        "Value", MetricNames.SERVICE_PROJECTIONS))));
        String tableAlarms = json(json.resources("AWS::CloudWatch::Alarm").values().stream()
                .filter(alarm -> json(alarm).contains("AWS/DynamoDB")).toList());
        assertThat(tableAlarms).contains("ThrottledRequests").contains("SystemErrors").contains("PutItem");
    }

    @Test
    void everyAlarm_notifiesTheTopic_whenItFiresAndWhenItClears() {
        String topic = json.resources("AWS::SNS::Topic").keySet().iterator().next();
        json.resources("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            Map<String, Object> props = properties(alarm);
            assertThat(TemplateJson.referenced(((List<?>) props.get("AlarmActions")).get(0))).as(id).isEqualTo(topic);
            assertThat(TemplateJson.referenced(((List<?>) props.get("OKActions")).get(0))).as(id).isEqualTo(topic);
            assertThat(props).containsEntry("TreatMissingData", "notBreaching");
        });
    }

    @Test
    void topic_isEncryptedWithAKeyCloudWatchMayUse_andRefusesPlainHttp() {
        template.hasResourceProperties("AWS::SNS::Topic", Map.of(
                "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("MonitoringAlarmTopicKey.*"), "Arn"))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true,
                "KeyPolicy", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey")))))))));
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    @Test
    void alarmEmail_subscribesWhenGiven() {
        template.resourceCountIs("AWS::SNS::Subscription", 0);
        Synthesized.optionsStack().template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "oncall@example.com"));
    }

    @Test
    void dashboard_showsEveryApplicationMetric_byTheNamesTheFunctionsEmit() {
        String body = json(properties(json.resources("AWS::CloudWatch::Dashboard").values().iterator().next())
                .get("DashboardBody"));
        for (String metric : MetricNames.ALL) {
            assertThat(body).as(metric).contains("\\\"" + metric + "\\\"");
        }
        assertThat(body).contains(MetricNames.NAMESPACE).contains("IteratorAge")
                .contains("ApproximateNumberOfMessagesVisible").contains("Latency").contains("alarms");
    }

    @Test
    void everyAlarm_hasARunbookSectionItsDescriptionLinksTo() throws java.io.IOException {
        String runbook = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "runbook.md"));
        for (String alarm : Synthesized.defaultStack().stack.monitoring.alarms.keySet()) {
            assertThat(runbook).as("runbook section for " + alarm).containsPattern("(?m)^## " + alarm + "$");
        }
    }
}
