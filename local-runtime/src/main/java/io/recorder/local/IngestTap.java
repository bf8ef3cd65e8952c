package io.recorder.local;

import io.recorder.dynamodb.PaymentItems;
import io.recorder.local.LocalStream.Pending;
import java.time.Instant;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The SDK interceptor on the ingest function's client (dynalite has no streams): every payment put
 * that succeeds becomes a stream record; a put whose outcome the client could not see becomes a
 * record to check first. Puts of anything else, and replays refused at their first attempt, make none.
 */
final class IngestTap implements ExecutionInterceptor {
    private final Consumer<Pending> stream;

    IngestTap(Consumer<Pending> stream) {
        this.stream = stream;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutItemRequest put && PaymentItems.isPayment(put.item())) {
            stream.accept(new Pending(put.item(), Instant.now(), false));
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof ConditionalCheckFailedException refused && Integer.valueOf(1).equals(refused.numAttempts())) {
            // Refused at the first attempt: the item was there before this call, so the write that made it
            // has its record already (or the next start's catch-up delivers it). A replay, and DynamoDB
            // Streams writes nothing for a refused put either. After a retry the first attempt may have
            // written it: that case is checked below.
            return;
        }
        if (context.request() instanceof PutItemRequest put && PaymentItems.isPayment(put.item())) {
            // Written or not? The writer cannot tell (a cut connection), or a retry found it there already.
            stream.accept(new Pending(put.item(), Instant.now(), true));
        }
    }
}
