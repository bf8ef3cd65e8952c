package io.recorder.infra;

import static io.recorder.infra.TemplateJson.json;
import static io.recorder.infra.TemplateJson.map;
import static io.recorder.infra.TemplateJson.properties;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The REST API: built from the contract, routed to the right function, keyed, metered, logged, firewalled. */
class PaymentsApiTest {
    private final Template template = Synthesized.defaultStack().template;
    private final TemplateJson json = new TemplateJson(template);

    @Test
    void api_isBuiltFromTheContract_withEveryOperationRoutedToItsFunction() {
        Map<String, Object> body = body(json);
        Map<String, Object> paths = map(body.get("paths"));
        assertThat(paths).containsOnlyKeys("/payments", "/payments/{paymentId}", "/payments/{paymentId}/reversal",
                "/recurring-payments", "/recurring-payments/{seriesId}", "/spending/monthly");
        assertThat(integrationUri(paths, "/payments", "post")).contains("IngestAlias");
        assertThat(integrationUri(paths, "/payments/{paymentId}/reversal", "post")).contains("IngestAlias");
        for (String path : paths.keySet()) {
            if (map(paths.get(path)).containsKey("get")) {
                assertThat(integrationUri(paths, path, "get")).as(path).contains("QueryAlias").doesNotContain("Ingest");
            }
        }
        assertThat(integrationUri(paths, "/payments", "post"))
                .contains(":apigateway:").contains(":lambda:path/2015-03-31/functions/").endsWith("/invocations\"]]}");
    }

    @Test
    void everyMethod_requiresAnApiKeyFromTheHeader() {
        Map<String, Object> body = body(json);
        assertThat(body).containsEntry("x-amazon-apigateway-api-key-source", "HEADER");
        map(body.get("paths")).forEach((path, item) -> map(item).forEach((method, op) -> {
            if (method.equals("options")) {
                // A preflight never carries the key (browsers send no custom header in it): the gateway answers it.
                assertThat(map(op).get("security")).as(method + " " + path).isEqualTo(List.of());
            } else if (!method.equals("parameters")) {
                assertThat(map(op).get("security")).as(method + " " + path)
                        .isEqualTo(List.of(Map.of("api_key", List.of())));
            }
        }));
    }

    @Test
    void api_isRegional_andStageLogsJsonAccessLogsAndErrorsOnly_withTracingAndThrottling() throws Exception {
        template.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of(
                "EndpointConfiguration", Map.of("Types", List.of("REGIONAL"))));
        template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", "prod",
                "TracingEnabled", true,
                "MethodSettings", List.of(Map.of(
                        "HttpMethod", "*",
                        "ResourcePath", "/*",
                        "LoggingLevel", "ERROR",
                        "DataTraceEnabled", false,
                        "MetricsEnabled", true,
                        "ThrottlingRateLimit", 200,
                        "ThrottlingBurstLimit", 400))));
        Map<String, Object> stage = properties(json.resources("AWS::ApiGateway::Stage").values().iterator().next());
        String format = (String) map(stage.get("AccessLogSetting")).get("Format");
        Map<String, Object> fields = map(new ObjectMapper().readValue(format, Map.class));
        assertThat(fields).containsKeys("requestId", "ip", "apiKeyId", "httpMethod", "resourcePath", "status",
                "responseLatency", "integrationLatency", "errorMessage", "xrayTraceId");
        assertThat(format).doesNotContain("$context.identity.apiKey\"");
    }

    @Test
    void account_logsWithAWrittenOutRole_beforeTheStageIsCreated() {
        String account = json.resources("AWS::ApiGateway::Account").keySet().iterator().next();
        String role = TemplateJson.referenced(properties(json.resource(account)).get("CloudWatchRoleArn"));
        assertThat(properties(json.resource(role))).doesNotContainKey("ManagedPolicyArns");
        Map<String, Object> stage = json.resources("AWS::ApiGateway::Stage").values().iterator().next();
        assertThat(TemplateJson.strings(stage.get("DependsOn"))).contains(account);
    }

    @Test
    void usagePlan_throttlesAndCapsEachClient_onThisStage() {
        template.hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "Throttle", Map.of("RateLimit", 50, "BurstLimit", 100),
                "Quota", Map.of("Limit", 5_000_000, "Period", "MONTH"),
                "ApiStages", List.of(Match.objectLike(Map.of("Stage", Match.anyValue())))));
    }

    @Test
    void webAcl_rateLimitsPerIp_andIsAssociatedWithTheStage() {
        template.hasResourceProperties("AWS::WAFv2::WebACL", Map.of(
                "Scope", "REGIONAL",
                "DefaultAction", Map.of("Allow", Map.of()),
                "Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Name", "RateLimitPerIp",
                        "Action", Map.of("Block", Map.of()),
                        "Statement", Map.of("RateBasedStatement", Map.of(
                                "AggregateKeyType", "IP", "Limit", 3_000, "EvaluationWindowSec", 300))))))));
        template.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of(
                "ResourceArn", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of("/stages/", Match.objectLike(Map.of("Ref",
                                Match.stringLikeRegexp("PaymentsApiDeploymentStage.*"))))))))),
                "WebACLArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("PaymentsWebAcl.*"), "Arn"))));
    }

    @Test
    void apiGateway_mayInvokeEachAliasOnlyForItsOwnOperations() {
        Map<String, String> permissions = new java.util.TreeMap<>();
        json.resources("AWS::Lambda::Permission").values().forEach(permission -> {
            Map<String, Object> props = properties(permission);
            assertThat(props).containsEntry("Principal", "apigateway.amazonaws.com")
                    .containsEntry("Action", "lambda:InvokeFunction");
            String target = TemplateJson.referenced(props.get("FunctionName"));
            String source = json(props.get("SourceArn"));
            permissions.put(source.substring(source.indexOf("/prod/") + 6, source.lastIndexOf("\"]]}")), target);
        });
        assertThat(permissions).hasSize(7);
        assertThat(permissions.get("POST/payments")).startsWith("IngestAlias");
        assertThat(permissions.get("POST/payments/*/reversal")).startsWith("IngestAlias");
        assertThat(permissions).containsKeys("GET/payments", "GET/payments/*", "GET/recurring-payments",
                "GET/recurring-payments/*", "GET/spending/monthly");
        permissions.forEach((route, alias) -> {
            if (route.startsWith("GET")) {
                assertThat(alias).as(route).startsWith("QueryAlias");
            }
        });
    }

    @Test
    void privateOption_acceptsOnlyRequestsThroughTheEndpoint_andAddsSigV4() {
        Synthesized options = Synthesized.optionsStack();
        TemplateJson optionsJson = new TemplateJson(options.template);
        options.template.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of(
                "EndpointConfiguration", Map.of("Types", List.of("PRIVATE")),
                "Policy", Map.of("Version", "2012-10-17", "Statement", List.of(
                        Map.of("Sid", "DenyOutsideTheEndpoint", "Effect", "Deny", "Principal", Map.of("AWS", "*"),
                                "Action", "execute-api:Invoke", "Resource", "execute-api:/*",
                                "Condition", Map.of("StringNotEquals", Map.of("aws:SourceVpce",
                                        Map.of("Ref", Match.stringLikeRegexp("NetworkVpcExecuteApi.*"))))),
                        Map.of("Sid", "AllowThroughTheEndpoint", "Effect", "Allow", "Principal", Map.of("AWS", "*"),
                                "Action", "execute-api:Invoke", "Resource", "execute-api:/*")))));
        options.template.resourceCountIs("AWS::WAFv2::WebACL", 0);
        Map<String, Object> post = map(map(map(body(optionsJson).get("paths")).get("/payments")).get("post"));
        assertThat(post.get("security")).isEqualTo(List.of(Map.of("api_key", List.of(), "sigv4", List.of())));
    }

    @Test
    void cors_allowsNoOriginByDefault_andOnlyTheContextsOrigins_neverAWildcard() {
        String defaultBody = json(body(json));
        assertThat(defaultBody).doesNotContain("responseOverride.header.Access-Control-Allow-Origin");
        for (String handler : List.of("io.recorder.ingest.IngestHandler::handleRequest", "io.recorder.query.QueryHandler::handleRequest")) {
            template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", handler,
                    "Environment", Map.of("Variables", Match.objectLike(Map.of("CORS_ALLOWED_ORIGINS", Match.absent())))));
        }

        Synthesized options = Synthesized.optionsStack();
        Map<String, Object> preflight = map(map(map(body(new TemplateJson(options.template)).get("paths"))
                .get("/payments")).get("options"));
        String integration = json(preflight.get("x-amazon-apigateway-integration"));
        assertThat(integration).contains("\"type\":\"mock\"")
                .contains("$origin == \\\"https://analytics.example.com\\\" || $origin == \\\"http://localhost:8080\\\"")
                .doesNotContain("'*'");
        for (String handler : List.of("io.recorder.ingest.IngestHandler::handleRequest", "io.recorder.query.QueryHandler::handleRequest")) {
            options.template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", handler,
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "CORS_ALLOWED_ORIGINS", "https://analytics.example.com,http://localhost:8080")))));
        }
        options.template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "io.recorder.projections.ProjectionsHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("CORS_ALLOWED_ORIGINS", Match.absent())))));
    }

    static Map<String, Object> body(TemplateJson json) {
        return map(properties(json.resources("AWS::ApiGateway::RestApi").values().iterator().next()).get("Body"));
    }

    private static String integrationUri(Map<String, Object> paths, String path, String method) {
        Map<String, Object> op = map(map(paths.get(path)).get(method));
        Map<String, Object> integration = map(op.get("x-amazon-apigateway-integration"));
        assertThat(integration).containsEntry("type", "aws_proxy").containsEntry("httpMethod", "POST");
        return json(integration.get("uri"));
    }
}
