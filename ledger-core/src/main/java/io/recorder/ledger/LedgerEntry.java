package io.recorder.ledger;

import java.util.Objects;
import java.util.Optional;

/** A payment as the ledger shows it now: as recorded, and reversed if a reversal was appended for it. */
public record LedgerEntry(PaymentRecorded payment, Optional<PaymentReversed> reversal) {
    public LedgerEntry {
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(reversal, "reversal");
        reversal.ifPresent(r -> {
            if (!r.paymentId().equals(payment.paymentId()) || !r.clientId().equals(payment.clientId())) {
                throw new IllegalArgumentException("reversal " + r.reversalId() + " is not of payment " + payment.paymentId());
            }
        });
    }

    public static LedgerEntry of(PaymentRecorded payment) {
        return new LedgerEntry(payment, Optional.empty());
    }

    public boolean reversed() {
        return reversal.isPresent();
    }
}
