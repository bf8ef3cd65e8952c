package io.recorder.query;

import io.recorder.ledger.ClientId;
import io.recorder.telemetry.MetricNames;
import java.io.PrintStream;
import java.time.Clock;

/**
 * One JSON line per request on stderr (CloudWatch Logs in Lambda). Ids, operations and statuses
 * only: never the API key, query values (cursors, filters) or payment data.
 *
 * <p>Lines that count something carry it as CloudWatch Embedded Metric Format (an {@code _aws} block
 * naming the metric, which is a field of the same line): {@link MetricNames#READ_REQUESTS} per answered
 * request and {@link MetricNames#STORE_THROTTLED} per 503, dimension {@code service} only, which is
 * what infra's alarms and dashboard read. Written by hand to keep the function free of a metrics library.
 */
public final class StderrQueryEvents implements QueryEvents {
    private final PrintStream out;
    private final Clock clock;

    public StderrQueryEvents(PrintStream out) {
        this(out, Clock.systemUTC());
    }

    public StderrQueryEvents(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void served(String requestId, ClientId client, String operation, int status) {
        line("INFO", requestId, "\"clientId\":\"" + client.value() + "\",\"operation\":\"" + safe(operation)
                + "\",\"status\":" + status + "," + metric(MetricNames.READ_REQUESTS));
    }

    @Override
    public void unknownApiKey(String requestId) {
        line("WARN", requestId, "\"outcome\":\"forbidden\",\"reason\":\"api key not bound to a client\"");
    }

    @Override
    public void storeUnavailable(String requestId, RuntimeException cause) {
        line("WARN", requestId, "\"outcome\":\"store_unavailable\",\"error\":\"" + safe(cause.getMessage()) + "\","
                + metric(MetricNames.STORE_THROTTLED));
    }

    @Override
    public void internalError(String requestId, RuntimeException cause) {
        line("ERROR", requestId, "\"outcome\":\"internal_error\",\"error\":\"" + safe(cause.getClass().getName()) + "\"");
    }

    private void line(String level, String requestId, String fields) {
        out.println("{\"level\":\"" + level + "\",\"service\":\"" + MetricNames.SERVICE_QUERY + "\",\"requestId\":\""
                + safe(requestId) + "\"," + fields + "}");
    }

    /** A count of 1 as EMF: the value field plus the {@code _aws} block that declares it. */
    private String metric(String name) {
        return "\"" + name + "\":1,\"_aws\":{\"Timestamp\":" + clock.millis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
                + MetricNames.NAMESPACE + "\",\"Dimensions\":[[\"" + MetricNames.DIMENSION_SERVICE + "\"]],\"Metrics\":[{\"Name\":\""
                + name + "\",\"Unit\":\"Count\"}]}]}";
    }

    private static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
