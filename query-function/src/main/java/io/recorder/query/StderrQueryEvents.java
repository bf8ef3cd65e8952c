package io.recorder.query;

import io.recorder.ledger.ClientId;
import java.io.PrintStream;

/**
 * One JSON line per request on stderr (CloudWatch Logs in Lambda). Ids, operations and statuses
 * only: never the API key, query values (cursors, filters) or payment data.
 */
public final class StderrQueryEvents implements QueryEvents {
    private final PrintStream out;

    public StderrQueryEvents(PrintStream out) {
        this.out = out;
    }

    @Override
    public void served(String requestId, ClientId client, String operation, int status) {
        line("INFO", requestId, "\"clientId\":\"" + client.value() + "\",\"operation\":\"" + safe(operation)
                + "\",\"status\":" + status);
    }

    @Override
    public void unknownApiKey(String requestId) {
        line("WARN", requestId, "\"outcome\":\"forbidden\",\"reason\":\"api key not bound to a client\"");
    }

    @Override
    public void storeUnavailable(String requestId, RuntimeException cause) {
        line("WARN", requestId, "\"outcome\":\"store_unavailable\",\"error\":\"" + safe(cause.getMessage()) + "\"");
    }

    @Override
    public void internalError(String requestId, RuntimeException cause) {
        line("ERROR", requestId, "\"outcome\":\"internal_error\",\"error\":\"" + safe(cause.getClass().getName()) + "\"");
    }

    private void line(String level, String requestId, String fields) {
        out.println("{\"level\":\"" + level + "\",\"service\":\"payments-query\",\"requestId\":\"" + safe(requestId) + "\"," + fields + "}");
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
