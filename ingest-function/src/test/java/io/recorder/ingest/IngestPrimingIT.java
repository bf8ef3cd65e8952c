package io.recorder.ingest;

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
class IngestPrimingIT {
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
        IngestHandler handler = new IngestHandler(dynamo, CLOCK, tableName, new StderrIngestEvents(new PrintStream(OutputStream.nullOutputStream())));

        assertThat(new IngestPriming(handler, table, CLOCK).prime()).as("priming answered as designed").isTrue();
        assertThat(dynamo.scan(r -> r.tableName(tableName).consistentRead(true)).count())
                .as("items written by priming").isZero();
    }

    @Test
    void reportsFailureInsteadOfThrowingWhenTheTableIsMissing() {
        IngestHandler handler = new IngestHandler(dynamo, CLOCK, "no-such-table", new StderrIngestEvents(new PrintStream(OutputStream.nullOutputStream())));

        assertThat(new IngestPriming(handler, new LedgerTable(dynamo, "no-such-table"), CLOCK).prime()).isFalse();
    }
}
