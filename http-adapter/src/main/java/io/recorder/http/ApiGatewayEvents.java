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

    /**
     * Reads only what the handlers use, streaming: everything else (CloudFront headers aside, the
     * request context is most of a 2 KB event) is skipped without building objects for it.
     */
    public static ApiRequest read(InputStream input) throws IOException {
        String httpMethod = null;
        String resource = null;
        String body = null;
        boolean base64 = false;
        String requestId = "unknown";
        String apiKeyId = null;
        Map<String, List<String>> multiHeaders = Map.of();
        Map<String, List<String>> singleHeaders = Map.of();
        Map<String, List<String>> multiQuery = Map.of();
        Map<String, List<String>> singleQuery = Map.of();
        Map<String, String> pathParameters = Map.of();
        try (JsonParser parser = EVENTS.createParser(input)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException("empty event");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IOException("an API Gateway event is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "httpMethod" -> httpMethod = text(parser, value);
                    case "resource" -> resource = text(parser, value);
                    case "body" -> body = text(parser, value);
                    case "isBase64Encoded" -> base64 = value == JsonToken.VALUE_TRUE;
                    case "headers" -> singleHeaders = singleValues(parser, value);
                    case "multiValueHeaders" -> multiHeaders = multiValues(parser, value);
                    case "queryStringParameters" -> singleQuery = singleValues(parser, value);
                    case "multiValueQueryStringParameters" -> multiQuery = multiValues(parser, value);
                    case "pathParameters" -> pathParameters = strings(parser, value);
                    case "requestContext" -> {
                        String[] ids = requestContext(parser, value);
                        requestId = ids[0] != null ? ids[0] : requestId;
                        apiKeyId = ids[1];
                    }
                    default -> parser.skipChildren();
                }
            }
        }
        // The multi-value maps have every value; the single-value ones only the last of each.
        return new ApiRequest(httpMethod, resource,
                multiHeaders.isEmpty() ? singleHeaders : multiHeaders,
                multiQuery.isEmpty() ? singleQuery : multiQuery,
                pathParameters, body, base64, requestId, apiKeyId);
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.isStructStart()) {
            parser.skipChildren();
            return null;
        }
        return parser.getText();
    }

    /** {@code requestContext.requestId} and {@code requestContext.identity.apiKeyId}; the rest is skipped. */
    private static String[] requestContext(JsonParser parser, JsonToken value) throws IOException {
        String[] ids = new String[2];
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return ids;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken next = parser.nextToken();
            if (field.equals("requestId")) {
                ids[0] = text(parser, next);
            } else if (field.equals("identity") && next == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String identityField = parser.currentName();
                    JsonToken identityValue = parser.nextToken();
                    if (identityField.equals("apiKeyId")) {
                        ids[1] = text(parser, identityValue);
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
        return ids;
    }

    private static Map<String, List<String>> singleValues(JsonParser parser, JsonToken value) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        strings(parser, value).forEach((name, text) -> out.put(name, List.of(text)));
        return out;
    }

    private static Map<String, String> strings(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String text = text(parser, parser.nextToken());
            if (text != null) {
                out.put(name, text);
            }
        }
        return out;
    }

    private static Map<String, List<String>> multiValues(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken values = parser.nextToken();
            List<String> list = new ArrayList<>(1);
            if (values == JsonToken.START_ARRAY) {
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    list.add(text(parser, item));
                }
            } else {
                parser.skipChildren();
            }
            out.put(name, list);
        }
        return out;
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
