package io.recorder.ingest;

import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.ApiResponses;
import io.recorder.http.ContentTypes;
import io.recorder.http.JsonBodies;
import io.recorder.http.PaymentJson;
import io.recorder.http.Problem;
import io.recorder.ledger.ClientDirectory;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.IdempotencyKey;
import io.recorder.ledger.LedgerUnavailableException;
import io.recorder.ledger.PaymentRecorder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * POST /payments: translates an API request into the {@link PaymentRecorder} use case and its
 * outcome into HTTP. The one place where recording outcomes become status codes.
 */
public final class RecordPaymentEndpoint {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    /** Seconds a client should wait after a 503: long enough for DynamoDB's adaptive capacity to react. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final ClientDirectory clients;
    private final PaymentRecorder recorder;
    private final IngestEvents events;

    public RecordPaymentEndpoint(ClientDirectory clients, PaymentRecorder recorder, IngestEvents events) {
        this.clients = clients;
        this.recorder = recorder;
        this.events = events;
    }

    public ApiResponse handle(ApiRequest request) {
        String requestId = request.requestId();
        try {
            return record(request, requestId);
        } catch (LedgerUnavailableException e) {
            events.storeUnavailable(requestId, e);
            return ApiResponses.problem(Problem.storeUnavailable(RETRY_AFTER_SECONDS), requestId);
        } catch (RuntimeException e) {
            events.internalError(requestId, e);
            return ApiResponses.problem(Problem.internalError(), requestId);
        }
    }

    private ApiResponse record(ApiRequest request, String requestId) {
        Optional<ClientId> client = request.apiKeyIdentity().flatMap(clients::clientFor);
        if (client.isEmpty()) {
            events.unknownApiKey(requestId);
            return ApiResponses.problem(Problem.forbidden(), requestId);
        }
        List<String> keys = request.headerValues(IDEMPOTENCY_KEY);
        if (keys.size() > 1) {
            return ApiResponses.problem(Problem.invalidHeader(IDEMPOTENCY_KEY, "must be sent once"), requestId);
        }
        Optional<IdempotencyKey> key = Optional.empty();
        if (keys.size() == 1) {
            Optional<String> problem = IdempotencyKey.problem(keys.get(0));
            if (problem.isPresent()) {
                return ApiResponses.problem(Problem.invalidHeader(IDEMPOTENCY_KEY, problem.get()), requestId);
            }
            key = Optional.of(new IdempotencyKey(keys.get(0)));
        }
        Optional<String> body = request.decodedBody().filter(b -> !b.isEmpty());
        if (body.isEmpty()) {
            return ApiResponses.problem(Problem.missingBody(), requestId);
        }
        Optional<String> contentType = request.header("Content-Type");
        if (contentType.isPresent() && !ContentTypes.isJson(contentType.get())) {
            return ApiResponses.problem(Problem.unsupportedMediaType(contentType.get()), requestId);
        }
        JsonBodies.Parsed parsed = events.step("payment.parse", () -> JsonBodies.parse(body.get()));
        if (parsed instanceof JsonBodies.Malformed malformed) {
            events.malformed(requestId);
            return ApiResponses.problem(Problem.malformedBody(malformed.reason()), requestId);
        }
        if (parsed instanceof JsonBodies.NotAnObject notAnObject) {
            events.malformed(requestId);
            return ApiResponses.problem(Problem.notAnObject(notAnObject.found()), requestId);
        }
        if (!(parsed instanceof JsonBodies.Fields object)) {
            throw new IllegalStateException("unhandled parse result " + parsed.getClass().getName());
        }
        Map<String, io.recorder.ledger.RawValue> fields = object.fields();
        Optional<IdempotencyKey> idempotencyKey = key;
        PaymentRecorder.Outcome outcome = events.step("payment.record", () -> recorder.record(client.get(), idempotencyKey, fields));
        events.outcome(requestId, client.get(), outcome);
        return respond(outcome, requestId);
    }

    private static ApiResponse respond(PaymentRecorder.Outcome outcome, String requestId) {
        if (outcome instanceof PaymentRecorder.Recorded recorded) {
            return ApiResponses.json(201, PaymentJson.write(recorded.payment()),
                    Map.of("Location", PaymentJson.location(recorded.payment())));
        }
        if (outcome instanceof PaymentRecorder.Replayed replayed) {
            // Same status and body as the first answer (Stripe's convention), marked as a replay.
            return ApiResponses.json(201, PaymentJson.write(replayed.payment()),
                    Map.of("Location", PaymentJson.location(replayed.payment()), REPLAYED, "true"));
        }
        if (outcome instanceof PaymentRecorder.KeyReused reused) {
            return ApiResponses.problem(Problem.idempotencyKeyReused(reused.originalPayment().value()), requestId);
        }
        if (outcome instanceof PaymentRecorder.Rejected rejected) {
            return ApiResponses.problem(Problem.validationFailed(rejected.errors()), requestId);
        }
        throw new IllegalStateException("unhandled outcome " + outcome.getClass().getName());
    }
}
