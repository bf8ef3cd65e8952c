package io.recorder.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The built event reads back as the functions read a real one. */
class RestProxyEventTest {

    @Test
    void a_built_post_reads_back_with_its_method_resource_headers_body_and_ids() {
        ApiRequest request = RestProxyEvent.of("POST", "/payments")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "k-1")
                .requestId("req-1")
                .apiKeyId("key-1")
                .body("{\"amount\":500}")
                .toRequest();

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.resource()).isEqualTo("/payments");
        assertThat(request.headerValues("idempotency-key")).containsExactly("k-1");
        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.requestId()).isEqualTo("req-1");
        assertThat(request.apiKeyIdentity()).contains("key-1");
        assertThat(request.decodedBody()).contains("{\"amount\":500}");
        assertThat(request.queryParameters()).isEmpty();
        assertThat(request.pathParameters()).isEmpty();
    }

    @Test
    void a_built_get_carries_its_query_and_path_parameters() {
        ApiRequest request = RestProxyEvent.of("GET", "/payments/{paymentId}")
                .path("/payments/pay_1")
                .pathParameter("paymentId", "pay_1")
                .query("limit", "7")
                .toRequest();

        assertThat(request.pathParameter("paymentId")).contains("pay_1");
        assertThat(request.queryValues("limit")).containsExactly("7");
        assertThat(request.decodedBody()).isEmpty();
    }

    @Test
    void a_body_with_quotes_and_control_characters_survives_as_json() {
        String body = "{\"d\":\"a \\\"b\\\"\\n\"}\u2028";

        assertThat(RestProxyEvent.of("POST", "/payments").body(body).toRequest().decodedBody()).contains(body);
        assertThat(new String(RestProxyEvent.of("POST", "/payments").body(body).toJson(), StandardCharsets.UTF_8))
                .startsWith("{\"resource\":\"/payments\"");
    }
}
