package io.recorder.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads API Gateway REST proxy events and writes proxy responses with the streaming JSON API: no
 * reflection-based mapping at cold start, and every field of the real event is reachable.
 */
public final class ApiGatewayEvents {
    /** Lenient factory for events: they come from API Gateway, not from clients. */
    private static final JsonFactory EVENTS = new JsonFactory();

    private ApiGatewayEvents() {
    }

    public static ApiRequest read(InputStream input) throws IOException {
        Map<String, Object> event;
        try (JsonParser parser = EVENTS.createParser(input)) {
            if (parser.nextToken() == null) {
                throw new IOException("empty event");
            }
            event = asMap(readValue(parser));
        }
        Map<String, Object> context = asMap(event.get("requestContext"));
        Map<String, Object> identity = asMap(context.get("identity"));
        return new ApiRequest(
                (String) event.get("httpMethod"),
                (String) event.get("resource"),
                multi(event, "multiValueHeaders", "headers"),
                multi(event, "multiValueQueryStringParameters", "queryStringParameters"),
                strings(asMap(event.get("pathParameters"))),
                (String) event.get("body"),
                Boolean.TRUE.equals(event.get("isBase64Encoded")),
                context.get("requestId") instanceof String id ? id : "unknown",
                (String) identity.get("apiKeyId"));
    }

    public static void write(ApiResponse response, OutputStream output) throws IOException {
        try (JsonGenerator json = EVENTS.createGenerator(output)) {
            json.writeStartObject();
            json.writeNumberField("statusCode", response.statusCode());
            json.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> header : response.headers().entrySet()) {
                json.writeStringField(header.getKey(), header.getValue());
            }
            json.writeEndObject();
            json.writeStringField("body", response.body());
            json.writeBooleanField("isBase64Encoded", false);
            json.writeEndObject();
        }
    }

    /** Reads a proxy integration response (what a handler wrote), e.g. in the local API Gateway emulator. */
    public static ApiResponse readResponse(InputStream input) throws IOException {
        Map<String, Object> response;
        try (JsonParser parser = EVENTS.createParser(input)) {
            if (parser.nextToken() == null) {
                throw new IOException("empty response");
            }
            response = asMap(readValue(parser));
        }
        Object status = response.get("statusCode");
        return new ApiResponse(
                status == null ? 502 : Integer.parseInt(status.toString()),
                strings(asMap(response.get("headers"))),
                (String) response.get("body"));
    }

    /** The multi-value map when present (it has every value), else the single-value one. */
    private static Map<String, List<String>> multi(Map<String, Object> event, String multiKey, String singleKey) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, Object> multi = asMap(event.get(multiKey));
        if (!multi.isEmpty()) {
            multi.forEach((name, values) -> {
                List<String> list = new ArrayList<>();
                if (values instanceof List<?> raw) {
                    raw.forEach(v -> list.add(v == null ? null : v.toString()));
                }
                out.put(name, list);
            });
            return out;
        }
        strings(asMap(event.get(singleKey))).forEach((name, value) -> out.put(name, List.of(value)));
        return out;
    }

    private static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> out = new HashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v.toString());
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, readValue(parser));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(parser));
                }
                return list;
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                return parser.getText();
        }
    }
}
