package io.recorder.localengine;

import io.recorder.dynamodb.LedgerTable;
import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real engine in memory with one ledger table and a client for it: what the functions' integration
 * tests start once per class ({@code @BeforeAll}, or jqwik's {@code @BeforeContainer}) and close after.
 */
public final class LedgerEngine implements AutoCloseable {
    private final Dynalite engine;
    private final DynamoDbClient dynamo;
    private final LedgerTable table;

    private LedgerEngine(Dynalite engine, String tableName) {
        this.engine = engine;
        this.dynamo = engine.client();
        this.table = new LedgerTable(dynamo, tableName);
        table.createIfMissing();
    }

    public static LedgerEngine start(String tableName) {
        return new LedgerEngine(Dynalite.inMemory(), tableName);
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public LedgerTable table() {
        return table;
    }

    /** For a second client with its own configuration (fault injection, no retries). */
    public URI endpoint() {
        return engine.endpoint();
    }

    @Override
    public void close() {
        dynamo.close();
        engine.close();
    }
}
