package io.recorder.ledger;

import java.util.Optional;

/**
 * The append-only store of ledger events (a port: the DynamoDB adapter implements it). Appends are
 * conditional: a payment on its id (the event is its own idempotency record, ADR 0002), a reversal on
 * the payment it reverses (at most one each, ADR 0009).
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

    /** What appending a reversal did. */
    sealed interface ReversalAppendResult {
    }

    /** The reversal is now in the ledger. */
    record ReversalAppended() implements ReversalAppendResult {
    }

    /** The payment already had a reversal (this one, or another); this is it, as stored. Nothing was written. */
    record AlreadyReversed(PaymentReversed existing) implements ReversalAppendResult {
    }

    AppendResult append(PaymentRecorded event);

    Optional<PaymentRecorded> find(ClientId client, PaymentId id);

    ReversalAppendResult append(PaymentReversed event);

    /** The reversal of a payment, if it has one. */
    Optional<PaymentReversed> findReversal(ClientId client, PaymentId payment);
}
