package io.recorder.benchmarks;

import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.Dynalite;
import java.io.IOException;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local engine every benchmark talks to: dynalite in memory on a free loopback port, with the
 * ledger table created and the fixture's API key id ({@code k7q2m9x4ab}) bound to client {@code perf}.
 * Prints {@code endpoint=URL table=NAME pid=PID} and serves until its stdin closes.
 */
public final class PerfEngine implements AutoCloseable {
    public static final String API_KEY_ID = "k7q2m9x4ab";
    public static final String CLIENT = "perf";

    private final Dynalite engine;
    private final String table;

    private PerfEngine(Dynalite engine, String table) {
        this.engine = engine;
        this.table = table;
    }

    public static PerfEngine start(String tableName) {
        Dynalite engine = Dynalite.inMemory();
        try (DynamoDbClient dynamo = engine.client()) {
            LedgerTable table = new LedgerTable(dynamo, tableName);
            table.createIfMissing();
            new ApiKeyClients(table, Clock.systemUTC()).bind(API_KEY_ID, new ClientId(CLIENT));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return new PerfEngine(engine, tableName);
    }

    public String endpoint() {
        return engine.endpoint().toString();
    }

    public String table() {
        return table;
    }

    public long pid() {
        return engine.pid();
    }

    public DynamoDbClient client() {
        return engine.client();
    }

    @Override
    public void close() {
        engine.close();
    }

    public static void main(String[] args) throws IOException {
        try (PerfEngine engine = start(args.length > 0 ? args[0] : "perf-ledger")) {
            System.out.println("endpoint=" + engine.endpoint() + " table=" + engine.table() + " pid=" + engine.pid());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
