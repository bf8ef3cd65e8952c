package io.recorder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

class NagFindingsTest {

    @Test
    void defaultStack_hasNoUnsuppressedAwsSolutionsFindings() {
        assertThat(findings(Synthesized.defaultStack())).isEmpty();
    }

    @Test
    void optionsStack_hasNoUnsuppressedAwsSolutionsFindings() {
        assertThat(findings(Synthesized.optionsStack())).isEmpty();
    }

    @Test
    void everySuppression_givesAReason_andGranularRulesNameWhatTheyApplyTo() {
        for (Synthesized synthesized : List.of(Synthesized.defaultStack(), Synthesized.optionsStack())) {
            java.util.Map<String, ? extends Object> resources = synthesized.template.findResources("*");
            resources.forEach((id, resource) -> {
                Object metadata = TemplateJson.map(resource).get("Metadata");
                Object nag = metadata == null ? null : TemplateJson.map(metadata).get("cdk_nag");
                if (nag == null) {
                    return;
                }
                for (Object rule : (List<?>) TemplateJson.map(nag).get("rules_to_suppress")) {
                    java.util.Map<String, Object> suppression = TemplateJson.map(rule);
                    assertThat((String) suppression.get("reason")).as(id).hasSizeGreaterThan(80);
                    String ruleId = (String) suppression.get("id");
                    if (ruleId.endsWith("IAM4") || ruleId.endsWith("IAM5") || ruleId.equals("CdkNagValidationFailure")) {
                        assertThat((List<?>) suppression.get("applies_to")).as(id + " " + ruleId).isNotEmpty();
                        assertThat(TemplateJson.json(suppression.get("applies_to"))).as(id)
                                .doesNotContain("Action::*");
                    }
                }
            });
        }
    }

    private static List<String> findings(Synthesized synthesized) {
        List<SynthesisMessage> errors = synthesized.annotations.findError("*",
                Match.stringLikeRegexp("AwsSolutions-.*"));
        List<SynthesisMessage> warnings = synthesized.annotations.findWarning("*",
                Match.stringLikeRegexp("AwsSolutions-.*"));
        return java.util.stream.Stream.concat(errors.stream(), warnings.stream())
                .map(m -> m.getId() + " " + m.getEntry().getData())
                .toList();
    }
}
