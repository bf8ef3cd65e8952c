package io.recorder.ingest;

import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.ApiResponses;
import io.recorder.http.Problem;
import io.recorder.http.ReversalJson;
import io.recorder.ledger.ClientDirectory;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.FieldError;
import io.recorder.ledger.IdempotencyKey;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentReverser;
import io.recorder.ledger.RawValue;
import io.recorder.ledger.Timestamps;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * POST /payments/{paymentId}/reversal: translates an API request into the {@link PaymentReverser} use case
 * and its outcome into HTTP. Served by the ingest function (ADR 0009): same role, same checks, same answers
 * to a bad key, header or body as POST /payments.
 */
public final class ReversePaymentEndpoint {
    /** The API Gateway resource template this endpoint serves. */
    public static final String RESOURCE = "/payments/{paymentId}/reversal";

    private final ClientDirectory clients;
    private final PaymentReverser reverser;
    private final IngestEvents events;

    public ReversePaymentEndpoint(ClientDirectory clients, PaymentReverser reverser, IngestEvents events) {
        this.clients = clients;
        this.reverser = reverser;
        this.events = events;
    }

    public ApiResponse handle(ApiRequest request) {
        return WriteRequests.handle(request, clients, events, this::reverse);
    }

    private ApiResponse reverse(ApiRequest request, ClientId client) {
        Optional<PaymentId> payment = PaymentId.parse(request.pathParameter("paymentId").orElse(null));
        if (payment.isEmpty()) {
            // Named like GET /payments/{paymentId} names it; the value is not echoed.
            return ApiResponses.problem(Problem.invalidParameters(List.of(new FieldError("paymentId",
                    "must be a payment id (pay_ followed by 26 characters)"))), request.requestId());
        }
        WriteRequests.Input<Optional<IdempotencyKey>> key = WriteRequests.idempotencyKey(request);
        if (key instanceof WriteRequests.Refused<Optional<IdempotencyKey>> refused) {
            return refused.response();
        }
        // The body is optional: no body, or {}, is a reversal without a reason.
        WriteRequests.Input<Map<String, RawValue>> body = WriteRequests.jsonFields(request, false, "reversal.parse", events);
        if (body instanceof WriteRequests.Refused<Map<String, RawValue>> refused) {
            return refused.response();
        }
        Optional<IdempotencyKey> idempotencyKey = ((WriteRequests.Accepted<Optional<IdempotencyKey>>) key).value();
        Map<String, RawValue> fields = ((WriteRequests.Accepted<Map<String, RawValue>>) body).value();
        PaymentReverser.Outcome outcome = events.step("payment.reverse",
                () -> reverser.reverse(client, payment.get(), idempotencyKey, fields));
        events.reversal(request.requestId(), client, outcome);
        return respond(outcome, request.requestId());
    }

    private static ApiResponse respond(PaymentReverser.Outcome outcome, String requestId) {
        if (outcome instanceof PaymentReverser.Reversed reversed) {
            return ApiResponses.json(201, ReversalJson.write(reversed.reversal()),
                    Map.of("Location", ReversalJson.paymentLocation(reversed.reversal())));
        }
        if (outcome instanceof PaymentReverser.Replayed replayed) {
            // Same status and body as the first answer, marked as a replay (as POST /payments does).
            return ApiResponses.json(201, ReversalJson.write(replayed.reversal()),
                    Map.of("Location", ReversalJson.paymentLocation(replayed.reversal()), WriteRequests.REPLAYED, "true"));
        }
        if (outcome instanceof PaymentReverser.AlreadyReversed already) {
            return ApiResponses.problem(Problem.alreadyReversed(already.existing().paymentId().value(),
                    already.existing().reversalId().value(), Timestamps.canonical(already.existing().reversedAt())), requestId);
        }
        if (outcome instanceof PaymentReverser.KeyReused reused) {
            return ApiResponses.problem(Problem.reversalKeyReused(reused.originalReversal().value()), requestId);
        }
        if (outcome instanceof PaymentReverser.PaymentNotFound notFound) {
            // Same answer for an unknown id and another client's id: existence is never revealed.
            return ApiResponses.problem(Problem.notFound("payment " + notFound.payment().value()), requestId);
        }
        if (outcome instanceof PaymentReverser.Rejected rejected) {
            return ApiResponses.problem(Problem.invalidReversal(rejected.errors()), requestId);
        }
        throw new IllegalStateException("unhandled reversal outcome " + outcome.getClass().getSimpleName());
    }
}
