package io.recorder.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * Each function's permissions, written out: no {@code grant*} helper decides what a role may do. Writes are
 * narrowed to their item family with {@code dynamodb:LeadingKeys}, so a bug in one function cannot touch
 * another function's items.
 */
final class LedgerAccess {
    private static final String LEADING_KEYS = "dynamodb:LeadingKeys";
    private static final List<String> KMS_READ = List.of("kms:Decrypt", "kms:DescribeKey");
    private static final List<String> KMS_WRITE = List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt",
            "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo");

    private LedgerAccess() {
    }

    /** Ingest appends payment events (one conditional PutItem), reads one back to answer a replay, resolves API keys. */
    static PolicyDocument ingest(LedgerData data) {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(onLeadingKeys("AppendPaymentEvents", List.of("dynamodb:PutItem", "dynamodb:GetItem"),
                data.table.getTableArn(), List.of(LedgerData.PAYMENT_EVENT_KEYS)));
        statements.add(resolveApiKeys(data));
        data.key.ifPresent(key -> statements.add(kms(key, KMS_WRITE)));
        return document(statements);
    }

    /** Query only reads: single items, the three indexes, batches of series summaries and payments. */
    static PolicyDocument query(LedgerData data) {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.Builder.create()
                .sid("ReadLedger")
                .actions(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"))
                .resources(List.of(data.table.getTableArn(), data.indexArn(LedgerData.BY_TIME),
                        data.indexArn(LedgerData.BY_SERIES), data.indexArn(LedgerData.BY_DUE)))
                .build());
        data.key.ifPresent(key -> statements.add(kms(key, KMS_READ)));
        return document(statements);
    }

    /** Projections read the stream, maintain the recurring-series summaries and monthly spending, and park failed batches on the queue. */
    static PolicyDocument projections(LedgerData data, IQueue onFailure) {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.Builder.create()
                .sid("ReadStream")
                .actions(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"))
                .resources(List.of(data.streamArn()))
                .build());
        statements.add(PolicyStatement.Builder.create()
                .sid("ListStreams")
                .actions(List.of("dynamodb:ListStreams"))
                .resources(List.of(data.streamsArn()))
                .build());
        statements.add(onLeadingKeys("MaintainRecurringSeries",
                List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
                data.table.getTableArn(), List.of(LedgerData.RECURRING_SERIES_KEYS)));
        // Monthly spending cells (ADR 0011): read and written whole, conditioned on their version; only the
        // operator's rebuild deletes one, never the function.
        statements.add(onLeadingKeys("MaintainMonthlySpending", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                data.table.getTableArn(), List.of(LedgerData.MONTHLY_SPENDING_KEYS)));
        // A series or a monthly spending cell whose stored version went back is rebuilt from its events (bySeries, or
        // byTime over the cell's month), re-checking recent ids by key.
        statements.add(PolicyStatement.Builder.create()
                .sid("ReadSeriesEvents")
                .actions(List.of("dynamodb:Query"))
                .resources(List.of(data.indexArn(LedgerData.BY_SERIES), data.indexArn(LedgerData.BY_TIME)))
                .build());
        statements.add(onLeadingKeys("ReadPaymentEvents", List.of("dynamodb:GetItem"),
                data.table.getTableArn(), List.of(LedgerData.PAYMENT_EVENT_KEYS)));
        statements.add(PolicyStatement.Builder.create()
                .sid("ParkFailedBatches")
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(onFailure.getQueueArn()))
                .build());
        data.key.ifPresent(key -> statements.add(kms(key, KMS_WRITE)));
        return document(statements);
    }

    /** What every function in the VPC needs to run: its own log group, X-Ray, and its network interfaces. */
    static PolicyDocument runtime(ILogGroup logs) {
        return document(List.of(
                PolicyStatement.Builder.create()
                        .sid("WriteOwnLogs")
                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                        .resources(List.of(logs.getLogGroupArn()))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("SendTraces")
                        .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"))
                        .resources(List.of("*"))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("ManageVpcNetworkInterfaces")
                        .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                                "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface",
                                "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
                        .resources(List.of("*"))
                        .build()));
    }

    private static PolicyStatement resolveApiKeys(LedgerData data) {
        return onLeadingKeys("ResolveApiKeys", List.of("dynamodb:GetItem"), data.table.getTableArn(),
                List.of(LedgerData.API_KEY_KEYS));
    }

    private static PolicyStatement onLeadingKeys(String sid, List<String> actions, String table, List<String> keys) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(List.of(table))
                .conditions(Map.of("ForAllValues:StringLike", Map.of(LEADING_KEYS, keys)))
                .build();
    }

    private static PolicyStatement kms(IKey key, List<String> actions) {
        return PolicyStatement.Builder.create()
                .sid("UseTableKey")
                .actions(actions)
                .resources(List.of(key.getKeyArn()))
                .build();
    }

    private static PolicyDocument document(List<PolicyStatement> statements) {
        return PolicyDocument.Builder.create().statements(statements).build();
    }
}
