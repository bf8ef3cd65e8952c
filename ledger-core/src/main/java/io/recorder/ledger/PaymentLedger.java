package io.recorder.ledger;

import java.util.Optional;

/**
 * The append-only store of ledger events (a port: the DynamoDB adapter implements it). Appends are
 * conditional on the payment id: the event is its own idempotency record. Reversals: {@link ReversalLedger}.
 */
public interface PaymentLedger {

    /** What an append did. Expected outcomes are values; infrastructure failures are exceptions. */
    sealed interface AppendResult {
    }

    /** The event is now in the ledger. */
    record Appended() implements AppendResult {
    }

    /** An event with this id was already there; this is it, as stored. Nothing was written. */
    record AlreadyRecorded(PaymentRecorded existing) implements AppendResult {
    }

    AppendResult append(PaymentRecorded event);

    Optional<PaymentRecorded> find(ClientId client, PaymentId id);
}
