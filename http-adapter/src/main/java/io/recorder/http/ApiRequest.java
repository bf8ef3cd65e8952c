package io.recorder.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an API Gateway REST (proxy) event this API uses. Read from the raw event JSON by
 * {@link ApiGatewayEvents}, not through the aws-lambda-java-events POJO: that class has no
 * {@code requestContext.identity.apiKeyId}, which is how a request's client is identified.
 */
public record ApiRequest(
        String httpMethod,
        String resource,
        Map<String, List<String>> headers,
        Map<String, List<String>> queryParameters,
        Map<String, String> pathParameters,
        String body,
        boolean base64Encoded,
        String requestId,
        String apiKeyId) {

    public ApiRequest {
        headers = Map.copyOf(headers);
        queryParameters = Map.copyOf(queryParameters);
        pathParameters = Map.copyOf(pathParameters);
    }

    /** The first value of a header, whatever its case. */
    public Optional<String> header(String name) {
        List<String> values = headerValues(name);
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** All values of a header: more than one means the client sent it twice. */
    public List<String> headerValues(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return List.of();
    }

    /** The body as text, or empty when none was sent. Base64 bodies (binary media types) are decoded. */
    public Optional<String> decodedBody() {
        if (body == null) {
            return Optional.empty();
        }
        if (base64Encoded) {
            try {
                return Optional.of(new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notBase64) {
                return Optional.of(body);
            }
        }
        return Optional.of(body);
    }

    /** The API Gateway id of the API key that authenticated the request (never the key's value). */
    public Optional<String> apiKeyIdentity() {
        return Optional.ofNullable(apiKeyId).filter(id -> !id.isBlank());
    }

    public Optional<String> pathParameter(String name) {
        return Optional.ofNullable(pathParameters.get(name));
    }

    /** All values of a query parameter (repeated parameters are visible so they can be refused). */
    public List<String> queryValues(String name) {
        return queryParameters.getOrDefault(name, List.of());
    }

    /** Never prints headers or the body: they carry the API key value and client data. */
    @Override
    public String toString() {
        return "ApiRequest[" + method() + " " + resource + ", requestId=" + requestId + ", apiKeyId=" + apiKeyId
                + ", headers=" + headers.keySet() + ", body=" + (body == null ? "none" : body.length() + " chars") + "]";
    }

    public String method() {
        return httpMethod == null ? "" : httpMethod.toUpperCase(Locale.ROOT);
    }
}
