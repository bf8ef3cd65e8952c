package io.recorder.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.dynamodb.LedgerTable;
import io.recorder.localengine.Dynalite;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** SnapStart priming against a real engine: every request answers as designed and nothing is written. */
class QueryPrimingIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-10T00:00:00Z"), ZoneOffset.UTC);
    private static Dynalite engine;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void startEngine() {
        engine = Dynalite.inMemory();
        dynamo = engine.client();
    }

    @AfterAll
    static void stopEngine() {
        dynamo.close();
        engine.close();
    }

    @Test
    void primesEveryRequestPathWithoutWritingAnything() {
        String tableName = "ledger-priming";
        LedgerTable table = new LedgerTable(dynamo, tableName);
        table.createIfMissing();
        QueryHandler handler = new QueryHandler(dynamo, CLOCK, tableName, new StderrQueryEvents(new PrintStream(OutputStream.nullOutputStream())));

        assertThat(new QueryPriming(handler, table, CLOCK).prime()).as("priming answered as designed").isTrue();
        assertThat(dynamo.scan(r -> r.tableName(tableName).consistentRead(true)).count())
                .as("items written by priming").isZero();
    }

    @Test
    void reportsFailureInsteadOfThrowingWhenTheTableIsMissing() {
        QueryHandler handler = new QueryHandler(dynamo, CLOCK, "no-such-table", new StderrQueryEvents(new PrintStream(OutputStream.nullOutputStream())));

        assertThat(new QueryPriming(handler, new LedgerTable(dynamo, "no-such-table"), CLOCK).prime()).isFalse();
    }
}
