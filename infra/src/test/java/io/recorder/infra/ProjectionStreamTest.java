package io.recorder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stream consumer: ordered, poison records isolated, failures parked, and only payment inserts delivered. */
class ProjectionStreamTest {
    private final Template template = Synthesized.defaultStack().template;
    private final TemplateJson json = new TemplateJson(template);

    @Test
    void mapping_readsTheTableStreamInOrder_isolatesPoisonRecords_andParksFailures() {
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LedgerTable.*"), "StreamArn")),
                "StartingPosition", "TRIM_HORIZON",
                "BatchSize", 100,
                "MaximumBatchingWindowInSeconds", 1,
                "ParallelizationFactor", 1));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BisectBatchOnFunctionError", true,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "MaximumRetryAttempts", 10,
                "MaximumRecordAgeInSeconds", 21_600,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ProjectionsOnFailure.*"), "Arn")))),
                "FunctionName", Match.objectLike(Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(":live")))))));
    }

    @Test
    void mapping_deliversOnlyInsertedLedgerEvents_paymentsAndReversals_soSummaryWritesDoNotRetriggerIt() throws Exception {
        Map<String, Object> mapping = TemplateJson.properties(
                json.resources("AWS::Lambda::EventSourceMapping").values().iterator().next());
        List<?> filters = (List<?>) TemplateJson.map(mapping.get("FilterCriteria")).get("Filters");
        assertThat(filters).hasSize(1);
        Object pattern = new ObjectMapper().readValue((String) TemplateJson.map(filters.get(0)).get("Pattern"), Map.class);
        assertThat(pattern).isEqualTo(Map.of(
                "eventName", List.of("INSERT"),
                "dynamodb", Map.of("NewImage", Map.of("type", Map.of("S", List.of("PaymentRecorded", "PaymentReversed"))))));
    }

    @Test
    void onFailureQueue_isEncrypted_keepsRecordsFourteenDays_andRefusesPlainHttp() {
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "SqsManagedSseEnabled", true,
                "MessageRetentionPeriod", 1_209_600));
        template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }
}
