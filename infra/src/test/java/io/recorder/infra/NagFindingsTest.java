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
