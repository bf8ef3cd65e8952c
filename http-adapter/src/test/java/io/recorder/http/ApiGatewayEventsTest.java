package io.recorder.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads real API Gateway REST proxy events (verbatim JSON under src/test/resources/events/) and writes proxy responses. */
class ApiGatewayEventsTest {

    static final String API_KEY_VALUE = "Kx9pQ2vR7tY4uW1zA3bC5dE6fG8hJ0kL2mN4pQ6s";

    static ApiRequest event(String name) throws IOException {
        return ApiGatewayEvents.read(new ByteArrayInputStream(ApiGatewayEvent.fixture(name).bytes()));
    }

    static ApiRequest eventJson(String json) throws IOException {
        return ApiGatewayEvents.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_post_carries_method_resource_body_request_id_and_api_key_id() throws IOException {
        ApiRequest request = event("post-payment-with-idempotency-key.json");

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.resource()).isEqualTo("/payments");
        assertThat(request.requestId()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        assertThat(request.apiKeyIdentity()).contains("d2kx8q4n1m");
        assertThat(request.base64Encoded()).isFalse();
        assertThat(request.decodedBody()).contains(
                "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"Dollars\",\"amount\":500}");
        assertThat(request.pathParameters()).isEmpty();
        assertThat(request.queryParameters()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Idempotency-Key", "idempotency-key", "IDEMPOTENCY-KEY", "iDeMpOtEnCy-KeY"})
    void headers_are_found_whatever_their_case(String name) throws IOException {
        ApiRequest request = event("post-payment-with-idempotency-key.json");

        assertThat(request.header(name)).contains("8e03978e-40d5-43e8-bc93-6894a57f9324");
        assertThat(request.headerValues(name)).containsExactly("8e03978e-40d5-43e8-bc93-6894a57f9324");
    }

    @Test
    void headers_keep_their_values_verbatim_and_absent_headers_are_empty() throws IOException {
        ApiRequest request = event("post-payment-with-idempotency-key.json");

        assertThat(request.header("content-type")).contains("application/json");
        assertThat(request.header("x-forwarded-for")).contains("203.0.113.17, 130.176.179.81");
        assertThat(request.header("Authorization")).isEmpty();
        assertThat(request.headerValues("Authorization")).isEmpty();
    }

    @Test
    void repeated_headers_and_query_parameters_keep_every_value() throws IOException {
        ApiRequest request = event("get-series-payments.json");

        assertThat(request.headerValues("accept")).containsExactly("application/json", "application/problem+json");
        assertThat(request.header("Accept")).contains("application/json");
        assertThat(request.queryValues("limit")).containsExactly("10", "20");
        assertThat(request.queryValues("cursor")).containsExactly("eyJrIjoxfQ");
        assertThat(request.queryValues("missing")).isEmpty();
    }

    @Test
    void a_get_has_path_parameters_and_no_body() throws IOException {
        ApiRequest request = event("get-series-payments.json");

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.resource()).isEqualTo("/series/{seriesId}/payments");
        assertThat(request.pathParameter("seriesId")).contains("ser_0123456789abcdefghjkmnpqrs");
        assertThat(request.pathParameter("paymentId")).isEmpty();
        assertThat(request.decodedBody()).isEmpty();
        assertThat(request.requestId()).isEqualTo("5d2c1b0a-9f8e-4d7c-b6a5-948372615e0d");
    }

    @Test
    void a_base64_body_is_decoded_as_utf8() throws IOException {
        ApiRequest request = event("post-payment-base64.json");

        assertThat(request.base64Encoded()).isTrue();
        assertThat(request.decodedBody()).contains(
                "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Café ☕\",\"currency\":\"EUR\",\"amount\":\"4.50\"}");
        assertThat(request.header("Idempotency-Key")).isEmpty();
    }

    @Test
    void the_single_value_maps_are_used_when_the_multi_value_maps_are_absent() throws IOException {
        ApiRequest request = eventJson("{\"httpMethod\":\"post\",\"headers\":{\"Content-Type\":\"application/json\"},"
                + "\"queryStringParameters\":{\"limit\":\"5\"},\"pathParameters\":{\"paymentId\":\"pay_x\",\"none\":null},"
                + "\"requestContext\":{\"requestId\":\"r-1\",\"identity\":{\"apiKeyId\":\"k-1\"}},\"body\":\"{}\"}");

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("content-type")).contains("application/json");
        assertThat(request.queryValues("limit")).containsExactly("5");
        assertThat(request.pathParameters()).containsOnlyKeys("paymentId");
        assertThat(request.apiKeyIdentity()).contains("k-1");
    }

    @Test
    void an_event_without_request_context_has_an_unknown_request_id_and_no_key() throws IOException {
        ApiRequest request = eventJson("{\"httpMethod\":\"GET\",\"body\":null}");

        assertThat(request.requestId()).isEqualTo("unknown");
        assertThat(request.apiKeyIdentity()).isEmpty();
        assertThat(request.headers()).isEmpty();
        assertThat(request.method()).isEqualTo("GET");
    }

    @Test
    void a_blank_api_key_id_is_no_identity() throws IOException {
        ApiRequest request = eventJson("{\"requestContext\":{\"identity\":{\"apiKeyId\":\" \"}}}");
        assertThat(request.apiKeyIdentity()).isEmpty();
    }

    @Test
    void the_request_keeps_the_api_key_id_never_the_api_key_value_from_the_identity() throws IOException {
        ApiRequest request = event("post-payment-with-idempotency-key.json");

        assertThat(request.apiKeyId()).isEqualTo("d2kx8q4n1m").doesNotContain(API_KEY_VALUE);
    }

    @Test
    void a_response_is_written_in_the_proxy_integration_shape() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Location", "/payments/pay_0123456789abcdefghjkmnpqrs");
        String body = "{\"paymentId\":\"pay_0123456789abcdefghjkmnpqrs\",\"paymentDescription\":\"Café \\\"☕\\\"\"}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ApiGatewayEvents.write(new ApiResponse(201, headers, body), out);

        Map<String, Object> written = JsonTree.object(out.toString(StandardCharsets.UTF_8));
        assertThat(written).containsOnlyKeys("statusCode", "headers", "body", "isBase64Encoded");
        assertThat(written.get("statusCode")).isEqualTo(201);
        assertThat(written.get("headers")).isEqualTo(headers);
        assertThat(written.get("body")).isEqualTo(body);
        assertThat(written.get("isBase64Encoded")).isEqualTo(false);
    }

    @Test
    void a_written_problem_response_round_trips_through_the_proxy_shape() throws IOException {
        ApiResponse problem = ApiResponses.problem(Problem.storeUnavailable(2), "req-9");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ApiGatewayEvents.write(problem, out);

        Map<String, Object> written = JsonTree.object(out.toString(StandardCharsets.UTF_8));
        assertThat(written.get("statusCode")).isEqualTo(503);
        assertThat(written.get("headers")).isEqualTo(problem.headers());
        assertThat(JsonTree.object((String) written.get("body"))).containsEntry("requestId", "req-9");
    }

    @Test
    void the_fixtures_are_real_rest_proxy_events() throws IOException {
        for (String name : List.of("post-payment-with-idempotency-key.json", "post-payment-base64.json", "get-series-payments.json")) {
            try (InputStream in = ApiGatewayEventsTest.class.getResourceAsStream("/events/" + name)) {
                Map<String, Object> raw = JsonTree.object(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                assertThat(raw).as(name).containsKeys("resource", "path", "httpMethod", "headers", "multiValueHeaders",
                        "queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "stageVariables",
                        "requestContext", "body", "isBase64Encoded");
                @SuppressWarnings("unchecked")
                Map<String, Object> identity = (Map<String, Object>) ((Map<String, Object>) raw.get("requestContext")).get("identity");
                assertThat(identity).as(name).containsKeys("apiKey", "apiKeyId", "sourceIp");
            }
        }
    }

    @Test
    void a_request_printed_for_debugging_never_shows_the_api_key_or_the_body() throws IOException {
        ApiRequest request = event("post-payment-with-idempotency-key.json");

        assertThat(request.toString()).doesNotContain(API_KEY_VALUE).doesNotContain("Gym").contains(request.requestId());
    }

    @Test
    void an_empty_event_is_an_io_error_not_a_crash() {
        assertThatThrownBy(() -> ApiGatewayEvents.read(new java.io.ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IOException.class);
    }
}
