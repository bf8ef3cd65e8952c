package io.recorder.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recorder.infra.OpenApiDefinition.Access;
import io.recorder.infra.OpenApiDefinition.Operation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract gets gateway extensions added at synth time, and nothing else changes. No synth needed here. */
class OpenApiDefinitionTest {
    private final Map<String, Object> contract = OpenApiDefinition.read(Synthesized.sampleContract());

    @Test
    void operations_areListedInDocumentOrder() {
        assertThat(OpenApiDefinition.operations(contract)).extracting(Operation::toString).containsExactly(
                "POST /payments", "GET /payments", "OPTIONS /payments", "GET /payments/{paymentId}",
                "POST /payments/{paymentId}/reversal", "GET /recurring-payments",
                "GET /recurring-payments/{seriesId}", "GET /spending/monthly");
    }

    @Test
    void everyOperation_getsAProxyIntegration_andRequiresTheApiKey() {
        Map<String, Object> definition = OpenApiDefinition.withGatewayExtensions(contract,
                op -> "uri:" + op, new Access(false));
        for (Operation op : OpenApiDefinition.operations(contract)) {
            if (op.isPreflight()) {
                continue;
            }
            Map<String, Object> operation = operation(definition, op);
            assertThat(operation.get("x-amazon-apigateway-integration")).isEqualTo(Map.of(
                    "type", "aws_proxy", "httpMethod", "POST", "uri", "uri:" + op,
                    "passthroughBehavior", "when_no_match"));
            assertThat(operation.get("security")).isEqualTo(List.of(Map.of("api_key", List.of())));
        }
        assertThat(definition).containsEntry("x-amazon-apigateway-api-key-source", "HEADER");
        assertThat(TemplateJson.map(TemplateJson.map(definition.get("components")).get("securitySchemes")))
                .containsEntry("api_key", Map.of("type", "apiKey", "name", "x-api-key", "in", "header"));
    }

    @Test
    void iamAuthorization_addsSigV4_onTopOfTheApiKey() {
        Map<String, Object> definition = OpenApiDefinition.withGatewayExtensions(contract, op -> "uri",
                new Access(true));
        Map<String, Object> post = operation(definition, new Operation("post", "/payments"));
        assertThat(post.get("security")).isEqualTo(List.of(Map.of("api_key", List.of(), "sigv4", List.of())));
        assertThat(TemplateJson.map(TemplateJson.map(definition.get("components")).get("securitySchemes")))
                .containsEntry("sigv4", Map.of("type", "apiKey", "name", "Authorization", "in", "header",
                        "x-amazon-apigateway-authtype", "awsSigv4"));
    }

    @Test
    void gatewayValidation_checksRequiredParametersOnly_neverTheBody() {
        Map<String, Object> definition = OpenApiDefinition.withGatewayExtensions(contract, op -> "uri",
                new Access(false));
        assertThat(definition.get("x-amazon-apigateway-request-validators")).isEqualTo(Map.of("parameters-only",
                Map.of("validateRequestParameters", true, "validateRequestBody", false)));
        assertThat(definition).containsEntry("x-amazon-apigateway-request-validator", "parameters-only");
    }

    @Test
    void gatewayErrors_areProblemDetails() {
        Map<String, Object> definition = OpenApiDefinition.withGatewayExtensions(contract, op -> "uri",
                new Access(false));
        Map<String, Object> responses = TemplateJson.map(definition.get("x-amazon-apigateway-gateway-responses"));
        assertThat(responses).containsKeys("DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED", "QUOTA_EXCEEDED");
        responses.values().forEach(response -> {
            assertThat(TemplateJson.map(TemplateJson.map(response).get("responseParameters")))
                    .containsEntry("gatewayresponse.header.Content-Type", "'application/problem+json'");
            assertThat(TemplateJson.map(TemplateJson.map(response).get("responseTemplates")).values())
                    .allSatisfy(body -> assertThat((String) body).contains("\"type\":\"about:blank\"")
                            .contains("\"title\":$context.error.messageString"));
        });
    }

    @Test
    void theContractItself_isLeftUntouched() {
        String before = TemplateJson.json(contract);
        OpenApiDefinition.withGatewayExtensions(contract, op -> "uri", new Access(true));
        assertThat(TemplateJson.json(contract)).isEqualTo(before);
    }

    @Test
    void anOperationNoFunctionServes_failsTheSynth() {
        assertThatThrownBy(() -> OpenApiDefinition.withGatewayExtensions(contract,
                op -> op.method().equals("get") ? "uri" : null, new Access(false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("POST /payments");
    }

    @Test
    void preflights_areAnsweredByTheGateway_withoutAKey_echoingOnlyTheAllowedOrigins() {
        Map<String, Object> definition = OpenApiDefinition.withGatewayExtensions(contract, op -> "uri",
                new Access(false, List.of("https://analytics.example.com", "http://localhost:8080")));
        Map<String, Object> preflight = operation(definition, new Operation("options", "/payments"));
        Map<String, Object> integration = TemplateJson.map(preflight.get("x-amazon-apigateway-integration"));
        Map<String, Object> response = TemplateJson.map(TemplateJson.map(integration.get("responses")).get("default"));
        String template = (String) TemplateJson.map(response.get("responseTemplates")).get("application/json");

        assertThat(preflight.get("security")).isEqualTo(List.of());
        assertThat(integration).containsEntry("type", "mock").doesNotContainKey("uri");
        assertThat(response).containsEntry("statusCode", "204");
        assertThat(TemplateJson.map(response.get("responseParameters")))
                .containsEntry("method.response.header.Access-Control-Allow-Methods", "'POST, GET, OPTIONS'")
                .containsEntry("method.response.header.Access-Control-Allow-Headers", "'Content-Type, X-Api-Key, Idempotency-Key'")
                .containsEntry("method.response.header.Access-Control-Max-Age", "'600'")
                .containsEntry("method.response.header.Vary", "'Origin'")
                .doesNotContainKey("method.response.header.Access-Control-Allow-Origin");
        assertThat(template).contains("$origin == \"https://analytics.example.com\" || $origin == \"http://localhost:8080\"")
                .contains("#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)")
                .doesNotContain("*");
    }

    @Test
    void withoutOrigins_noPreflightEverAllowsAnOrigin_andGatewayErrorsNameNone() {
        Map<String, Object> definition = OpenApiDefinition.withGatewayExtensions(contract, op -> "uri", new Access(false));
        Map<String, Object> integration = TemplateJson.map(operation(definition, new Operation("options", "/payments"))
                .get("x-amazon-apigateway-integration"));

        assertThat(TemplateJson.json(integration)).doesNotContain("Access-Control-Allow-Origin");
        assertThat(TemplateJson.json(definition.get("x-amazon-apigateway-gateway-responses")))
                .doesNotContain("Access-Control-Allow-Origin");
    }

    @Test
    void gatewayErrors_nameTheOrigin_onlyWhenExactlyOneIsAllowed() {
        Map<String, Object> one = OpenApiDefinition.withGatewayExtensions(contract, op -> "uri",
                new Access(false, List.of("https://analytics.example.com")));
        Map<String, Object> two = OpenApiDefinition.withGatewayExtensions(contract, op -> "uri",
                new Access(false, List.of("https://analytics.example.com", "http://localhost:8080")));

        Map<String, Object> forbidden = TemplateJson.map(TemplateJson.map(one.get("x-amazon-apigateway-gateway-responses"))
                .get("DEFAULT_4XX"));
        assertThat(TemplateJson.map(forbidden.get("responseParameters")))
                .containsEntry("gatewayresponse.header.Access-Control-Allow-Origin", "'https://analytics.example.com'")
                .containsEntry("gatewayresponse.header.Vary", "'Origin'");
        assertThat(TemplateJson.json(two.get("x-amazon-apigateway-gateway-responses")))
                .doesNotContain("Access-Control-Allow-Origin");
    }

    @Test
    void aMissingContract_failsTheSynth() {
        assertThatThrownBy(() -> OpenApiDefinition.read(Path.of("does-not-exist/openapi.yaml")))
                .hasMessageContaining("cannot read the OpenAPI contract");
    }

    private static Map<String, Object> operation(Map<String, Object> definition, Operation op) {
        return TemplateJson.map(TemplateJson.map(TemplateJson.map(definition.get("paths")).get(op.path()))
                .get(op.method()));
    }
}
