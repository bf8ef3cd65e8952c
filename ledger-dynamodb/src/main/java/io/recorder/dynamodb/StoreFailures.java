package io.recorder.dynamodb;

import io.recorder.ledger.LedgerUnavailableException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Translates the store's transient failures (throttling, 5xx, timeouts, cut connections) into
 * {@link LedgerUnavailableException}, which the API answers with 503 and Retry-After. Everything else,
 * including expected outcomes like ConditionalCheckFailedException, passes through untouched.
 */
final class StoreFailures {
    private StoreFailures() {
    }

    static <T> T translate(Supplier<T> call) {
        try {
            return call.get();
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new LedgerUnavailableException("store unavailable: " + e.awsErrorDetails().errorCode(), e);
            }
            throw e;
        } catch (SdkClientException e) {
            throw new LedgerUnavailableException("store unreachable", e);
        }
    }
}
