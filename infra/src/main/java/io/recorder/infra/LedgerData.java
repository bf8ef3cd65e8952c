package io.recorder.infra;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The single table (key design: the ledger-dynamodb module's {@code LedgerTable}): the payment events, the API
 * key to client mapping and the projections. On-demand, streamed, recoverable to any second of the last 35
 * days, and never deleted with the stack.
 *
 * <p>A plain {@code AWS::DynamoDB::Table}: the {@code GlobalTable} resource (TableV2) cannot render a
 * customer-managed key in a region-agnostic stack. Going multi-region is discussed in ADR 0102.
 */
final class LedgerData extends Construct {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String BY_TIME = "byTime";
    static final String BY_SERIES = "bySeries";
    /** Sparse: recurring-series projection items paid at least twice, by next expected date (ADR 0008). */
    static final String BY_DUE = "byDue";
    /** The summary attributes byDue projects (ledger-dynamodb's SeriesSummaryAttributes.NAMES). */
    static final List<String> BY_DUE_ATTRIBUTES =
            List.of("d", "c", "n", "t", "a", "la", "fp", "lp", "k", "cf", "nx", "lt", "sa", "pb", "pr");

    /** Leading-key patterns (IAM {@code dynamodb:LeadingKeys}) of each item family. */
    static final String PAYMENT_EVENT_KEYS = "C#*#PAY#*";
    static final String API_KEY_KEYS = "APIKEY#*";
    static final String RECURRING_SERIES_KEYS = "C#*#RECURRING";
    static final String MONTHLY_SPENDING_KEYS = "C#*#SPENDING";
    static final String PAYMENT_RECORDED = "PaymentRecorded";
    static final String PAYMENT_REVERSED = "PaymentReversed";

    final Table table;
    final Optional<Key> key;

    LedgerData(Construct scope, String id, RecorderConfig.TableKey tableKey) {
        super(scope, id);
        this.key = tableKey == RecorderConfig.TableKey.CUSTOMER_MANAGED
                ? Optional.of(Key.Builder.create(this, "TableKey")
                        .description("Recurring payments ledger table (customer-managed, rotated yearly)")
                        .enableKeyRotation(true)
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build())
                : Optional.empty();
        Table.Builder builder = Table.Builder.create(this, "Table")
                .partitionKey(string(PK))
                .sortKey(string(SK))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .stream(StreamViewType.NEW_IMAGE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .encryption(key.isPresent() ? TableEncryption.CUSTOMER_MANAGED : TableEncryption.AWS_MANAGED);
        key.ifPresent(builder::encryptionKey);
        this.table = builder.build();
        table.addGlobalSecondaryIndex(index(BY_TIME, "gsi1pk", "gsi1sk"));
        table.addGlobalSecondaryIndex(index(BY_SERIES, "gsi2pk", "gsi2sk"));
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(BY_DUE)
                .partitionKey(string("gsi3pk"))
                .sortKey(string("gsi3sk"))
                .projectionType(ProjectionType.INCLUDE)
                .nonKeyAttributes(BY_DUE_ATTRIBUTES)
                .build());
    }

    /** The table, its three indexes and its stream: every resource a function or endpoint policy may name. */
    List<String> resources() {
        return List.of(table.getTableArn(), indexArn(BY_TIME), indexArn(BY_SERIES), indexArn(BY_DUE), streamsArn());
    }

    String indexArn(String index) {
        return table.getTableArn() + "/index/" + index;
    }

    /** Any stream of the table (ListStreams takes no narrower resource). */
    String streamsArn() {
        return table.getTableArn() + "/stream/*";
    }

    String streamArn() {
        return table.getTableStreamArn();
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    private static GlobalSecondaryIndexProps index(String name, String pk, String sk) {
        return GlobalSecondaryIndexProps.builder()
                .indexName(name)
                .partitionKey(string(pk))
                .sortKey(string(sk))
                .projectionType(ProjectionType.ALL)
                .build();
    }
}
