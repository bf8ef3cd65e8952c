package io.recorder.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.recorder.ledger.FieldError;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** Builds API Gateway responses with the headers every answer of this API carries. */
public final class ApiResponses {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

    private ApiResponses() {
    }

    public static ApiResponse json(int status, String body, Map<String, String> extraHeaders) {
        Map<String, String> headers = baseHeaders(JSON);
        headers.putAll(extraHeaders);
        return new ApiResponse(status, headers, body);
    }

    public static ApiResponse problem(Problem problem, String requestId) {
        Map<String, String> headers = baseHeaders(PROBLEM_JSON);
        headers.putAll(problem.headers());
        return new ApiResponse(problem.status(), headers, write(problem, requestId));
    }

    private static Map<String, String> baseHeaders(String contentType) {
        Map<String, String> headers = new HashMap<>(8);
        headers.put("Content-Type", contentType);
        // Payment data is personal and changes: never cached by browsers or intermediaries.
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        return headers;
    }

    static String write(Problem problem, String requestId) {
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("type", problem.type());
            json.writeStringField("title", problem.title());
            json.writeNumberField("status", problem.status());
            json.writeStringField("detail", problem.detail());
            json.writeStringField("requestId", requestId);
            if (!problem.errors().isEmpty()) {
                json.writeArrayFieldStart("errors");
                for (FieldError error : problem.errors()) {
                    json.writeStartObject();
                    json.writeStringField("field", error.field());
                    json.writeStringField("detail", error.reason());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        });
    }

    /** Small JSON-writing helper around the streaming generator. */
    public static final class Json {
        @FunctionalInterface
        public interface Writer {
            void write(JsonGenerator json) throws IOException;
        }

        private Json() {
        }

        public static String write(Writer writer) {
            StringWriter out = new StringWriter(256);
            try (JsonGenerator json = JsonBodies.FACTORY.createGenerator(out)) {
                writer.write(json);
            } catch (IOException e) {
                throw new UncheckedIOException("writing JSON to memory cannot fail", e);
            }
            return out.toString();
        }
    }
}
