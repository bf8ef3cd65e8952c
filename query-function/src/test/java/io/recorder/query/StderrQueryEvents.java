package io.recorder.query;

import io.recorder.ledger.ClientId;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.JsonLines;
import java.io.PrintStream;
import java.time.Clock;

/**
 * A test sink: one JSON line per request on a stream the test reads (production uses PowertoolsQueryEvents).
 * Ids, operations and statuses only: never the API key, query values (cursors, filters) or payment data.
 * {@link MetricNames#READ_REQUESTS} per answered request and {@link MetricNames#STORE_THROTTLED} per 503
 * are EMF fields of their lines, dimension {@code service} only, as infra's alarms and dashboard read them.
 */
public final class StderrQueryEvents implements QueryEvents {
    private final JsonLines lines;

    public StderrQueryEvents(PrintStream out) {
        this(out, Clock.systemUTC());
    }

    public StderrQueryEvents(PrintStream out, Clock clock) {
        this.lines = new JsonLines(out, MetricNames.SERVICE_QUERY, clock);
    }

    @Override
    public void served(String requestId, ClientId client, String operation, int status) {
        line("INFO", requestId, "\"clientId\":\"" + client.value() + "\",\"operation\":\"" + JsonLines.escaped(operation)
                + "\",\"status\":" + status + "," + lines.countOfOne(MetricNames.READ_REQUESTS));
    }

    @Override
    public void unknownApiKey(String requestId) {
        line("WARN", requestId, "\"outcome\":\"forbidden\",\"reason\":\"api key not bound to a client\"");
    }

    @Override
    public void storeUnavailable(String requestId, RuntimeException cause) {
        line("WARN", requestId, "\"outcome\":\"store_unavailable\",\"error\":\"" + JsonLines.escaped(cause.getMessage()) + "\","
                + lines.countOfOne(MetricNames.STORE_THROTTLED));
    }

    @Override
    public void internalError(String requestId, RuntimeException cause) {
        line("ERROR", requestId, "\"outcome\":\"internal_error\",\"error\":\"" + JsonLines.escaped(cause.getClass().getName()) + "\"");
    }

    private void line(String level, String requestId, String fields) {
        lines.line(level, "\"requestId\":\"" + JsonLines.escaped(requestId) + "\"," + fields);
    }
}
