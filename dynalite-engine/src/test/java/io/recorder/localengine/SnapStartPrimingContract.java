package io.recorder.localengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.dynamodb.LedgerTable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What every function's SnapStart priming must do (ADR 0601), checked against a real engine: answer
 * as designed and write nothing; and when it cannot (no table), report it instead of throwing, since
 * a throwing hook would fail the checkpoint. Each function's test says how its priming is built.
 */
public abstract class SnapStartPrimingContract {
    protected static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-10T00:00:00Z"), ZoneOffset.UTC);
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

    /** Builds the function's priming for a handler on this table and runs it once. */
    protected abstract boolean prime(DynamoDbClient dynamo, String tableName);

    @Test
    void primesEveryRequestPathWithoutWritingAnything() {
        String tableName = "ledger-priming";
        new LedgerTable(dynamo, tableName).createIfMissing();

        assertThat(prime(dynamo, tableName)).as("every priming request answered as designed").isTrue();
        assertThat(dynamo.scan(r -> r.tableName(tableName).consistentRead(true)).count())
                .as("items written by priming").isZero();
    }

    @Test
    void reportsFailureInsteadOfThrowingWhenTheTableIsMissing() {
        assertThat(prime(dynamo, "no-such-table")).isFalse();
    }
}
