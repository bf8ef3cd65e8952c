package io.recorder.ledger;

import java.util.Optional;

/**
 * The ledger with reversals (a port): a reversal is appended on condition that its payment has none yet,
 * so a payment has at most one (ADR 0009). Apart from {@link PaymentLedger} so that code which only
 * records payments implements only that.
 */
public interface ReversalLedger extends PaymentLedger {

    /** What appending a reversal did. Expected outcomes are values; infrastructure failures are exceptions. */
    sealed interface ReversalAppendResult {
    }

    /** The reversal is now in the ledger. */
    record ReversalAppended() implements ReversalAppendResult {
    }

    /** The payment already had a reversal (this one, or another); this is it, as stored. Nothing was written. */
    record AlreadyReversed(PaymentReversed existing) implements ReversalAppendResult {
    }

    ReversalAppendResult append(PaymentReversed event);

    /** The reversal of a payment, if it has one. */
    Optional<PaymentReversed> findReversal(ClientId client, PaymentId payment);
}
