package io.recorder.ingest;

import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.ApiResponses;
import io.recorder.http.PaymentJson;
import io.recorder.http.Problem;
import io.recorder.ledger.ClientDirectory;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.IdempotencyKey;
import io.recorder.ledger.PaymentRecorder;
import io.recorder.ledger.RawValue;
import java.util.Map;
import java.util.Optional;

/**
 * POST /payments: translates an API request into the {@link PaymentRecorder} use case and its
 * outcome into HTTP. The one place where recording outcomes become status codes.
 */
public final class RecordPaymentEndpoint {
    private final ClientDirectory clients;
    private final PaymentRecorder recorder;
    private final IngestEvents events;

    public RecordPaymentEndpoint(ClientDirectory clients, PaymentRecorder recorder, IngestEvents events) {
        this.clients = clients;
        this.recorder = recorder;
        this.events = events;
    }

    public ApiResponse handle(ApiRequest request) {
        return WriteRequests.handle(request, clients, events, this::record);
    }

    private ApiResponse record(ApiRequest request, ClientId client) {
        WriteRequests.Input<Optional<IdempotencyKey>> key = WriteRequests.idempotencyKey(request);
        if (key instanceof WriteRequests.Refused<Optional<IdempotencyKey>> refused) {
            return refused.response();
        }
        WriteRequests.Input<Map<String, RawValue>> body = WriteRequests.jsonFields(request, true, "payment.parse", events);
        if (body instanceof WriteRequests.Refused<Map<String, RawValue>> refused) {
            return refused.response();
        }
        Optional<IdempotencyKey> idempotencyKey = ((WriteRequests.Accepted<Optional<IdempotencyKey>>) key).value();
        Map<String, RawValue> fields = ((WriteRequests.Accepted<Map<String, RawValue>>) body).value();
        PaymentRecorder.Outcome outcome = events.step("payment.record", () -> recorder.record(client, idempotencyKey, fields));
        events.outcome(request.requestId(), client, outcome);
        return respond(outcome, request.requestId());
    }

    private static ApiResponse respond(PaymentRecorder.Outcome outcome, String requestId) {
        if (outcome instanceof PaymentRecorder.Recorded recorded) {
            return ApiResponses.json(201, PaymentJson.write(recorded.payment()),
                    Map.of("Location", PaymentJson.location(recorded.payment())));
        }
        if (outcome instanceof PaymentRecorder.Replayed replayed) {
            // Same status and body as the first answer (Stripe's convention), marked as a replay.
            return ApiResponses.json(201, PaymentJson.write(replayed.payment()),
                    Map.of("Location", PaymentJson.location(replayed.payment()), WriteRequests.REPLAYED, "true"));
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
