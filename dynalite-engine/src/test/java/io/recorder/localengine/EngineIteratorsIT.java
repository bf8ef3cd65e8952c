package io.recorder.localengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.dynamodb.LedgerTable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * dynalite 4.0.0 never closed the LevelDB iterators behind Query, Scan and ListTables; each one pinned a
 * snapshot for the engine's life, which let LevelDB 1.20 serve old versions of rewritten items and grew
 * the data dir without bound (docs/reliability.md). The launcher closes them; this proves it after
 * every kind of read, whole or cut short by a Limit, on disk and in memory, and proves that the count
 * sees the leak when the fix is off. One engine per kind serves every case.
 */
class EngineIteratorsIT {
    private static final String TABLE = "ledger-iterators";
    private static final int ITEMS = 30;

    @TempDir
    static Path dataDir;

    /** One engine per kind, seeded once: each case measures its own reads against the count before them. */
    private static final Map<String, Dynalite> ENGINES = new HashMap<>();
    private static final Map<String, DynamoDbClient> CLIENTS = new HashMap<>();

    @AfterAll
    static void stopEngines() {
        CLIENTS.values().forEach(DynamoDbClient::close);
        ENGINES.values().forEach(Dynalite::close);
    }

    private static DynamoDbClient client(boolean persistent, boolean fixed) {
        String kind = (persistent ? "disk" : "memory") + (fixed ? "" : "-leaking");
        return CLIENTS.computeIfAbsent(kind, k -> {
            Optional<Path> dir = persistent ? Optional.of(dataDir.resolve(kind)) : Optional.empty();
            Dynalite engine = fixed ? dir.map(Dynalite::persistent).orElseGet(Dynalite::inMemory) : Dynalite.leakingIterators(dir);
            ENGINES.put(kind, engine);
            DynamoDbClient dynamo = engine.client();
            seed(dynamo);
            return dynamo;
        });
    }

    private static Dynalite engine(boolean persistent, boolean fixed) {
        client(persistent, fixed);
        return ENGINES.get((persistent ? "disk" : "memory") + (fixed ? "" : "-leaking"));
    }

    static Stream<Arguments> reads() {
        Map<String, Consumer<DynamoDbClient>> reads = new java.util.LinkedHashMap<>();
        reads.put("ListTables", dynamo -> dynamo.listTables(r -> r.limit(1)));
        reads.put("ListTables (all)", dynamo -> dynamo.listTables());
        reads.put("Scan (all)", dynamo -> dynamo.scan(r -> r.tableName(TABLE)));
        reads.put("Scan with Limit", dynamo -> dynamo.scan(r -> r.tableName(TABLE).limit(3)));
        reads.put("Scan, every page", dynamo -> dynamo.scanPaginator(r -> r.tableName(TABLE).limit(7)).items().forEach(item -> { }));
        reads.put("Query", dynamo -> dynamo.query(r -> r.tableName(TABLE)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s("C#c#PAY#3")))));
        reads.put("Query on an index", dynamo -> dynamo.query(r -> r.tableName(TABLE).indexName(LedgerTable.GSI1)
                .keyConditionExpression("gsi1pk = :pk").expressionAttributeValues(Map.of(":pk", s("C#c#LEDGER#00")))));
        reads.put("Query on an index with Limit, newest first", dynamo -> dynamo.query(r -> r.tableName(TABLE)
                .indexName(LedgerTable.GSI1).limit(2).scanIndexForward(false)
                .keyConditionExpression("gsi1pk = :pk").expressionAttributeValues(Map.of(":pk", s("C#c#LEDGER#00")))));
        reads.put("Query with no match", dynamo -> dynamo.query(r -> r.tableName(TABLE).indexName(LedgerTable.GSI2)
                .keyConditionExpression("gsi2pk = :pk").expressionAttributeValues(Map.of(":pk", s("nothing")))));
        return Stream.of(true, false).flatMap(persistent -> reads.entrySet().stream()
                .map(read -> Arguments.of((persistent ? "on disk: " : "in memory: ") + read.getKey(), persistent, read.getValue())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reads")
    void every_read_closes_its_iterators(String name, boolean persistent, Consumer<DynamoDbClient> read) {
        DynamoDbClient dynamo = client(persistent, true);
        Dynalite engine = engine(persistent, true);
        assertThat(openIteratorsOnceIdle(engine)).as("open iterators before the read").isZero();

        for (int i = 0; i < 5; i++) {
            read.accept(dynamo);
        }

        assertThat(openIteratorsOnceIdle(engine)).as("open iterators after five reads: " + name).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reads")
    void without_the_fix_the_same_reads_leak_iterators(String name, boolean persistent, Consumer<DynamoDbClient> read) {
        DynamoDbClient dynamo = client(persistent, false);
        Dynalite engine = engine(persistent, false);
        int before = openIteratorsOnceIdle(engine);

        for (int i = 0; i < 5; i++) {
            read.accept(dynamo);
        }

        assertThat(openIteratorsOnceIdle(engine)).as("dynalite as shipped leaks: " + name).isGreaterThanOrEqualTo(before + 5);
    }

    private static void seed(DynamoDbClient dynamo) {
        new LedgerTable(dynamo, TABLE).createIfMissing();
        for (int i = 0; i < ITEMS; i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(LedgerTable.PK, s("C#c#PAY#" + i));
            item.put(LedgerTable.SK, s(LedgerTable.EVENT_SK));
            item.put(LedgerTable.GSI1_PK, s("C#c#LEDGER#0" + (i % 2)));
            item.put(LedgerTable.GSI1_SK, s(String.format("2024-01-%02dT00:00:00Z#%d", 1 + i % 28, i)));
            dynamo.putItem(r -> r.tableName(TABLE).item(item));
        }
    }

    /**
     * The engine closes an iterator asynchronously, after the answer is sent; wait (bounded) until
     * the count stops changing so the assertion sees the settled state, not a race.
     */
    private static int openIteratorsOnceIdle(Dynalite engine) {
        int last = engine.openIterators();
        for (int i = 0; i < 40; i++) {
            sleep();
            int now = engine.openIterators();
            if (now == last && (now == 0 || i >= 4)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
