package io.recorder.ledger;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The use case "record a payment, exactly once". Validates, derives the payment id from the
 * idempotency key (or, without one, from the content), and appends conditionally. See ADR 0002.
 */
public final class PaymentRecorder {

    /** What recording did, as the API reports it. */
    public sealed interface Outcome {
    }

    /** A new payment is in the ledger. */
    public record Recorded(PaymentRecorded payment) implements Outcome {
    }

    /** The same request was seen before; this is the payment it recorded then. Nothing new was stored. */
    public record Replayed(PaymentRecorded payment) implements Outcome {
    }

    /** The idempotency key was already used for a different payment. Nothing was stored. */
    public record KeyReused(PaymentId originalPayment) implements Outcome {
    }

    /** The request broke validation rules. Nothing was stored. */
    public record Rejected(List<FieldError> errors) implements Outcome {
        public Rejected {
            errors = List.copyOf(errors);
        }
    }

    private final PaymentLedger ledger;
    private final PaymentValidator validator;
    private final Clock clock;

    public PaymentRecorder(PaymentLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.validator = new PaymentValidator(clock);
        this.clock = clock;
    }

    public Outcome record(ClientId client, Optional<IdempotencyKey> key, Map<String, RawValue> fields) {
        PaymentValidator.Result result = validator.validate(fields);
        if (result instanceof PaymentValidator.Invalid invalid) {
            return new Rejected(invalid.errors());
        }
        if (!(result instanceof PaymentValidator.Valid valid)) {
            throw new IllegalStateException("unhandled validation result " + result.getClass().getName());
        }
        PaymentDetails details = valid.details();
        String fingerprint = details.fingerprint();
        PaymentId id = key
                .map(k -> PaymentId.derive(client, "idempotency-key", k.value()))
                // Without a key the content is the key: an identical retry cannot record twice (ADR 0002).
                .orElseGet(() -> PaymentId.derive(client, "content", fingerprint));
        PaymentRecorded event = new PaymentRecorded(
                id,
                client,
                SeriesId.of(client, details.description(), details.amount().currency()),
                details.paymentTimestamp(),
                details.description(),
                details.amount(),
                clock.instant(),
                fingerprint);
        PaymentLedger.AppendResult appended = ledger.append(event);
        if (appended instanceof PaymentLedger.AlreadyRecorded already) {
            PaymentRecorded existing = already.existing();
            return existing.fingerprint().equals(fingerprint)
                    ? new Replayed(existing)
                    : new KeyReused(existing.paymentId());
        }
        if (appended instanceof PaymentLedger.Appended) {
            return new Recorded(event);
        }
        throw new IllegalStateException("unhandled append result " + appended.getClass().getName());
    }
}
