package io.recorder.telemetry.lambda;

import io.recorder.telemetry.MetricNames;
import java.io.PrintStream;
import java.time.Clock;

/**
 * One JSON object per line, written by hand — no logging library — with the fields Powertools' lines
 * have ({@code level}, {@code service}); counts as CloudWatch Embedded Metric Format fields of the same
 * line. The functions' tests give their handlers event sinks that write through this, and read the
 * lines back. Text that came from a client or an item is escaped, so it cannot forge a line's structure.
 */
public final class JsonLines {
    private final PrintStream out;
    private final String service;
    private final Clock clock;

    public JsonLines(PrintStream out, String service, Clock clock) {
        this.out = out;
        this.service = service;
        this.clock = clock;
    }

    /** {@code fields}: JSON members, already escaped, without the enclosing braces. */
    public void line(String level, String fields) {
        out.println("{\"level\":\"" + level + "\",\"service\":\"" + service + "\"," + fields + "}");
    }

    /** A count of 1 as EMF: the value field plus the {@code _aws} block that declares it, dimension {@code service}. */
    public String countOfOne(String metric) {
        return "\"" + metric + "\":1,\"_aws\":{\"Timestamp\":" + clock.millis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
                + MetricNames.NAMESPACE + "\",\"Dimensions\":[[\"" + MetricNames.DIMENSION_SERVICE + "\"]],\"Metrics\":[{\"Name\":\""
                + metric + "\",\"Unit\":\"Count\"}]}]}";
    }

    /** The text as the inside of a JSON string; null as empty. */
    public static String escaped(String text) {
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
