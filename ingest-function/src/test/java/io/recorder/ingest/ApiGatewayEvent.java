package io.recorder.ingest;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiResponse;
import io.recorder.telemetry.lambda.LocalLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A real API Gateway REST proxy event (kept verbatim under src/test/resources/events), with the parts a
 * test varies changed the way API Gateway would change them (headers in both maps, and so on).
 */
final class ApiGatewayEvent {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode event;

    private ApiGatewayEvent(ObjectNode event) {
        this.event = event;
    }

    static ApiGatewayEvent fixture(String name) {
        try (InputStream in = ApiGatewayEvent.class.getResourceAsStream("/events/" + name)) {
            return new ApiGatewayEvent((ObjectNode) JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POST /payments with the published example body, from API key id {@code k7q2m9x4ab}. */
    static ApiGatewayEvent postPayment() {
        return fixture("post-payment.json");
    }

    /** POST /payments/{paymentId}/reversal with a reason, from API key id {@code k7q2m9x4ab}, for {@code paymentId}. */
    static ApiGatewayEvent postReversal(String paymentId) {
        return fixture("post-reversal.json").pathParameter("paymentId", paymentId);
    }

    /** Sets a path parameter and the paths API Gateway derives from it (the raw id, as a client could send anything). */
    ApiGatewayEvent pathParameter(String name, String value) {
        String template = event.get("resource").asText();
        String path = template.replace("{" + name + "}", value);
        ((ObjectNode) event.get("pathParameters")).put(name, value);
        event.put("path", path);
        ((ObjectNode) event.get("requestContext")).put("path", "/prod" + path);
        return this;
    }

    String pathParameterValue(String name) {
        return event.get("pathParameters").get(name).asText();
    }

    ApiGatewayEvent body(String body) {
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        return this;
    }

    ApiGatewayEvent header(String name, String... values) {
        removeHeader(name);
        if (values.length > 0) {
            ((ObjectNode) event.get("headers")).put(name, values[values.length - 1]);
            ArrayNode all = ((ObjectNode) event.get("multiValueHeaders")).putArray(name);
            for (String value : values) {
                all.add(value);
            }
        }
        return this;
    }

    ApiGatewayEvent removeHeader(String name) {
        for (String map : new String[] {"headers", "multiValueHeaders"}) {
            Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields = event.get(map).fields();
            while (fields.hasNext()) {
                if (fields.next().getKey().equalsIgnoreCase(name)) {
                    fields.remove();
                }
            }
        }
        return this;
    }

    ApiGatewayEvent apiKeyId(String id) {
        ((ObjectNode) event.get("requestContext").get("identity")).put("apiKeyId", id);
        return this;
    }

    ApiGatewayEvent requestId(String id) {
        ((ObjectNode) event.get("requestContext")).put("requestId", id);
        return this;
    }

    byte[] bytes() {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ApiResponse sendTo(RequestStreamHandler handler) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(bytes()), out,
                    new LocalLambdaContext("payments-ingest", "lambda-" + event.get("requestContext").get("requestId").asText()));
            return ApiGatewayEvents.readResponse(new ByteArrayInputStream(out.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
