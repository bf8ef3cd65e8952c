package io.recorder.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.recorder.ledger.FieldError;
import io.recorder.ledger.IdempotencyKey;
import io.recorder.ledger.PaymentValidator;
import io.recorder.ledger.testing.MutableClock;
import io.recorder.ledger.testing.PaymentFields;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** problem+json (RFC 9457) bodies and the headers every answer carries. */
class ApiResponsesTest {

    static final String REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";

    static Stream<Arguments> catalogue() {
        List<FieldError> errors = List.of(new FieldError("amount", "must be greater than zero"),
                new FieldError("currency", "must be an ISO 4217 alphabetic currency code such as USD, EUR or JPY"));
        return Stream.of(
                arguments(Problem.malformedBody("the body is not valid JSON: Unexpected end-of-input"), 400, "malformed-body", false),
                arguments(Problem.missingBody(), 400, "malformed-body", false),
                arguments(Problem.invalidHeader("Idempotency-Key", "must not be empty"), 400, "invalid-header", true),
                arguments(Problem.invalidParameters(List.of(new FieldError("limit", "must be 1..100"))), 400, "invalid-parameters", true),
                arguments(Problem.unsupportedMediaType("text/plain"), 415, "unsupported-media-type", false),
                arguments(Problem.validationFailed(errors), 422, "validation-failed", true),
                arguments(Problem.notAnObject("an array"), 422, "validation-failed", true),
                arguments(Problem.idempotencyKeyReused("pay_0123456789abcdefghjkmnpqrs"), 422, "idempotency-key-reused", false),
                arguments(Problem.forbidden(), 403, "forbidden", false),
                arguments(Problem.notFound("payment pay_0123456789abcdefghjkmnpqrs"), 404, "not-found", false),
                arguments(Problem.storeUnavailable(1), 503, "store-unavailable", false),
                arguments(Problem.internalError(), 500, "internal-error", false));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("catalogue")
    void every_problem_is_rfc9457_json_with_a_request_id(Problem problem, int status, String type, boolean hasErrors) {
        ApiResponse response = ApiResponses.problem(problem, REQUEST_ID);
        Map<String, Object> body = JsonTree.object(response.body());

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(body.get("type")).isEqualTo("/problems/" + type);
        assertThat(body.get("status")).isEqualTo(status);
        assertThat((String) body.get("title")).isNotBlank();
        assertThat((String) body.get("detail")).isNotBlank();
        assertThat(body.get("requestId")).isEqualTo(REQUEST_ID);
        assertThat(body).containsOnlyKeys(hasErrors
                ? List.of("type", "title", "status", "detail", "requestId", "errors")
                : List.of("type", "title", "status", "detail", "requestId"));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("catalogue")
    void every_problem_carries_the_api_headers(Problem problem, int status, String type, boolean hasErrors) {
        ApiResponse response = ApiResponses.problem(problem, REQUEST_ID);

        assertThat(response.header("content-type")).isEqualTo("application/problem+json; charset=utf-8");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Server") || h.equalsIgnoreCase("X-Powered-By"));
    }

    @Test
    void field_errors_are_listed_with_field_and_detail_in_order() {
        List<FieldError> errors = List.of(new FieldError("paymentTimestamp", "must not be in the future (a payment is recorded after it was made)"),
                new FieldError("amount", "USD allows at most 2 digits after the decimal point"));

        Map<String, Object> body = JsonTree.object(ApiResponses.problem(Problem.validationFailed(errors), REQUEST_ID).body());

        assertThat(body.get("errors")).isEqualTo(List.of(
                Map.of("field", "paymentTimestamp", "detail", "must not be in the future (a payment is recorded after it was made)"),
                Map.of("field", "amount", "detail", "USD allows at most 2 digits after the decimal point")));
        assertThat(body.get("detail")).isEqualTo("2 field(s) are invalid; see errors");
    }

    @Test
    void the_validators_errors_become_problem_errors_naming_every_field() {
        PaymentValidator.Result result = new PaymentValidator(MutableClock.fixedAt("2025-01-15T10:00:00Z"))
                .validate(PaymentFields.none().number("amount", "0").number("extra", "1").build());
        List<FieldError> errors = ((PaymentValidator.Invalid) result).errors();

        Map<String, Object> body = JsonTree.object(ApiResponses.problem(Problem.validationFailed(errors), REQUEST_ID).body());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) body.get("errors");
        assertThat(listed).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("extra", "paymentTimestamp", "paymentDescription", "currency", "amount");
    }

    @Test
    void a_store_outage_tells_the_client_when_to_retry() {
        ApiResponse response = ApiResponses.problem(Problem.storeUnavailable(3), REQUEST_ID);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("3");
        assertThat(response.header("retry-after")).isEqualTo("3");
    }

    @Test
    void only_the_store_outage_asks_for_a_retry() {
        assertThat(catalogue().map(a -> (Problem) a.get()[0]).filter(p -> p.status() != 503))
                .allSatisfy(p -> assertThat(ApiResponses.problem(p, REQUEST_ID).header("Retry-After")).isNull());
    }

    @Test
    void problem_text_is_json_escaped_not_injected() {
        String hostile = "x\",\"status\":200,\"y\":\"</script>\n\u2028";
        ApiResponse response = ApiResponses.problem(Problem.validationFailed(List.of(new FieldError(hostile, hostile))), REQUEST_ID);

        Map<String, Object> body = JsonTree.object(response.body());
        assertThat(body.get("status")).isEqualTo(422);
        assertThat(body.get("errors")).isEqualTo(List.of(Map.of("field", hostile, "detail", hostile)));
    }

    @Test
    void a_json_answer_carries_the_api_headers_plus_its_own() {
        ApiResponse response = ApiResponses.json(201, "{\"paymentId\":\"pay_x\"}", Map.of("Location", "/payments/pay_x"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("location")).isEqualTo("/payments/pay_x");
        assertThat(response.body()).isEqualTo("{\"paymentId\":\"pay_x\"}");
    }

    // ---- canary: secrets never come back in a problem -----------------------------------------

    static final String API_KEY_CANARY = "CanaryApiKey0123456789abcdefghijklmnopqrstu";
    static final String IDEMPOTENCY_CANARY = "canary-idem-key";

    static Stream<Arguments> headerProblemsFromHostileKeys() {
        return Stream.of(
                arguments(IDEMPOTENCY_CANARY + " with space"),
                arguments(IDEMPOTENCY_CANARY + "-é"),
                arguments(IDEMPOTENCY_CANARY + "-" + "x".repeat(300)),
                arguments(IDEMPOTENCY_CANARY + "\r\nX-Injected: 1"));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("headerProblemsFromHostileKeys")
    void a_refused_idempotency_key_is_described_but_never_echoed(String key) {
        String reason = IdempotencyKey.problem(key).orElseThrow();

        ApiResponse response = ApiResponses.problem(Problem.invalidHeader("Idempotency-Key", reason), REQUEST_ID);

        assertThat(response.body()).doesNotContain(IDEMPOTENCY_CANARY).contains("Idempotency-Key");
        assertThat(response.headers().values()).noneMatch(v -> v.contains(IDEMPOTENCY_CANARY));
    }

    @Test
    void no_problem_in_the_catalogue_echoes_an_api_key_or_idempotency_key() {
        assertThat(catalogue().map(a -> ApiResponses.problem((Problem) a.get()[0], REQUEST_ID)))
                .allSatisfy(response -> {
                    assertThat(response.body()).doesNotContain(API_KEY_CANARY, IDEMPOTENCY_CANARY);
                    assertThat(response.headers().toString()).doesNotContain(API_KEY_CANARY, IDEMPOTENCY_CANARY);
                });
        assertThat(ApiResponses.problem(Problem.forbidden(), REQUEST_ID).body()).doesNotContain("x-api-key", "apiKey\"");
    }

    @Test
    void a_reused_key_is_reported_by_the_payment_it_recorded_not_by_its_value() {
        ApiResponse response = ApiResponses.problem(Problem.idempotencyKeyReused("pay_0123456789abcdefghjkmnpqrs"), REQUEST_ID);

        assertThat(response.body()).contains("pay_0123456789abcdefghjkmnpqrs").doesNotContain(IDEMPOTENCY_CANARY);
    }
}
