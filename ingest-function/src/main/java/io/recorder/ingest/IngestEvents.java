package io.recorder.ingest;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.PaymentRecorder;

/**
 * What the ingest function reports about each request (logs, metrics, trace annotations). An
 * interface so the endpoint stays free of any telemetry library and tests can observe it.
 */
public interface IngestEvents {
    /** Reports nothing: for requests that are not business events (SnapStart priming, benchmarks). */
    IngestEvents NONE = new IngestEvents() {
        @Override
        public void outcome(String requestId, ClientId client, PaymentRecorder.Outcome outcome) {
        }

        @Override
        public void malformed(String requestId) {
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

    /** Runs one step of the work; implementations may trace it. */
    default <T> T step(String name, java.util.function.Supplier<T> work) {
        return work.get();
    }

    void outcome(String requestId, ClientId client, PaymentRecorder.Outcome outcome);

    void malformed(String requestId);

    void unknownApiKey(String requestId);

    void storeUnavailable(String requestId, RuntimeException cause);

    void internalError(String requestId, RuntimeException cause);
}
