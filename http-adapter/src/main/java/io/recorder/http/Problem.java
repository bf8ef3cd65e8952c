package io.recorder.http;

import io.recorder.ledger.FieldError;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail (ADR 0005). {@code type} is a relative URI under {@code /problems/},
 * documented in openapi.yaml; {@code errors} names every offending field or parameter.
 */
public record Problem(int status, String type, String title, String detail, List<FieldError> errors,
                      Map<String, String> headers) {

    public Problem {
        errors = List.copyOf(errors);
        headers = Map.copyOf(headers);
    }

    public static Problem of(int status, String type, String title, String detail) {
        return new Problem(status, "/problems/" + type, title, detail, List.of(), Map.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(status, type, title, detail, fieldErrors, headers);
    }

    public Problem withHeader(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return new Problem(status, type, title, detail, errors, more);
    }

    // The catalogue: every problem the API can answer, in one place.

    public static Problem malformedBody(String reason) {
        return of(400, "malformed-body", "The request body is not valid JSON", reason);
    }

    public static Problem missingBody() {
        return of(400, "malformed-body", "The request body is missing",
                "send a JSON object: {\"paymentTimestamp\":…,\"paymentDescription\":…,\"currency\":…,\"amount\":…}");
    }

    public static Problem invalidHeader(String header, String reason) {
        return of(400, "invalid-header", "A request header is invalid", header + " " + reason)
                .withErrors(List.of(new FieldError(header, reason)));
    }

    public static Problem invalidParameters(List<FieldError> errors) {
        return of(400, "invalid-parameters", "Query or path parameters are invalid",
                errors.size() + " parameter(s) are invalid; see errors").withErrors(errors);
    }

    private static final java.util.regex.Pattern MEDIA_TYPE = java.util.regex.Pattern.compile("[A-Za-z0-9.+-]{1,40}/[A-Za-z0-9.+-]{1,60}");

    public static Problem unsupportedMediaType(String contentType) {
        // Only a well-formed media type is named back: header values are not echoed (ADR 0005).
        String mediaType = contentType.split(";", 2)[0].strip();
        String named = MEDIA_TYPE.matcher(mediaType).matches() ? mediaType : "another media type";
        return of(415, "unsupported-media-type", "Unsupported content type",
                "send the body as application/json (charset utf-8), not " + named);
    }

    public static Problem validationFailed(List<FieldError> errors) {
        return of(422, "validation-failed", "The payment is not valid",
                errors.size() + " field(s) are invalid; see errors").withErrors(errors);
    }

    public static Problem notAnObject(String found) {
        return of(422, "validation-failed", "The request body is not a JSON object", "the body must be a JSON object, not " + found)
                .withErrors(List.of(new FieldError("(body)", "must be a JSON object, not " + found)));
    }

    public static Problem idempotencyKeyReused(String originalPaymentId) {
        return of(422, "idempotency-key-reused", "Idempotency-Key already used for a different payment",
                "this Idempotency-Key recorded payment " + originalPaymentId
                        + " with different details; use a new key for a new payment");
    }

    public static Problem invalidReversal(List<FieldError> errors) {
        return of(422, "validation-failed", "The reversal is not valid",
                errors.size() + " field(s) are invalid; see errors").withErrors(errors);
    }

    public static Problem reversalKeyReused(String originalReversalId) {
        return of(422, "idempotency-key-reused", "Idempotency-Key already used for a different reversal",
                "this Idempotency-Key made reversal " + originalReversalId
                        + " of this payment with a different reason; nothing was stored");
    }

    /** 409: the payment has its reversal already (ADR 0009); the problem names it, so the client can read it. */
    public static Problem alreadyReversed(String paymentId, String reversalId, String reversedAt) {
        return of(409, "already-reversed", "The payment is already reversed",
                "payment " + paymentId + " was reversed by " + reversalId + " at " + reversedAt
                        + "; a payment is reversed at most once. Nothing was stored");
    }

    public static Problem forbidden() {
        return of(403, "forbidden", "Forbidden", "this API key is not bound to a client");
    }

    public static Problem notFound(String what) {
        return of(404, "not-found", "Not found", what + " does not exist");
    }

    public static Problem storeUnavailable(int retryAfterSeconds) {
        return of(503, "store-unavailable", "Temporarily unavailable",
                "the ledger store is busy or unreachable; nothing was recorded unless a retry says so. "
                        + "Retry the same request (with the same Idempotency-Key) after the Retry-After delay")
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }

    /** 503 for a read (GET): same type as {@link #storeUnavailable}, without the recording advice. */
    public static Problem readUnavailable(int retryAfterSeconds) {
        return of(503, "store-unavailable", "Temporarily unavailable",
                "the ledger store is busy or unreachable; retry the same request after the Retry-After delay")
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }

    public static Problem internalError() {
        return of(500, "internal-error", "Internal server error",
                "something went wrong on our side; quote the requestId when you contact us");
    }
}
