package io.recorder.dynamodb;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The single table and its key layout (ADR 0001). Every key string is built here and nowhere else.
 *
 * <pre>
 * item                 pk                               sk           gsi1 (byTime)                         gsi2 (bySeries)
 * PaymentRecorded      C#{client}#PAY#{paymentId}        EVENT        C#{client}#LEDGER#{00..15} / {ts}#{id}  C#{client}#SERIES#{series} / {ts}#{id}
 * PaymentReversed      C#{client}#PAY#{paymentId}        REVERSAL     same key / {ts}#{id}#REVERSAL           same key / {ts}#{id}#REVERSAL
 * API key -> client    APIKEY#{apiKeyId}                 CLIENT
 * RecurringSeries      C#{client}#RECURRING              {seriesId}    byDue (gsi3, sparse: series paid at least twice)
 *                                                                     C#{client}#DUE / {nextExpectedDate|~}#{seriesId}
 * </pre>
 *
 * One partition per payment spreads any client's writes over the whole table; the byTime index is
 * write-sharded 16 ways per client so a single client can exceed one partition's 1,000 WCU/s.
 */
public final class LedgerTable {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI1 = "byTime";
    public static final String GSI1_PK = "gsi1pk";
    public static final String GSI1_SK = "gsi1sk";
    public static final String GSI2 = "bySeries";
    public static final String GSI2_PK = "gsi2pk";
    public static final String GSI2_SK = "gsi2sk";
    public static final String GSI3 = "byDue";
    public static final String GSI3_PK = "gsi3pk";
    public static final String GSI3_SK = "gsi3sk";
    /** Sorts after every date: the byDue position of a recurring series without a next expected date. */
    public static final String NO_DUE_DATE = "~";
    public static final String TYPE = "type";
    private static final String RECURRING_PREFIX = "C#";
    private static final String RECURRING_SUFFIX = "#RECURRING";

    public static final String EVENT_SK = "EVENT";
    /**
     * A payment's reversal shares the payment's partition: "at most one reversal per payment" is then one
     * {@code attribute_not_exists} PutItem on this key (ADR 0009), and one Query reads both.
     */
    public static final String REVERSAL_SK = "REVERSAL";
    public static final String CLIENT_SK = "CLIENT";
    /** Fixed forever once data exists: changing it would hide older payments from the byTime index. */
    public static final int LEDGER_SHARDS = 16;

    private final DynamoDbClient dynamo;
    private final String tableName;

    public LedgerTable(DynamoDbClient dynamo, String tableName) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public String name() {
        return tableName;
    }

    public static String paymentPk(ClientId client, PaymentId payment) {
        return "C#" + client.value() + "#PAY#" + payment.value();
    }

    public static int shardOf(PaymentId payment) {
        return Math.floorMod(payment.value().hashCode(), LEDGER_SHARDS);
    }

    public static String ledgerShardPk(ClientId client, int shard) {
        return "C#" + client.value() + "#LEDGER#" + (shard < 10 ? "0" : "") + shard;
    }

    public static String seriesPk(ClientId client, SeriesId series) {
        return "C#" + client.value() + "#SERIES#" + series.value();
    }

    /** Time-ordered sort key shared by both indexes; the id makes it unique and total. */
    public static String timeSk(Instant paymentTimestamp, PaymentId payment) {
        return Timestamps.sortable(paymentTimestamp) + "#" + payment.value();
    }

    /**
     * A reversal's index sort key: its payment's followed by a suffix, so it sorts right next to the payment
     * (just before it, newest first) and no other payment's key falls between the two.
     */
    public static String reversalTimeSk(Instant paymentTimestamp, PaymentId payment) {
        return timeSk(paymentTimestamp, payment) + "#" + REVERSAL_SK;
    }

    public static String duePk(ClientId client) {
        return "C#" + client.value() + "#DUE";
    }

    /** Next expected date (ISO, so string order is date order), or {@link #NO_DUE_DATE}, then the series id. */
    public static String dueSk(Optional<LocalDate> nextExpectedDate, SeriesId series) {
        return nextExpectedDate.map(LocalDate::toString).orElse(NO_DUE_DATE) + "#" + series.value();
    }

    /** The partition of a client's monthly spending cells (ADR 0011). */
    public static String spendingPk(ClientId client) {
        return "C#" + client.value() + "#SPENDING";
    }

    /** {@code {yyyy-MM}#{currency}#{cell}}: string order is month order, so a month range is a key range. */
    public static String spendingSk(YearMonth month, CurrencyCode currency, int cell) {
        return month + "#" + currency.code() + "#" + (cell < 10 ? "0" : "") + cell;
    }

    public static String apiKeyPk(String apiKeyId) {
        return "APIKEY#" + apiKeyId;
    }

    public static String recurringPk(ClientId client) {
        return RECURRING_PREFIX + client.value() + RECURRING_SUFFIX;
    }

    /** The client whose {@link #recurringPk} this is (projection items do not repeat it in an attribute). */
    public static ClientId clientOfRecurringPk(String pk) {
        if (!pk.startsWith(RECURRING_PREFIX) || !pk.endsWith(RECURRING_SUFFIX)
                || pk.length() <= RECURRING_PREFIX.length() + RECURRING_SUFFIX.length()) {
            throw new IllegalArgumentException("not a recurring-series key: " + pk);
        }
        return new ClientId(pk.substring(RECURRING_PREFIX.length(), pk.length() - RECURRING_SUFFIX.length()));
    }

    /**
     * Creates the table with the production schema when it does not exist (local runtime and tests;
     * in AWS the CDK stack owns it). Streams are requested but engines without them ignore it.
     */
    public void createIfMissing() {
        try {
            dynamo.describeTable(r -> r.tableName(tableName));
        } catch (ResourceNotFoundException missing) {
            try {
                dynamo.createTable(CreateTableRequest.builder()
                        .tableName(tableName)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                stringAttribute(PK), stringAttribute(SK),
                                stringAttribute(GSI1_PK), stringAttribute(GSI1_SK),
                                stringAttribute(GSI2_PK), stringAttribute(GSI2_SK),
                                stringAttribute(GSI3_PK), stringAttribute(GSI3_SK))
                        .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                        .globalSecondaryIndexes(index(GSI1, GSI1_PK, GSI1_SK), index(GSI2, GSI2_PK, GSI2_SK),
                                dueIndex())
                        .streamSpecification(StreamSpecification.builder()
                                .streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE).build())
                        .build());
            } catch (ResourceInUseException raced) {
                // Another process created it between our describe and create: fine.
            }
        }
        dynamo.waiter().waitUntilTableExists(r -> r.tableName(tableName));
        awaitActive();
    }

    private void awaitActive() {
        for (int attempt = 0; attempt < 100; attempt++) {
            var table = dynamo.describeTable(r -> r.tableName(tableName)).table();
            boolean indexesActive = table.globalSecondaryIndexes().stream()
                    .allMatch(i -> "ACTIVE".equals(i.indexStatusAsString()));
            if (table.tableStatus() == TableStatus.ACTIVE && indexesActive) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + tableName, e);
            }
        }
        throw new IllegalStateException("table " + tableName + " did not become ACTIVE");
    }

    /** Only the summary the listing and the upcoming read show: the history stays out of the index. */
    private static GlobalSecondaryIndex dueIndex() {
        return GlobalSecondaryIndex.builder()
                .indexName(GSI3)
                .keySchema(List.of(key(GSI3_PK, KeyType.HASH), key(GSI3_SK, KeyType.RANGE)))
                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                        .nonKeyAttributes(SeriesSummaryAttributes.NAMES).build())
                .build();
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static GlobalSecondaryIndex index(String name, String pk, String sk) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(List.of(key(pk, KeyType.HASH), key(sk, KeyType.RANGE)))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }
}
