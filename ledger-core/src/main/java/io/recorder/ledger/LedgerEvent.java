package io.recorder.ledger;

import java.time.Instant;

/** Everything the ledger stores is an immutable event. Sealed so that every fold handles every kind. */
public sealed interface LedgerEvent permits PaymentRecorded, PaymentReversed {
    ClientId clientId();

    Instant recordedAt();
}
