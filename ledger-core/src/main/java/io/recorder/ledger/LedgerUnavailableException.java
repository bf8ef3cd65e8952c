package io.recorder.ledger;

/**
 * The store could not be reached or refused the request for now (throttling, timeouts, 5xx). Safe to
 * retry: appends are conditional, so a retry of a write that did land is answered as a replay.
 */
public class LedgerUnavailableException extends RuntimeException {
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
