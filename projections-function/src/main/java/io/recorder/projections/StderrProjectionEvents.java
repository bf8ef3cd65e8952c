package io.recorder.projections;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.SeriesId;
import io.recorder.telemetry.MetricNames;
import java.io.PrintStream;
import java.time.Clock;

/**
 * One JSON line per event on stderr (CloudWatch Logs in Lambda), with the field names the runbook's
 * Logs Insights queries use ({@code level}, {@code service}, {@code message}, {@code client_id},
 * {@code series_id}). The per-batch line is also a
 * CloudWatch Embedded Metric Format document, which is how the dashboard and the
 * {@code ProjectionFailures} alarm get their numbers without a metrics API call.
 */
public final class StderrProjectionEvents implements ProjectionEvents {
    private final PrintStream out;
    private final Clock clock;

    public StderrProjectionEvents(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void applied(ClientId client, SeriesId series, int added, long version) {
        // Routine: the batch line counts these. Logged per series only at DEBUG level, which this sink has not.
    }

    @Override
    public void duplicates(ClientId client, SeriesId series, int records) {
        // Routine under at-least-once delivery: counted in the batch line.
    }

    @Override
    public void beforeWindow(ClientId client, SeriesId series, int records) {
        line("WARN", "\"message\":\"payments recorded before the deduplication window taken as applied (run the audit if the stream was down past its retention)\",\"client_id\":\""
                + safe(client.value()) + "\",\"series_id\":\"" + series.value() + "\",\"records\":" + records);
    }

    @Override
    public void ignored(String sequenceNumber, String reason) {
        line("INFO", "\"message\":\"record ignored\",\"sequence_number\":\"" + safe(sequenceNumber) + "\",\"reason\":\"" + safe(reason) + "\"");
    }

    @Override
    public void poison(String sequenceNumber, String reason) {
        line("ERROR", "\"message\":\"poison record\",\"sequence_number\":\"" + safe(sequenceNumber) + "\",\"reason\":\"" + safe(reason) + "\"");
    }

    @Override
    public void seriesFailed(ClientId client, SeriesId series, String sequenceNumber, RuntimeException cause) {
        line("WARN", "\"message\":\"series failed\",\"client_id\":\"" + safe(client.value()) + "\",\"series_id\":\""
                + series.value() + "\",\"sequence_number\":\"" + safe(sequenceNumber) + "\",\"error\":\""
                + safe(cause.getClass().getSimpleName() + ": " + cause.getMessage()) + "\"");
    }

    @Override
    public void batch(BatchSummary s) {
        String emf = "\"_aws\":{\"Timestamp\":" + clock.millis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
                + MetricNames.NAMESPACE + "\",\"Dimensions\":[[\"" + MetricNames.DIMENSION_SERVICE + "\"]],\"Metrics\":["
                + metric(MetricNames.PROJECTION_EVENTS_APPLIED, "Count") + ","
                + metric(MetricNames.PROJECTION_DUPLICATES_SKIPPED, "Count") + ","
                + metric(MetricNames.PROJECTION_FAILURES, "Count") + ","
                + metric(MetricNames.PROJECTION_LAG_MILLIS, "Milliseconds") + "]}]},";
        line(s.failedRecords() > 0 ? "WARN" : "INFO", emf
                + "\"message\":\"batch\",\"records\":" + s.records() + ",\"ignored\":" + s.ignored()
                + ",\"conflicts\":" + s.conflicts() + ","
                + "\"" + MetricNames.PROJECTION_EVENTS_APPLIED + "\":" + s.applied() + ","
                + "\"" + MetricNames.PROJECTION_DUPLICATES_SKIPPED + "\":" + s.duplicates() + ","
                + "\"" + MetricNames.PROJECTION_FAILURES + "\":" + s.failedRecords() + ","
                + "\"" + MetricNames.PROJECTION_LAG_MILLIS + "\":" + s.lagMillis());
    }

    private static String metric(String name, String unit) {
        return "{\"Name\":\"" + name + "\",\"Unit\":\"" + unit + "\"}";
    }

    /** Every line carries {@code "service"}, which is also the metrics' one dimension. */
    private void line(String level, String fields) {
        out.println("{\"level\":\"" + level + "\",\"service\":\"" + MetricNames.SERVICE_PROJECTIONS + "\"," + fields + "}");
    }

    /** Reasons can quote item content: escape so they cannot forge log structure. */
    static String safe(String text) {
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
