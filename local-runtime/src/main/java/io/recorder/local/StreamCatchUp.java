package io.recorder.local;

import io.recorder.projections.ProjectionMaintenance;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local stream's catch-up at start: the projections rebuilt from the ledger with the rebuild
 * command's code, beside the live stream (why a rebuild and not a redelivery: {@link LocalStream}).
 */
final class StreamCatchUp implements Runnable {
    private final DynamoDbClient client;
    private final String tableName;
    private final PrintStream log;

    /** {@code client}: its own, with no injected faults and no tap. */
    StreamCatchUp(DynamoDbClient client, String tableName, PrintStream log) {
        this.client = client;
        this.tableName = tableName;
        this.log = log;
    }

    @Override
    public void run() {
        try {
            ProjectionMaintenance.RebuildReport r = new ProjectionMaintenance(client, tableName,
                    new PrintStream(OutputStream.nullOutputStream())).rebuild(Optional.empty());
            if (r.events() > 0) {
                // One write: printf writes piece by piece, and other threads log on the same console meanwhile.
                log.println(String.format(Locale.ROOT, "Stream: caught up from the ledger at start (rebuild): %d events read,"
                        + " %d series written, %d already right, %d deleted; %d monthly spending cells written", r.events(),
                        r.written(), r.unchanged(), r.deleted(), r.cells().written()));
            }
        } catch (RuntimeException e) {
            log.println("Stream: catch-up stopped (" + e + "); the next start rebuilds the projections again");
        }
    }
}
