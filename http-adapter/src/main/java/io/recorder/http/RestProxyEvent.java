package io.recorder.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a REST proxy event as API Gateway sends it to a function: each header and query parameter in
 * both the single- and the multi-value map, absent maps as {@code null}, the request id and API key id
 * in the request context. For code that calls a handler without API Gateway in front: SnapStart
 * priming and the benchmarks. (Tests start from verbatim captured events instead.)
 */
public final class RestProxyEvent {
    private static final JsonFactory JSON = new JsonFactory();

    private final String httpMethod;
    private final String resource;
    private String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private String body;
    private String requestId = "request";
    private String apiKeyId;

    private RestProxyEvent(String httpMethod, String resource) {
        this.httpMethod = httpMethod;
        this.resource = resource;
        this.path = resource;
    }

    /** {@code resource} is the route's template (e.g. {@code /payments/{paymentId}}); the path defaults to it. */
    public static RestProxyEvent of(String httpMethod, String resource) {
        return new RestProxyEvent(httpMethod, resource);
    }

    public RestProxyEvent path(String path) {
        this.path = path;
        return this;
    }

    public RestProxyEvent header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public RestProxyEvent query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public RestProxyEvent pathParameter(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    public RestProxyEvent body(String body) {
        this.body = body;
        return this;
    }

    public RestProxyEvent requestId(String requestId) {
        this.requestId = requestId;
        return this;
    }

    public RestProxyEvent apiKeyId(String apiKeyId) {
        this.apiKeyId = apiKeyId;
        return this;
    }

    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("resource", resource);
            json.writeStringField("path", path);
            json.writeStringField("httpMethod", httpMethod);
            map(json, "headers", headers, false);
            map(json, "multiValueHeaders", headers, true);
            map(json, "queryStringParameters", query, false);
            map(json, "multiValueQueryStringParameters", query, true);
            map(json, "pathParameters", pathParameters, false);
            json.writeNullField("stageVariables");
            requestContext(json);
            json.writeStringField("body", body);
            json.writeBooleanField("isBase64Encoded", false);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return out.toByteArray();
    }

    public InputStream toStream() {
        return new ByteArrayInputStream(toJson());
    }

    /** The event as the functions read it. */
    public ApiRequest toRequest() {
        try {
            return ApiGatewayEvents.read(toStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading from memory what was just written
        }
    }

    /** All the fields API Gateway sends, though the functions read two: the parser skips the rest, as in Lambda. */
    private void requestContext(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("requestContext");
        json.writeStringField("resourceId", "r35ou7");
        json.writeStringField("resourcePath", resource);
        json.writeStringField("httpMethod", httpMethod);
        json.writeStringField("extendedRequestId", requestId);
        json.writeStringField("requestTime", "01/Aug/2024:12:35:01 +0000");
        json.writeStringField("path", "/prod" + path);
        json.writeStringField("accountId", "123456789012");
        json.writeStringField("protocol", "HTTP/1.1");
        json.writeStringField("stage", "prod");
        json.writeStringField("domainPrefix", "a13bvy562h");
        json.writeNumberField("requestTimeEpoch", 1722515701000L);
        json.writeStringField("requestId", requestId);
        json.writeObjectFieldStart("identity");
        for (String absent : new String[] {"cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "principalOrgId",
                "cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn", "user"}) {
            json.writeNullField(absent);
        }
        json.writeStringField("sourceIp", "203.0.113.7");
        json.writeStringField("userAgent", headers.get("User-Agent"));
        json.writeStringField("apiKeyId", apiKeyId);
        json.writeEndObject();
        json.writeStringField("domainName", "a13bvy562h.execute-api.eu-west-2.amazonaws.com");
        json.writeStringField("deploymentId", "d4e5f6");
        json.writeStringField("apiId", "a13bvy562h");
        json.writeEndObject();
    }

    /** API Gateway's two forms of the same map: {"a":"1"} and, multi-valued, {"a":["1"]}; null when empty. */
    private static void map(JsonGenerator json, String field, Map<String, String> values, boolean multiValued) throws IOException {
        if (values.isEmpty()) {
            json.writeNullField(field);
            return;
        }
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (multiValued) {
                json.writeArrayFieldStart(entry.getKey());
                json.writeString(entry.getValue());
                json.writeEndArray();
            } else {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
        }
        json.writeEndObject();
    }
}
