package io.recorder.query;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recorder.http.ApiGatewayEvents;
import io.recorder.http.ApiResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A real API Gateway REST proxy event (kept verbatim under src/test/resources/events), with the parts a
 * test varies changed the way API Gateway would change them (query parameters in both maps, the path
 * parameter and the path together).
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

    /** GET /payments?limit=7 from API key id {@code k7q2m9x4ab}; {@link #noQuery()} for the bare listing. */
    static ApiGatewayEvent listPayments() {
        return fixture("get-payments.json");
    }

    static ApiGatewayEvent getPayment(String paymentId) {
        return fixture("get-payment.json").path("paymentId", "/payments/", paymentId);
    }

    /** GET /recurring-payments?status=ACTIVE. */
    static ApiGatewayEvent listSeries() {
        return fixture("get-recurring-payments.json");
    }

    /** GET /recurring-payments/upcoming?within=P30D. */
    static ApiGatewayEvent upcoming() {
        return fixture("get-recurring-upcoming.json");
    }

    static ApiGatewayEvent getSeries(String seriesId) {
        return fixture("get-recurring-series.json").path("seriesId", "/recurring-payments/", seriesId);
    }

    /** GET /spending/monthly?from=2024-01&to=2024-12. */
    static ApiGatewayEvent monthlySpending() {
        return fixture("get-spending-monthly.json");
    }

    /** POST /payments with the published example body (for seeding through the ingest handler). */
    static ApiGatewayEvent postPayment() {
        return fixture("post-payment.json");
    }

    /** POST /payments/{paymentId}/reversal with a reason (for reversing through the ingest handler). */
    static ApiGatewayEvent postReversal(String paymentId) {
        return fixture("post-reversal.json").path("paymentId", "/payments/", paymentId).reversalPath(paymentId);
    }

    private ApiGatewayEvent reversalPath(String paymentId) {
        event.put("path", "/payments/" + paymentId + "/reversal");
        ((ObjectNode) event.get("requestContext")).put("path", "/prod/payments/" + paymentId + "/reversal");
        return this;
    }

    String resource() {
        return event.get("resource").asText();
    }

    ApiGatewayEvent noQuery() {
        event.putNull("queryStringParameters");
        event.putNull("multiValueQueryStringParameters");
        return this;
    }

    /** Sets (or, without values, removes) a query parameter; several values = a repeated parameter. */
    ApiGatewayEvent query(String name, String... values) {
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

    ApiGatewayEvent body(String body) {
        event.put("body", body);
        return this;
    }

    ApiGatewayEvent header(String name, String value) {
        for (String map : new String[] {"headers", "multiValueHeaders"}) {
            Iterator<Map.Entry<String, JsonNode>> fields = event.get(map).fields();
            while (fields.hasNext()) {
                if (fields.next().getKey().equalsIgnoreCase(name)) {
                    fields.remove();
                }
            }
        }
        ((ObjectNode) event.get("headers")).put(name, value);
        ((ObjectNode) event.get("multiValueHeaders")).putArray(name).add(value);
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

    ApiResponse sendTo(RequestStreamHandler handler) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
            return ApiGatewayEvents.readResponse(new ByteArrayInputStream(out.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
