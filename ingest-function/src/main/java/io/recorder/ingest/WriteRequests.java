package io.recorder.ingest;

import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.ApiResponses;
import io.recorder.http.ContentTypes;
import io.recorder.http.JsonBodies;
import io.recorder.http.Problem;
import io.recorder.ledger.ClientDirectory;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.IdempotencyKey;
import io.recorder.ledger.LedgerUnavailableException;
import io.recorder.ledger.RawValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The steps every write operation of the ingest function shares, so that recording and reversing answer a
 * bad key, header or body, a busy store and a bug identically: who is calling, its Idempotency-Key, its
 * JSON body.
 */
final class WriteRequests {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    /** Seconds a client should wait after a 503: long enough for DynamoDB's adaptive capacity to react. */
    static final int RETRY_AFTER_SECONDS = 1;

    /** A part of the request read and checked: its value, or the problem that answers the request. */
    sealed interface Input<T> {
    }

    record Accepted<T>(T value) implements Input<T> {
    }

    record Refused<T>(ApiResponse response) implements Input<T> {
    }

    private WriteRequests() {
    }

    /** Resolves the caller's client, runs {@code operation}, and turns failures into problems (never a 5xx for a client mistake). */
    static ApiResponse handle(ApiRequest request, ClientDirectory clients, IngestEvents events,
                              BiFunction<ApiRequest, ClientId, ApiResponse> operation) {
        String requestId = request.requestId();
        try {
            Optional<ClientId> client = request.apiKeyIdentity().flatMap(clients::clientFor);
            if (client.isEmpty()) {
                events.unknownApiKey(requestId);
                return ApiResponses.problem(Problem.forbidden(), requestId);
            }
            return operation.apply(request, client.get());
        } catch (LedgerUnavailableException e) {
            events.storeUnavailable(requestId, e);
            return ApiResponses.problem(Problem.storeUnavailable(RETRY_AFTER_SECONDS), requestId);
        } catch (RuntimeException e) {
            events.internalError(requestId, e);
            return ApiResponses.problem(Problem.internalError(), requestId);
        }
    }

    /** The Idempotency-Key header: absent, or sent once with a usable value. */
    static Input<Optional<IdempotencyKey>> idempotencyKey(ApiRequest request) {
        List<String> keys = request.headerValues(IDEMPOTENCY_KEY);
        if (keys.size() > 1) {
            return refused(Problem.invalidHeader(IDEMPOTENCY_KEY, "must be sent once"), request);
        }
        if (keys.isEmpty()) {
            return new Accepted<>(Optional.empty());
        }
        Optional<String> problem = IdempotencyKey.problem(keys.get(0));
        if (problem.isPresent()) {
            return refused(Problem.invalidHeader(IDEMPOTENCY_KEY, problem.get()), request);
        }
        return new Accepted<>(Optional.of(new IdempotencyKey(keys.get(0))));
    }

    /**
     * The body's top-level fields. A missing or empty body is refused when {@code required} (400), and is no
     * fields otherwise; a body that is there must be JSON (415 for another content type, 400 when it does not
     * parse, 422 when it is not an object).
     */
    static Input<Map<String, RawValue>> jsonFields(ApiRequest request, boolean required, String step, IngestEvents events) {
        Optional<String> body = request.decodedBody().filter(b -> !b.isEmpty());
        if (body.isEmpty()) {
            return required ? refused(Problem.missingBody(), request) : new Accepted<>(Map.of());
        }
        Optional<String> contentType = request.header("Content-Type");
        if (contentType.isPresent() && !ContentTypes.isJson(contentType.get())) {
            return refused(Problem.unsupportedMediaType(contentType.get()), request);
        }
        JsonBodies.Parsed parsed = events.step(step, () -> JsonBodies.parse(body.get()));
        if (parsed instanceof JsonBodies.Malformed malformed) {
            events.malformed(request.requestId());
            return refused(Problem.malformedBody(malformed.reason()), request);
        }
        if (parsed instanceof JsonBodies.NotAnObject notAnObject) {
            events.malformed(request.requestId());
            return refused(Problem.notAnObject(notAnObject.found()), request);
        }
        if (!(parsed instanceof JsonBodies.Fields object)) {
            throw new IllegalStateException("unhandled parse result " + parsed.getClass().getName());
        }
        return new Accepted<>(object.fields());
    }

    private static <T> Input<T> refused(Problem problem, ApiRequest request) {
        return new Refused<>(ApiResponses.problem(problem, request.requestId()));
    }
}
