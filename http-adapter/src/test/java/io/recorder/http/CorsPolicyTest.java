package io.recorder.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {
    private static final String DASHBOARD = "https://analytics.example.com";
    private final CorsPolicy policy = CorsPolicy.of(List.of(DASHBOARD, "http://localhost:8080"));

    @Test
    void no_origin_is_allowed_by_default_and_responses_stay_as_they_were() {
        CorsPolicy none = CorsPolicy.fromEnvironment(Map.of());

        assertThat(none.allowedOrigins()).isEmpty();
        assertThat(none.responseHeaders(Optional.of(DASHBOARD))).isEmpty();
        assertThat(none.preflightHeaders(Optional.of(DASHBOARD), List.of("GET", "OPTIONS")))
                .doesNotContainKey("Access-Control-Allow-Origin");
    }

    @Test
    void an_allowed_origin_is_echoed_never_a_wildcard() {
        assertThat(policy.responseHeaders(Optional.of(DASHBOARD)))
                .containsEntry("Access-Control-Allow-Origin", DASHBOARD)
                .containsEntry("Vary", "Origin")
                .containsEntry("Access-Control-Expose-Headers", CorsPolicy.EXPOSED_HEADERS);
        assertThat(policy.preflightHeaders(Optional.of(DASHBOARD), List.of("GET", "POST", "OPTIONS")))
                .containsEntry("Access-Control-Allow-Origin", DASHBOARD)
                .containsEntry("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                .containsEntry("Access-Control-Allow-Headers", "Content-Type, X-Api-Key, Idempotency-Key")
                .containsEntry("Access-Control-Max-Age", "600");
    }

    @Test
    void another_origin_or_none_gets_no_access_control_headers_only_vary() {
        assertThat(policy.responseHeaders(Optional.of("https://evil.example"))).containsOnlyKeys("Vary");
        assertThat(policy.responseHeaders(Optional.empty())).containsOnlyKeys("Vary");
        assertThat(policy.responseHeaders(Optional.of("https://analytics.example.com.evil.example"))).containsOnlyKeys("Vary");
        assertThat(policy.preflightHeaders(Optional.of("null"), List.of("GET"))).doesNotContainKey("Access-Control-Allow-Origin")
                .containsEntry("Access-Control-Allow-Methods", "GET");
    }

    @Test
    void origins_come_from_the_environment_comma_separated() {
        CorsPolicy fromEnv = CorsPolicy.fromEnvironment(Map.of(CorsPolicy.ENV, " https://a.example , http://127.0.0.1:3000"));

        assertThat(fromEnv.allowedOrigins()).containsExactlyInAnyOrder("https://a.example", "http://127.0.0.1:3000");
    }

    @Test
    void a_wildcard_a_path_or_a_non_http_scheme_is_not_an_origin() {
        for (String bad : List.of("*", "https://*.example.com", "https://a.example/", "https://a.example/path", "file://x",
                "null", "HTTPS://A.EXAMPLE", "")) {
            assertThat(CorsPolicy.isOrigin(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> CorsPolicy.of(List.of("*"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(CorsPolicy.isOrigin("http://[::1]:8080")).isTrue();
    }

    @Test
    void decorate_adds_the_headers_to_a_function_response_for_an_allowed_origin() {
        ApiRequest request = new ApiRequest("GET", "/payments", Map.of("origin", List.of(DASHBOARD)), Map.of(), Map.of(),
                null, false, "r-1", "key-id");
        ApiResponse response = ApiResponses.json(200, "{}", Map.of());

        ApiResponse decorated = policy.decorate(request, response);

        assertThat(decorated.header("Access-Control-Allow-Origin")).isEqualTo(DASHBOARD);
        assertThat(decorated.header("Content-Type")).isEqualTo(ApiResponses.JSON);
        assertThat(CorsPolicy.none().decorate(request, response)).isSameAs(response);
    }
}
