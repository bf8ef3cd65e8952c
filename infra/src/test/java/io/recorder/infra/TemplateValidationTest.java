package io.recorder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The one test that runs CDK's built-in CloudFormation template validation (slow, so the other tests run with
 * CDK_VALIDATION=false; this class has its own surefire execution with it on). The root contract is used, as
 * in a real deployment.
 */
class TemplateValidationTest {

    @Test
    void theDeployedTemplate_passesCloudFormationValidation() throws Exception {
        assertThat(System.getenv("CDK_VALIDATION")).as("run by the template-validation execution").isEqualTo("true");
        Synthesized real = Synthesized.synth(RealContractTest.CONTRACT, UnaryOperator.identity());
        CloudAssembly assembly = software.amazon.awscdk.App.of(real.stack).synth();
        Path report = Path.of(assembly.getDirectory(), "validation-report.json");
        assertThat(report).exists();
        Map<?, ?> parsed = new ObjectMapper().readValue(Files.readString(report), Map.class);
        List<?> reports = (List<?>) parsed.get("pluginReports");
        String violations = new ObjectMapper().writeValueAsString(reports);
        assertThat(violations).doesNotContain("\"severity\":\"error\"").doesNotContain("\"severity\":\"fatal\"");
    }
}
