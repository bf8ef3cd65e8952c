package io.recorder.query;

import io.recorder.ledger.ClientId;

/**
 * What the query function reports about each request (logs, metrics). An interface so the endpoint
 * stays free of any telemetry library and tests can observe it.
 */
public interface QueryEvents {
    /** Reports nothing: priming requests are not served requests (no metrics, no access logs). */
    QueryEvents NONE = new QueryEvents() {
        @Override
        public void served(String requestId, ClientId client, String operation, int status) {
        }

        @Override
        public void unknownApiKey(String requestId) {
        }

        @Override
        public void storeUnavailable(String requestId, RuntimeException cause) {
        }

        @Override
        public void internalError(String requestId, RuntimeException cause) {
        }
    };

    /** A request was answered (2xx or a client mistake, 4xx). */
    void served(String requestId, ClientId client, String operation, int status);

    void unknownApiKey(String requestId);

    void storeUnavailable(String requestId, RuntimeException cause);

    void internalError(String requestId, RuntimeException cause);
}
