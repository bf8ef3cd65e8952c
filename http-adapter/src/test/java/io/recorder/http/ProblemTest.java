package io.recorder.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recorder.ledger.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void a_problem_type_is_a_relative_uri_under_problems() {
        assertThat(Problem.of(409, "conflict", "Conflict", "d").type()).isEqualTo("/problems/conflict");
    }

    @Test
    void with_methods_return_new_problems_and_leave_the_original_alone() {
        Problem base = Problem.of(422, "validation-failed", "The payment is not valid", "d");

        Problem withErrors = base.withErrors(List.of(new FieldError("amount", "must be greater than zero")));
        Problem withHeader = base.withHeader("Retry-After", "1");

        assertThat(base.errors()).isEmpty();
        assertThat(base.headers()).isEmpty();
        assertThat(withErrors.errors()).containsExactly(new FieldError("amount", "must be greater than zero"));
        assertThat(withHeader.headers()).containsExactly(Map.entry("Retry-After", "1"));
        assertThat(withHeader.withErrors(List.of()).headers()).containsEntry("Retry-After", "1");
    }

    @Test
    void a_problem_is_immutable_even_if_its_inputs_change() {
        List<FieldError> errors = new ArrayList<>(List.of(new FieldError("amount", "must be greater than zero")));
        Problem problem = Problem.validationFailed(errors);

        errors.clear();

        assertThat(problem.errors()).hasSize(1);
        assertThatThrownBy(() -> problem.errors().add(new FieldError("x", "y"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_validation_problem_counts_its_fields() {
        Problem problem = Problem.validationFailed(List.of(new FieldError("a", "r"), new FieldError("b", "r"), new FieldError("c", "r")));

        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.detail()).isEqualTo("3 field(s) are invalid; see errors");
    }

    @Test
    void an_invalid_header_problem_names_the_header_as_the_field() {
        Problem problem = Problem.invalidHeader("Idempotency-Key", "must not be empty");

        assertThat(problem.errors()).containsExactly(new FieldError("Idempotency-Key", "must not be empty"));
        assertThat(problem.detail()).isEqualTo("Idempotency-Key must not be empty");
    }

    @Test
    void a_body_that_is_not_an_object_is_reported_on_the_body() {
        assertThat(Problem.notAnObject("an array").errors())
                .containsExactly(new FieldError("(body)", "must be a JSON object, not an array"));
    }

    @Test
    void internal_errors_reveal_nothing_but_ask_for_the_request_id() {
        Problem problem = Problem.internalError();

        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.detail()).contains("requestId").doesNotContain("Exception", "at io.", "DynamoDB");
    }

    @Test
    void a_store_outage_is_503_with_retry_after_seconds() {
        Problem problem = Problem.storeUnavailable(5);

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.headers()).containsEntry("Retry-After", "5");
        assertThat(problem.detail()).contains("same Idempotency-Key");
    }

    @org.junit.jupiter.api.Test
    void an_unsupported_media_type_is_named_back_only_when_it_is_a_plain_media_type() {
        org.assertj.core.api.Assertions.assertThat(Problem.unsupportedMediaType("text/plain; charset=latin1").detail())
                .endsWith("not text/plain");
        org.assertj.core.api.Assertions.assertThat(Problem.unsupportedMediaType("x".repeat(5_000) + "/y").detail())
                .endsWith("not another media type");
    }
}
