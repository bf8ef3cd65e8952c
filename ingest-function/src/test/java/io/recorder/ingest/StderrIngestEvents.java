package io.recorder.ingest;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.FieldError;
import io.recorder.ledger.PaymentRecorder;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.JsonLines;
import java.io.PrintStream;
import java.time.Clock;
import java.util.stream.Collectors;

/**
 * A test sink: one JSON line per event on a stream the test reads (production uses PowertoolsIngestEvents).
 * Never the API key, the body, the description or the amount: ids and outcomes only.
 */
public final class StderrIngestEvents implements IngestEvents {
    private final JsonLines lines;

    public StderrIngestEvents(PrintStream out) {
        this.lines = new JsonLines(out, MetricNames.SERVICE_INGEST, Clock.systemUTC());
    }

    @Override
    public void outcome(String requestId, ClientId client, PaymentRecorder.Outcome outcome) {
        String detail;
        if (outcome instanceof PaymentRecorder.Recorded r) {
            detail = "\"outcome\":\"recorded\",\"paymentId\":\"" + r.payment().paymentId() + "\",\"seriesId\":\"" + r.payment().seriesId() + "\"";
        } else if (outcome instanceof PaymentRecorder.Replayed r) {
            detail = "\"outcome\":\"replayed\",\"paymentId\":\"" + r.payment().paymentId() + "\"";
        } else if (outcome instanceof PaymentRecorder.KeyReused r) {
            detail = "\"outcome\":\"key_reused\",\"paymentId\":\"" + r.originalPayment() + "\"";
        } else if (outcome instanceof PaymentRecorder.Rejected r) {
            // Field names come from clients (unknown fields): escaped.
            String fields = r.errors().stream()
                    .map(FieldError::field).map(JsonLines::escaped).collect(Collectors.joining("\",\""));
            detail = "\"outcome\":\"rejected\",\"fields\":[\"" + fields + "\"]";
        } else {
            throw new IllegalStateException("unhandled outcome " + outcome.getClass().getName());
        }
        line("INFO", requestId, "\"clientId\":\"" + client.value() + "\"," + detail);
    }

    @Override
    public void malformed(String requestId) {
        line("INFO", requestId, "\"outcome\":\"malformed\"");
    }

    @Override
    public void unknownApiKey(String requestId) {
        line("WARN", requestId, "\"outcome\":\"forbidden\",\"reason\":\"api key not bound to a client\"");
    }

    @Override
    public void storeUnavailable(String requestId, RuntimeException cause) {
        line("WARN", requestId, "\"outcome\":\"store_unavailable\",\"error\":\"" + JsonLines.escaped(cause.getMessage()) + "\"");
    }

    @Override
    public void internalError(String requestId, RuntimeException cause) {
        line("ERROR", requestId, "\"outcome\":\"internal_error\",\"error\":\"" + JsonLines.escaped(cause.getClass().getName()) + "\"");
    }

    private void line(String level, String requestId, String fields) {
        lines.line(level, "\"requestId\":\"" + JsonLines.escaped(requestId) + "\"," + fields);
    }
}
