package io.recorder.ledger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The use case "reverse a payment, exactly once": a correction is appended, nothing is updated or
 * deleted. The reversal's id is derived like a payment's (ADR 0002); the append is conditional on the
 * payment, so a payment has at most one reversal however many requests race (ADR 0009).
 */
public final class PaymentReverser {
    public static final String REASON = "reason";
    private static final Set<String> FIELDS = Set.of(REASON);

    /** What reversing did, as the API reports it. */
    public sealed interface Outcome {
    }

    /** The payment is now reversed by this new reversal. */
    public record Reversed(PaymentReversed reversal) implements Outcome {
    }

    /** The same request was seen before; this is the reversal it appended then. Nothing new was stored. */
    public record Replayed(PaymentReversed reversal) implements Outcome {
    }

    /** The idempotency key already reversed this payment with another reason. Nothing was stored. */
    public record KeyReused(ReversalId originalReversal) implements Outcome {
    }

    /** The payment was already reversed by a different request; this is that reversal. Nothing was stored. */
    public record AlreadyReversed(PaymentReversed existing) implements Outcome {
    }

    /** No such payment among the client's: unknown, or another client's (the two are never told apart). */
    public record PaymentNotFound(PaymentId payment) implements Outcome {
    }

    /** The request broke validation rules. Nothing was stored. */
    public record Rejected(List<FieldError> errors) implements Outcome {
        public Rejected {
            errors = List.copyOf(errors);
        }
    }

    private final ReversalLedger ledger;
    private final Clock clock;

    public PaymentReverser(ReversalLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * @param fields the request body's fields; empty when the client sent no body (no reason)
     */
    public Outcome reverse(ClientId client, PaymentId paymentId, Optional<IdempotencyKey> key, Map<String, RawValue> fields) {
        List<FieldError> errors = new ArrayList<>();
        PaymentValidator.unknownFields(fields, FIELDS, REASON, errors);
        Optional<ReversalReason> reason = reason(fields.getOrDefault(REASON, RawValue.ABSENT), errors);
        if (!errors.isEmpty()) {
            return new Rejected(errors);
        }
        // Payments are never deleted: once found, it stays found, so this read cannot race the append below.
        Optional<PaymentRecorded> payment = ledger.find(client, paymentId);
        if (payment.isEmpty()) {
            return new PaymentNotFound(paymentId);
        }
        String fingerprint = PaymentReversed.fingerprint(paymentId, reason);
        ReversalId id = key
                .map(k -> ReversalId.derive(client, paymentId, "idempotency-key", k.value()))
                .orElseGet(() -> ReversalId.derive(client, paymentId, "content", fingerprint));
        PaymentReversed reversal = PaymentReversed.of(payment.get(), id, reason, clock.instant(), fingerprint);
        ReversalLedger.ReversalAppendResult appended = ledger.append(reversal);
        if (appended instanceof ReversalLedger.AlreadyReversed already) {
            PaymentReversed existing = already.existing();
            if (!existing.reversalId().equals(id)) {
                return new AlreadyReversed(existing);
            }
            return existing.fingerprint().equals(fingerprint) ? new Replayed(existing) : new KeyReused(id);
        }
        return new Reversed(reversal);
    }

    /** Optional: absent or null means none; otherwise a string that passes the description rules. */
    private static Optional<ReversalReason> reason(RawValue raw, List<FieldError> errors) {
        if (raw instanceof RawValue.Absent || raw instanceof RawValue.Null) {
            return Optional.empty();
        }
        if (!(raw instanceof RawValue.Text text)) {
            errors.add(new FieldError(REASON, "must be a string of 1 to " + ReversalReason.MAX_LENGTH
                    + " characters, not " + raw.typeName()));
            return Optional.empty();
        }
        String cleaned = Description.clean(text.value());
        Optional<String> problem = ReversalReason.problem(cleaned);
        problem.ifPresent(reason -> errors.add(new FieldError(REASON, reason)));
        return problem.isPresent() ? Optional.empty() : Optional.of(new ReversalReason(cleaned));
    }
}
