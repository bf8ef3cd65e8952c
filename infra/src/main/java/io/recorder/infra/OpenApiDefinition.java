package io.recorder.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The contract ({@code openapi.yaml}) turned into an API Gateway definition at synth time. The spec stays the
 * single source of truth: nothing here adds, removes or reshapes an operation; it only adds the
 * {@code x-amazon-apigateway-*} extensions (which function serves each operation, that an API key is required,
 * how gateway-made errors look) to a copy of the parsed document.
 *
 * <p>Every operation must be routed: an operation no function serves fails the synth rather than deploying a
 * route that answers 500.
 */
public final class OpenApiDefinition {
    /** The security scheme API Gateway recognises as "API key required": type apiKey, header x-api-key. */
    static final String API_KEY_SCHEME = "api_key";
    static final String SIGV4_SCHEME = "sigv4";
    static final String PARAMETERS_ONLY_VALIDATOR = "parameters-only";
    static final String PROBLEM_JSON = "application/problem+json";

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head",
            "patch", "trace");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One operation of the contract: lower-case HTTP method and the templated path, e.g. {@code /payments/{paymentId}}. */
    public record Operation(String method, String path) {
        /** A CORS preflight: answered by the gateway (mock integration), no key, no function. */
        public boolean isPreflight() {
            return method.equals("options");
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    /**
     * How the gateway lets a caller in. The API key is always required; SigV4 (IAM) may be added on top. Browser
     * pages from {@code corsOrigins} (exact origins, none by default) may call it.
     */
    public record Access(boolean iamAuthorization, List<String> corsOrigins) {
        public Access {
            corsOrigins = List.copyOf(corsOrigins);
        }

        public Access(boolean iamAuthorization) {
            this(iamAuthorization, List.of());
        }
    }

    /** What a page may send and read across origins: the same lists as http-adapter's CorsPolicy and openapi.yaml. */
    static final String CORS_ALLOWED_HEADERS = "Content-Type, X-Api-Key, Idempotency-Key";
    static final String CORS_MAX_AGE_SECONDS = "600";

    private OpenApiDefinition() {
    }

    /** Parses the contract. A missing or unreadable spec fails the synth: the API is built from nothing else. */
    public static Map<String, Object> read(Path spec) {
        try {
            Map<String, Object> document = YAML.readValue(Files.readAllBytes(spec), new TypeReference<>() { });
            if (document == null || !(document.get("paths") instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("not an OpenAPI document with paths: " + spec);
            }
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI contract " + spec.toAbsolutePath(), e);
        }
    }

    /** The operations of the contract, in document order. */
    public static List<Operation> operations(Map<String, Object> document) {
        List<Operation> operations = new ArrayList<>();
        map(document.get("paths")).forEach((path, item) -> map(item).keySet().stream()
                .filter(HTTP_METHODS::contains)
                .forEach(method -> operations.add(new Operation(method, path))));
        return operations;
    }

    /**
     * A deep copy of {@code document} with the gateway extensions added.
     *
     * @param integrationUri the Lambda proxy integration URI serving an operation; must answer for every operation
     */
    public static Map<String, Object> withGatewayExtensions(Map<String, Object> document,
            Function<Operation, String> integrationUri, Access access) {
        Map<String, Object> copy = deepCopy(document);
        String apiKeyScheme = addSecuritySchemes(copy, access);
        Map<String, Object> paths = map(copy.get("paths"));
        for (Operation operation : operations(copy)) {
            Map<String, Object> op = map(map(paths.get(operation.path())).get(operation.method()));
            if (operation.isPreflight()) {
                op.put("security", List.of());
                op.put("x-amazon-apigateway-integration", preflightIntegration(methodsAt(copy, operation.path()),
                        access.corsOrigins()));
                continue;
            }
            String uri = integrationUri.apply(operation);
            if (uri == null) {
                throw new IllegalArgumentException("no function serves " + operation + " of the contract");
            }
            op.put("security", security(apiKeyScheme, access));
            op.put("x-amazon-apigateway-integration", proxyIntegration(uri));
        }
        copy.put("x-amazon-apigateway-api-key-source", "HEADER");
        copy.put("x-amazon-apigateway-request-validators", Map.of(PARAMETERS_ONLY_VALIDATOR,
                Map.of("validateRequestParameters", true, "validateRequestBody", false)));
        copy.put("x-amazon-apigateway-request-validator", PARAMETERS_ONLY_VALIDATOR);
        copy.put("x-amazon-apigateway-gateway-responses", problemResponses(access.corsOrigins()));
        return copy;
    }

    /** Reuses the contract's own x-api-key header scheme when it declares one; adds it otherwise. */
    private static String addSecuritySchemes(Map<String, Object> document, Access access) {
        Map<String, Object> components = map(document.computeIfAbsent("components", k -> new LinkedHashMap<>()));
        Map<String, Object> schemes = map(components.computeIfAbsent("securitySchemes", k -> new LinkedHashMap<>()));
        String apiKeyScheme = schemes.entrySet().stream()
                .filter(e -> e.getValue() instanceof Map<?, ?> scheme
                        && "apiKey".equals(scheme.get("type")) && "header".equals(scheme.get("in"))
                        && "x-api-key".equalsIgnoreCase(String.valueOf(scheme.get("name"))))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(API_KEY_SCHEME);
        schemes.putIfAbsent(apiKeyScheme,
                new LinkedHashMap<>(Map.of("type", "apiKey", "name", "x-api-key", "in", "header")));
        if (access.iamAuthorization()) {
            schemes.put(SIGV4_SCHEME, new LinkedHashMap<>(Map.of("type", "apiKey", "name", "Authorization",
                    "in", "header", "x-amazon-apigateway-authtype", "awsSigv4")));
        }
        return apiKeyScheme;
    }

    /** One requirement object naming both schemes: API Gateway then demands both on the method. */
    private static List<Object> security(String apiKeyScheme, Access access) {
        Map<String, Object> requirement = new LinkedHashMap<>();
        requirement.put(apiKeyScheme, List.of());
        if (access.iamAuthorization()) {
            requirement.put(SIGV4_SCHEME, List.of());
        }
        return List.of(requirement);
    }

    /** The methods of a path, in document order, OPTIONS last: what a preflight answer allows. */
    private static String methodsAt(Map<String, Object> document, String path) {
        List<String> methods = new ArrayList<>();
        for (Operation operation : operations(document)) {
            if (operation.path().equals(path) && !operation.isPreflight()) {
                methods.add(operation.method().toUpperCase(Locale.ROOT));
            }
        }
        methods.add("OPTIONS");
        return String.join(", ", methods);
    }

    /**
     * A preflight answered by the gateway alone: 204 with the allowed methods and headers, and
     * Access-Control-Allow-Origin only when the request's Origin is one of {@code origins}, echoed (a mapping
     * template can choose per request; a static header could name only one origin, or all of them with *).
     */
    static Map<String, Object> preflightIntegration(String methods, List<String> origins) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("method.response.header.Access-Control-Allow-Methods", "'" + methods + "'");
        parameters.put("method.response.header.Access-Control-Allow-Headers", "'" + CORS_ALLOWED_HEADERS + "'");
        parameters.put("method.response.header.Access-Control-Max-Age", "'" + CORS_MAX_AGE_SECONDS + "'");
        parameters.put("method.response.header.Vary", "'Origin'");
        StringBuilder template = new StringBuilder();
        if (!origins.isEmpty()) {
            template.append("#set($origin = $input.params().header.get('Origin'))\n");
            template.append("#if(");
            for (int i = 0; i < origins.size(); i++) {
                template.append(i == 0 ? "" : " || ").append("$origin == \"").append(origins.get(i)).append('"');
            }
            template.append(")\n#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n#end\n");
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", "204");
        response.put("responseParameters", parameters);
        response.put("responseTemplates", Map.of("application/json", template.toString()));
        Map<String, Object> integration = new LinkedHashMap<>();
        integration.put("type", "mock");
        integration.put("passthroughBehavior", "when_no_match");
        integration.put("requestTemplates", Map.of("application/json", "{\"statusCode\": 204}"));
        integration.put("responses", Map.of("default", response));
        return integration;
    }

    private static Map<String, Object> proxyIntegration(String uri) {
        Map<String, Object> integration = new LinkedHashMap<>();
        integration.put("type", "aws_proxy");
        integration.put("httpMethod", "POST");
        integration.put("uri", uri);
        integration.put("passthroughBehavior", "when_no_match");
        return integration;
    }

    /**
     * Errors the gateway answers by itself (missing or unknown API key, throttling, unknown route, a missing
     * required parameter) in the contract's media type, RFC 9457 problem details, instead of
     * {@code {"message": ...}}.
     */
    private static Map<String, Object> problemResponses(List<String> corsOrigins) {
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("DEFAULT_4XX", problem(null, corsOrigins));
        responses.put("DEFAULT_5XX", problem(null, corsOrigins));
        responses.put("THROTTLED", problem(429, corsOrigins));
        responses.put("QUOTA_EXCEEDED", problem(429, corsOrigins));
        return responses;
    }

    /**
     * A gateway error as a problem. With exactly one allowed origin it carries Access-Control-Allow-Origin, so
     * that page can read a refused key (403) instead of seeing a network error; a gateway response cannot
     * choose between several origins, and never says *.
     */
    private static Map<String, Object> problem(Integer status, List<String> corsOrigins) {
        String body = "{\"type\":\"about:blank\",\"title\":$context.error.messageString"
                + (status == null ? "" : ",\"status\":" + status)
                + ",\"requestId\":\"$context.requestId\"}";
        Map<String, Object> response = new LinkedHashMap<>();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("gatewayresponse.header.Content-Type", "'" + PROBLEM_JSON + "'");
        if (corsOrigins.size() == 1) {
            headers.put("gatewayresponse.header.Access-Control-Allow-Origin", "'" + corsOrigins.get(0) + "'");
            headers.put("gatewayresponse.header.Vary", "'Origin'");
        }
        response.put("responseParameters", headers);
        response.put("responseTemplates", Map.of(PROBLEM_JSON, body, "application/json", body));
        return response;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected an object in the OpenAPI document, found " + value);
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> deepCopy(Map<String, Object> document) {
        return YAML.convertValue(document, new TypeReference<LinkedHashMap<String, Object>>() { });
    }
}
