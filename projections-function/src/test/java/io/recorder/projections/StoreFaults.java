package io.recorder.projections;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiPredicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Store faults injected into the real SDK client (the only test double here): a call fails before
 * its request leaves (nothing happened) or after the store answered (it happened, but the caller
 * cannot know). The client has SDK retries off, so each injected fault reaches the code under test.
 */
final class StoreFaults implements ExecutionInterceptor {
    enum When { BEFORE_SENDING, AFTER_STORE_ANSWERED }

    /** Decides, per call, whether and when it fails: (operation name, request) → when, or null. */
    interface Plan {
        When decide(String operation, SdkRequest request);
    }

    private volatile Plan plan = (operation, request) -> null;
    private final List<String> injected = Collections.synchronizedList(new ArrayList<>());

    /** A client of the engine with SDK retries off and these interceptors. */
    static DynamoDbClient client(URI endpoint, ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    for (ExecutionInterceptor interceptor : interceptors) {
                        o.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    void plan(Plan plan) {
        this.plan = plan;
    }

    void failWhen(BiPredicate<String, SdkRequest> matches, When when) {
        plan((operation, request) -> matches.test(operation, request) ? when : null);
    }

    /** No more faults; the record of injected ones is kept. */
    void none() {
        plan((operation, request) -> null);
    }

    /** No faults and an empty record. */
    void reset() {
        none();
        injected.clear();
    }

    /** Operations that failed by injection, e.g. {@code "PutItem:AFTER_STORE_ANSWERED"}. */
    List<String> injected() {
        synchronized (injected) {
            return List.copyOf(injected);
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        maybeFail(context.request(), attributes, When.BEFORE_SENDING);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        maybeFail(context.request(), attributes, When.AFTER_STORE_ANSWERED);
    }

    private void maybeFail(SdkRequest request, ExecutionAttributes attributes, When now) {
        // Decided once per call, before sending; remembered for the after-answer check.
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        When when;
        if (now == When.BEFORE_SENDING) {
            when = plan.decide(operation, request);
            attributes.putAttribute(DECISION, when == null ? "" : when.name());
        } else {
            String decided = attributes.getAttribute(DECISION);
            when = decided == null || decided.isEmpty() ? null : When.valueOf(decided);
        }
        if (when == now) {
            injected.add(operation + ":" + now);
            throw SdkClientException.create("injected fault: " + operation + " "
                    + (now == When.BEFORE_SENDING ? "connection refused" : "connection reset after the store answered"));
        }
    }

    private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<String> DECISION =
            new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("StoreFaults.decision");
}
