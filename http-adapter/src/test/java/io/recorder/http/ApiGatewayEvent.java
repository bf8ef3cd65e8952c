package io.recorder.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A real API Gateway REST proxy event, kept verbatim under {@code src/test/resources/events/} of this
 * module (shared with the functions' tests through its test jar), with the parts a test varies changed
 * the way API Gateway would change them: headers and query parameters in both maps, the path parameter
 * and the path together. The one way the tests load an API Gateway event.
 */
public final class ApiGatewayEvent {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode event;

    private ApiGatewayEvent(ObjectNode event) {
        this.event = event;
    }

    public static ApiGatewayEvent fixture(String name) {
        try (InputStream in = ApiGatewayEvent.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture events/" + name);
            }
            return new ApiGatewayEvent((ObjectNode) JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POST /payments with the published example body, from API key id {@code k7q2m9x4ab}. */
    public static ApiGatewayEvent postPayment() {
        return fixture("post-payment.json");
    }

    /** GET /payments?limit=7 from API key id {@code k7q2m9x4ab}; {@link #noQuery()} for the bare listing. */
    public static ApiGatewayEvent listPayments() {
        return fixture("get-payments.json");
    }

    public static ApiGatewayEvent getPayment(String paymentId) {
        return fixture("get-payment.json").path("paymentId", "/payments/", paymentId);
    }

    /** GET /recurring-payments?status=ACTIVE. */
    public static ApiGatewayEvent listSeries() {
        return fixture("get-recurring-payments.json");
    }

    /** GET /recurring-payments/upcoming?within=P30D. */
    public static ApiGatewayEvent upcoming() {
        return fixture("get-recurring-upcoming.json");
    }

    public static ApiGatewayEvent getSeries(String seriesId) {
        return fixture("get-recurring-series.json").path("seriesId", "/recurring-payments/", seriesId);
    }

    /** GET /spending/monthly?from=2024-01&to=2024-12. */
    public static ApiGatewayEvent monthlySpending() {
        return fixture("get-spending-monthly.json");
    }

    /** POST /payments/{paymentId}/reversal with a reason, from API key id {@code k7q2m9x4ab}, for {@code paymentId}. */
    public static ApiGatewayEvent postReversal(String paymentId) {
        return fixture("post-reversal.json").pathParameter("paymentId", paymentId);
    }

    /** Sets a path parameter and the paths API Gateway derives from it (the raw value: a client can send anything). */
    public ApiGatewayEvent pathParameter(String name, String value) {
        String path = event.get("resource").asText().replace("{" + name + "}", value);
        ((ObjectNode) event.get("pathParameters")).put(name, value);
        event.put("path", path);
        ((ObjectNode) event.get("requestContext")).put("path", "/prod" + path);
        return this;
    }

    public String pathParameterValue(String name) {
        return event.get("pathParameters").get(name).asText();
    }

    /**
     * The response a function gives to a fixture, kept beside it as {@code <name>.response.json}: status,
     * headers, and the body as JSON rather than the escaped string the proxy response carries, so it reads.
     */
    public static JsonNode expectedResponse(String name) {
        String file = name.replaceFirst("\\.json$", ".response.json");
        try (InputStream in = ApiGatewayEvent.class.getResourceAsStream("/events/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no expected response events/" + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response in the shape of {@link #expectedResponse}, to compare with it. */
    public static JsonNode asExpected(ApiResponse response) {
        ObjectNode json = JSON.createObjectNode();
        json.put("statusCode", response.statusCode());
        json.set("headers", JSON.valueToTree(response.headers()));
        try {
            json.set("body", response.body() == null ? JSON.nullNode() : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json;
    }

    public String resource() {
        return event.get("resource").asText();
    }

    public ApiGatewayEvent body(String body) {
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        return this;
    }

    /** Sets a header (several values = a repeated header), replacing it whatever its case. */
    public ApiGatewayEvent header(String name, String... values) {
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

    public ApiGatewayEvent removeHeader(String name) {
        for (String map : new String[] {"headers", "multiValueHeaders"}) {
            Iterator<Map.Entry<String, JsonNode>> fields = event.get(map).fields();
            while (fields.hasNext()) {
                if (fields.next().getKey().equalsIgnoreCase(name)) {
                    fields.remove();
                }
            }
        }
        return this;
    }

    public ApiGatewayEvent noQuery() {
        event.putNull("queryStringParameters");
        event.putNull("multiValueQueryStringParameters");
        return this;
    }

    /** Sets (or, without values, removes) a query parameter; several values = a repeated parameter. */
    public ApiGatewayEvent query(String name, String... values) {
        ObjectNode single = event.get("queryStringParameters") instanceof ObjectNode o ? o : event.putObject("queryStringParameters");
        ObjectNode multi = event.get("multiValueQueryStringParameters") instanceof ObjectNode o ? o : event.putObject("multiValueQueryStringParameters");
        single.remove(name);
        multi.remove(name);
        if (values.length > 0) {
            single.put(name, values[values.length - 1]);
            ArrayNode all = multi.putArray(name);
            for (String value : values) {
                all.add(value);
            }
        }
        if (single.isEmpty()) {
            noQuery();
        }
        return this;
    }

    private ApiGatewayEvent path(String parameter, String prefix, String value) {
        ((ObjectNode) event.get("pathParameters")).put(parameter, value);
        event.put("path", prefix + value);
        ((ObjectNode) event.get("requestContext")).put("path", "/prod" + prefix + value);
        return this;
    }

    public ApiGatewayEvent apiKeyId(String id) {
        ((ObjectNode) event.get("requestContext").get("identity")).put("apiKeyId", id);
        return this;
    }

    public ApiGatewayEvent requestId(String id) {
        ((ObjectNode) event.get("requestContext")).put("requestId", id);
        return this;
    }

    public String apiKeyId() {
        return event.get("requestContext").get("identity").get("apiKeyId").asText();
    }

    public String requestId() {
        return event.get("requestContext").get("requestId").asText();
    }

    public byte[] bytes() {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Invokes the handler without a Lambda context. */
    public ApiResponse sendTo(RequestStreamHandler handler) {
        return sendTo(handler, null);
    }

    public ApiResponse sendTo(RequestStreamHandler handler, Context context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(bytes()), out, context);
            return ApiGatewayEvents.readResponse(new ByteArrayInputStream(out.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
