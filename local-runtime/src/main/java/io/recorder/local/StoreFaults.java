package io.recorder.local;

import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import java.util.Random;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** Store faults under the projection: 3 % of its calls fail, before sending or after the store answered. */
final class StoreFaults implements ExecutionInterceptor {
    private final boolean on;
    private final Random random;

    StoreFaults(boolean on, long seed) {
        this.on = on;
        this.random = new Random(seed);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        maybeFail(context.request(), "connection refused (injected)");
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        maybeFail(context.request(), "connection reset after the store answered (injected)");
    }

    private void maybeFail(SdkRequest request, String what) {
        boolean projectionCall = request instanceof PutItemRequest put && !PaymentItems.isPayment(put.item())
                || request instanceof GetItemRequest get && !get.key().get(LedgerTable.SK).s().equals(LedgerTable.EVENT_SK);
        boolean fail;
        synchronized (random) {
            fail = on && projectionCall && random.nextInt(100) < 3;
        }
        if (fail) {
            throw SdkClientException.create(what);
        }
    }
}
