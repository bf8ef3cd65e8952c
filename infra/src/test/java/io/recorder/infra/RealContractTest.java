package io.recorder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The repository's own openapi.yaml, not the sample: every operation it declares is routed, keyed, and the
 * stack built from it is cdk-nag clean. Fails (never skips) when the contract is missing.
 */
class RealContractTest {
    static final Path CONTRACT = Path.of("..", "openapi.yaml");

    @Test
    void theRootContract_synthesizesIntoACleanStack_withEveryOperationRoutedAndKeyed() {
        assertThat(CONTRACT).as("the root openapi.yaml").exists();
        Synthesized real = Synthesized.synth(CONTRACT, UnaryOperator.identity());

        Map<String, Object> contract = OpenApiDefinition.read(CONTRACT);
        List<OpenApiDefinition.Operation> operations = OpenApiDefinition.operations(contract);
        assertThat(operations).extracting(Object::toString).contains("POST /payments", "GET /payments",
                "GET /payments/{paymentId}", "POST /payments/{paymentId}/reversal", "GET /recurring-payments", "GET /recurring-payments/{seriesId}",
                "GET /spending/monthly");

        Map<String, Object> body = PaymentsApiTest.body(new TemplateJson(real.template));
        for (OpenApiDefinition.Operation op : operations) {
            Map<String, Object> operation = TemplateJson.map(TemplateJson.map(
                    TemplateJson.map(body.get("paths")).get(op.path())).get(op.method()));
            assertThat(operation).as(op.toString()).containsKey("x-amazon-apigateway-integration");
            assertThat(operation.get("security")).as(op.toString())
                    .isEqualTo(op.isPreflight() ? List.of() : List.of(Map.of("apiKey", List.of())));
        }
        // Every path answers the browser's preflight (CORS), so a page can call each operation.
        assertThat(operations.stream().filter(OpenApiDefinition.Operation::isPreflight).map(OpenApiDefinition.Operation::path))
                .containsExactlyInAnyOrderElementsOf(operations.stream().map(OpenApiDefinition.Operation::path).distinct().toList());
        real.template.resourceCountIs("AWS::Lambda::Permission",
                (int) operations.stream().filter(op -> !op.isPreflight()).count());
        assertThat(real.annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(real.annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(Files.exists(CONTRACT)).isTrue();
    }
}
