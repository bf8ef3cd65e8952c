package io.recorder.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The table's stream feeding the projections function: only newly inserted ledger events, payments and their
 * reversals (the function's own
 * summary writes would otherwise trigger it again), one batch at a time per shard so events of a series are
 * applied in order, a poison record isolated by bisecting and reported per item, and what still fails parked
 * on an encrypted queue (the record's position, not its content) for the runbook's replay.
 */
final class ProjectionStream extends Construct {
    static final int BATCH_SIZE = 100;
    static final Duration BATCH_WINDOW = Duration.seconds(1);
    static final int RETRY_ATTEMPTS = 10;
    static final Duration MAX_RECORD_AGE = Duration.hours(6);

    final Queue onFailure;
    final EventSourceMapping mapping;

    ProjectionStream(Construct scope, String id, Queue onFailure, IFunction target, String streamArn) {
        super(scope, id);
        this.onFailure = onFailure;
        this.mapping = EventSourceMapping.Builder.create(this, "Mapping")
                .target(target)
                .eventSourceArn(streamArn)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(BATCH_SIZE)
                .maxBatchingWindow(BATCH_WINDOW)
                .parallelizationFactor(1)
                .bisectBatchOnError(true)
                .reportBatchItemFailures(true)
                .retryAttempts(RETRY_ATTEMPTS)
                .maxRecordAge(MAX_RECORD_AGE)
                .onFailure(new ToQueue(onFailure))
                .filters(List.of(FilterCriteria.filter(Map.of(
                        "eventName", FilterRule.isEqual("INSERT"),
                        "dynamodb", Map.of("NewImage", Map.of("type", Map.of("S",
                                FilterRule.or(LedgerData.PAYMENT_RECORDED, LedgerData.PAYMENT_REVERSED))))))))
                .build();
    }

    /** The on-failure queue exists before the function (its role may send to it); the mapping comes after. */
    static Queue onFailureQueue(Construct scope, String id) {
        return Queue.Builder.create(scope, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
    }

    /**
     * The destination without a grant: the projections role already names {@code sqs:SendMessage} on this queue,
     * so the mapping must not add a second, generated policy.
     */
    private record ToQueue(Queue queue) implements IEventSourceDlq {
        @Override
        public DlqDestinationConfig bind(IEventSourceMapping target, IFunction targetHandler) {
            return DlqDestinationConfig.builder().destination(queue.getQueueArn()).build();
        }
    }
}
