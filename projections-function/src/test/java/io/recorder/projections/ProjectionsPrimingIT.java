package io.recorder.projections;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.dynamodb.LedgerTable;
import io.recorder.localengine.Dynalite;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** SnapStart priming against a real engine: it runs the whole projection path and writes nothing. */
class ProjectionsPrimingIT {
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
    void primesTheProjectionPathWithoutWritingAnything() {
        String tableName = "ledger-priming";
        new LedgerTable(dynamo, tableName).createIfMissing();
        ProjectionsHandler handler = new ProjectionsHandler(dynamo, CLOCK, tableName, ProjectionEvents.NONE);

        boolean primed = new ProjectionsPriming(handler, dynamo, tableName, CLOCK).prime();

        assertThat(primed).as("the ignored update and the refused projection write answered as designed").isTrue();
        assertThat(dynamo.scan(r -> r.tableName(tableName).consistentRead(true)).count())
                .as("items written by priming").isZero();
    }

    @Test
    void reportsFailureInsteadOfThrowingWhenTheTableIsMissing() {
        ProjectionsHandler handler = new ProjectionsHandler(dynamo, CLOCK, "no-such-table", ProjectionEvents.NONE);

        assertThat(new ProjectionsPriming(handler, dynamo, "no-such-table", CLOCK).prime()).isFalse();
    }
}
