package io.recorder.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiResponse;
import io.recorder.http.CorsPolicy;
import io.recorder.telemetry.lambda.LocalLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Emulates what API Gateway (REST API, proxy integration, API key required, usage plan) does in front
 * of the functions: 403 for unknown routes or missing/invalid keys, 429 for throttling and quota, 413
 * over 10 MB, and the real proxy event shape passed to the same handler classes Lambda runs. Preflights
 * ({@code OPTIONS}) are answered as the deployed API's mock integration answers them (openapi.yaml), and
 * the gateway's own errors carry the CORS headers, so a page can tell a refused key from a network failure.
 */
final class ApiGatewayEmulator implements HttpHandler {
    /** API Gateway's payload limit for REST APIs. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    record Route(String method, String resource, String functionName, RequestStreamHandler handler) {
    }

    private final List<Route> routes;
    private final ApiKeys keys;
    private final UsagePlan usagePlan;
    private final AccessLog accessLog;
    private final long keepAliveSeconds;
    private final CorsPolicy cors;

    /** {@code keepAliveSeconds}: announced in {@code Keep-Alive: timeout=}, below the server's idle timeout. */
    ApiGatewayEmulator(List<Route> routes, ApiKeys keys, UsagePlan usagePlan, AccessLog accessLog, long keepAliveSeconds,
            CorsPolicy cors) {
        this.routes = List.copyOf(routes);
        this.keys = keys;
        this.usagePlan = usagePlan;
        this.accessLog = accessLog;
        this.keepAliveSeconds = keepAliveSeconds;
        this.cors = cors;
    }

    /** One line per request, like API Gateway's access log: never the key value or the body. */
    interface AccessLog {
        void request(String requestId, String method, String path, int status, long micros);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        int status;
        try {
            status = dispatch(exchange, requestId, method, path, started);
        } catch (RuntimeException e) {
            // What API Gateway answers when the integration fails (perhaps before the body was read).
            status = gatewayAnswer(exchange, requestId, 502, "Internal server error", hasBody(exchange));
        } finally {
            exchange.close();
        }
        accessLog.request(requestId, method, path, status, (System.nanoTime() - started) / 1000);
    }

    private int dispatch(HttpExchange exchange, String requestId, String method, String path, long now) throws IOException {
        // Answers given before the body is read leave it unread whenever the request has one.
        boolean unread = hasBody(exchange);
        if (method.equals("OPTIONS")) {
            List<String> methods = methodsAt(path);
            if (!methods.isEmpty()) {
                cors.preflightHeaders(origin(exchange), methods).forEach(exchange.getResponseHeaders()::set);
                exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
                send(exchange, 204, new byte[0], unread);
                return 204;
            }
        }
        Optional<Matched> matched = match(method, path);
        if (matched.isEmpty()) {
            return gatewayAnswer(exchange, requestId, 403, "Missing Authentication Token", unread);
        }
        List<String> keyValues = exchange.getRequestHeaders().getOrDefault("x-api-key", List.of());
        Optional<ApiKeys.Binding> key = keyValues.size() == 1 ? keys.lookup(keyValues.get(0)) : Optional.empty();
        if (key.isEmpty()) {
            return gatewayAnswer(exchange, requestId, 403, "Forbidden", unread);
        }
        switch (usagePlan.admit(key.get().apiKeyId(), now)) {
            case THROTTLED:
                return gatewayAnswer(exchange, requestId, 429, "Too Many Requests", unread);
            case QUOTA_EXCEEDED:
                return gatewayAnswer(exchange, requestId, 429, "Limit Exceeded", unread);
            default:
                break;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        }
        if (body.length > MAX_PAYLOAD_BYTES) {
            return gatewayAnswer(exchange, requestId, 413, "Request Too Long", true);
        }
        byte[] event = event(exchange, matched.get(), key.get().apiKeyId(), requestId, body);
        ByteArrayOutputStream output = new ByteArrayOutputStream(1024);
        matched.get().route().handler().handleRequest(new ByteArrayInputStream(event), output,
                new LocalLambdaContext(matched.get().route().functionName(), requestId));
        ApiResponse response = ApiGatewayEvents.readResponse(new ByteArrayInputStream(output.toByteArray()));
        byte[] responseBody = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        send(exchange, response.statusCode(), responseBody, false);
        return response.statusCode();
    }

    private record Matched(Route route, Map<String, String> pathParameters) {
    }

    /** The methods served at a path, then OPTIONS; empty when no resource is there. */
    private List<String> methodsAt(String rawPath) {
        List<String> methods = new ArrayList<>();
        for (Route route : routes) {
            if (!methods.contains(route.method()) && match(route.method(), rawPath).isPresent()) {
                methods.add(route.method());
            }
        }
        if (!methods.isEmpty()) {
            methods.add("OPTIONS");
        }
        return methods;
    }

    private static Optional<String> origin(HttpExchange exchange) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst("Origin"));
    }

    private Optional<Matched> match(String method, String rawPath) {
        String[] actual = trimSlashes(rawPath).split("/");
        for (Route route : routes) {
            if (!route.method().equalsIgnoreCase(method)) {
                continue;
            }
            String[] template = trimSlashes(route.resource()).split("/");
            if (template.length != actual.length) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                if (template[i].startsWith("{") && template[i].endsWith("}")) {
                    params.put(template[i].substring(1, template[i].length() - 1), URLDecoder.decode(actual[i], StandardCharsets.UTF_8));
                } else {
                    matches = template[i].equals(actual[i]);
                }
            }
            if (matches) {
                return Optional.of(new Matched(route, params));
            }
        }
        return Optional.empty();
    }

    private static String trimSlashes(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** The REST API proxy event, field for field as API Gateway sends it (minus the key value: see ADR 0004). */
    private static byte[] event(HttpExchange exchange, Matched matched, String apiKeyId, String requestId, byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 2048);
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        Instant now = Instant.now();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("resource", matched.route().resource());
            json.writeStringField("path", exchange.getRequestURI().getPath());
            json.writeStringField("httpMethod", exchange.getRequestMethod());
            json.writeObjectFieldStart("headers");
            exchange.getRequestHeaders().forEach((name, values) -> {
                try {
                    json.writeStringField(name, values.get(values.size() - 1));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            json.writeEndObject();
            json.writeObjectFieldStart("multiValueHeaders");
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                stringArray(json, header.getKey(), header.getValue());
            }
            json.writeEndObject();
            if (query.isEmpty()) {
                json.writeNullField("queryStringParameters");
                json.writeNullField("multiValueQueryStringParameters");
            } else {
                json.writeObjectFieldStart("queryStringParameters");
                for (Map.Entry<String, List<String>> param : query.entrySet()) {
                    json.writeStringField(param.getKey(), param.getValue().get(param.getValue().size() - 1));
                }
                json.writeEndObject();
                json.writeObjectFieldStart("multiValueQueryStringParameters");
                for (Map.Entry<String, List<String>> param : query.entrySet()) {
                    stringArray(json, param.getKey(), param.getValue());
                }
                json.writeEndObject();
            }
            if (matched.pathParameters().isEmpty()) {
                json.writeNullField("pathParameters");
            } else {
                json.writeObjectFieldStart("pathParameters");
                for (Map.Entry<String, String> param : matched.pathParameters().entrySet()) {
                    json.writeStringField(param.getKey(), param.getValue());
                }
                json.writeEndObject();
            }
            json.writeNullField("stageVariables");
            json.writeObjectFieldStart("requestContext");
            json.writeStringField("resourceId", "local");
            json.writeStringField("resourcePath", matched.route().resource());
            json.writeStringField("httpMethod", exchange.getRequestMethod());
            json.writeStringField("extendedRequestId", requestId);
            json.writeNumberField("requestTimeEpoch", now.toEpochMilli());
            json.writeStringField("path", "/local" + exchange.getRequestURI().getPath());
            json.writeStringField("accountId", "000000000000");
            json.writeStringField("protocol", exchange.getProtocol());
            json.writeStringField("stage", "local");
            json.writeStringField("domainPrefix", "localhost");
            json.writeStringField("requestId", requestId);
            json.writeObjectFieldStart("identity");
            json.writeStringField("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
            json.writeStringField("userAgent", exchange.getRequestHeaders().getFirst("User-Agent"));
            json.writeStringField("apiKeyId", apiKeyId);
            json.writeEndObject();
            json.writeStringField("domainName", "localhost");
            json.writeStringField("apiId", "local");
            json.writeEndObject();
            if (body.length == 0) {
                json.writeNullField("body"); // API Gateway sends null, not "", for an empty body
            } else {
                json.writeStringField("body", new String(body, StandardCharsets.UTF_8));
            }
            json.writeBooleanField("isBase64Encoded", false);
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void stringArray(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static boolean hasBody(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return exchange.getRequestHeaders().containsKey("Transfer-Encoding") || (length != null && !length.strip().equals("0"));
    }

    private int gatewayAnswer(HttpExchange exchange, String requestId, int status, String message, boolean bodyUnread)
            throws IOException {
        cors.responseHeaders(origin(exchange)).forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", status == 403 ? "ForbiddenException"
                : status == 429 ? "TooManyRequestsException" : status == 413 ? "RequestTooLongException" : "InternalServerErrorException");
        send(exchange, status, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8), bodyUnread);
        return status;
    }

    /**
     * The JDK server closes a connection after the response when it cannot drain what is left of the
     * request body (more than 64 KB), without saying so: a keep-alive client then sent its next request
     * on a closed socket and got ECONNRESET (docs/reliability.md, Findings). So an answer that leaves a
     * body unread closes the connection and says so; every other answer tells the client how long the
     * server keeps the idle connection, so that the client retires it first.
     */
    private void send(HttpExchange exchange, int status, byte[] body, boolean close) throws IOException {
        if (close) {
            exchange.getResponseHeaders().set("Connection", "close"); // the JDK server closes after sending
        } else {
            exchange.getResponseHeaders().set("Keep-Alive", "timeout=" + keepAliveSeconds);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
