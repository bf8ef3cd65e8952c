package io.recorder.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * An SDK {@link ExecutionInterceptor} that makes the store misbehave on demand, in the two positions
 * that matter for exactly-once: <em>before the write</em> (the request never reaches the engine) and
 * <em>after the write</em> (the engine applied it, then the caller hears an error, a timeout or
 * nothing). Armed for one kind of call and for a number of SDK attempts (or all of them).
 */
final class StoreFaults implements ExecutionInterceptor {
    /** Each SDK attempt may not take longer than this; {@link Kind#TIMEOUT} stalls past it. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(800);
    static final int MAX_ATTEMPTS = 2;

    enum Kind {
        THROTTLED, THROTTLING_EXCEPTION, INTERNAL_ERROR, SERVICE_UNAVAILABLE, CONNECTION_RESET, TIMEOUT,
        /** Not a transient fault: a request the store refuses as invalid, i.e. a bug on our side (500). */
        VALIDATION_BUG
    }

    enum Position { BEFORE_WRITE, AFTER_WRITE, RESPONSE_LOST }

    /** Which calls a fault hits. */
    enum Target {
        PAYMENT_PUT, PAYMENT_GET, API_KEY_GET;

        boolean matches(SdkRequest request) {
            if (this == PAYMENT_PUT) {
                return request instanceof PutItemRequest put && put.item().containsKey("paymentId");
            }
            if (request instanceof GetItemRequest get) {
                boolean apiKey = get.key().get("pk").s().startsWith("APIKEY#");
                return this == API_KEY_GET ? apiKey : !apiKey;
            }
            return false;
        }
    }

    private record Armed(Target target, Kind kind, Position position, int attempts) {
    }

    private volatile Armed armed;
    private final AtomicInteger matched = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();

    /** A client for the engine at {@code endpoint} with this interceptor and a short, fast retry policy. */
    DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o
                        .addExecutionInterceptor(this)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS)
                                .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(10)))
                                .throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(10)))
                                .circuitBreakerEnabled(false)
                                .build()))
                .build();
    }

    /** Faults every attempt of matching calls until {@link #disarm()}. */
    void arm(Target target, Kind kind, Position position) {
        arm(target, kind, position, Integer.MAX_VALUE);
    }

    void arm(Target target, Kind kind, Position position, int attempts) {
        matched.set(0);
        injected.set(0);
        armed = new Armed(target, kind, position, attempts);
    }

    void disarm() {
        armed = null;
    }

    int injected() {
        return injected.get();
    }

    private boolean hits(SdkRequest request, Position position) {
        Armed current = armed;
        if (current == null || current.position() != position || !current.target().matches(request)) {
            return false;
        }
        if (matched.getAndIncrement() >= current.attempts()) {
            return false;
        }
        injected.incrementAndGet();
        return true;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (hits(context.request(), Position.BEFORE_WRITE)) {
            throw failure(armed.kind());
        }
    }

    /** After the write: the engine answered; for errors the answer is replaced, for the others the attempt fails here. */
    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Armed current = armed;
        if (current != null && current.position() == Position.AFTER_WRITE
                && (current.kind() == Kind.CONNECTION_RESET || current.kind() == Kind.TIMEOUT)
                && hits(context.request(), Position.AFTER_WRITE)) {
            throw failure(current.kind());
        }
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Armed current = armed;
        if (current == null || current.position() != Position.AFTER_WRITE || current.kind() == Kind.CONNECTION_RESET
                || current.kind() == Kind.TIMEOUT || !current.target().matches(context.request())) {
            return context.httpResponse();
        }
        if (!hits(context.request(), Position.AFTER_WRITE)) {
            return context.httpResponse();
        }
        attributes.putAttribute(REPLACED, errorBody(current.kind()));
        return context.httpResponse().toBuilder()
                .statusCode(status(current.kind()))
                .removeHeader("x-amz-crc32")
                .removeHeader("Content-Length")
                .build();
    }

    private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<String> REPLACED =
            new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("StoreFaults.replacedBody");

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        String replaced = attributes.getAttribute(REPLACED);
        if (replaced == null) {
            return context.responseBody();
        }
        attributes.putAttribute(REPLACED, null);
        context.responseBody().ifPresent(StoreFaults::drain);
        return Optional.of(new ByteArrayInputStream(replaced.getBytes(StandardCharsets.UTF_8)));
    }

    /** The call succeeded (the write is in the store) and then the answer never reaches the caller. */
    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (hits(context.request(), Position.RESPONSE_LOST)) {
            throw SdkClientException.create("Connection reset: the response was lost after the store applied the write",
                    new java.net.SocketException("Connection reset"));
        }
    }

    private static RuntimeException failure(Kind kind) {
        switch (kind) {
            case THROTTLED:
                return ProvisionedThroughputExceededException.builder().statusCode(400).message("injected")
                        .awsErrorDetails(details("ProvisionedThroughputExceededException")).build();
            case THROTTLING_EXCEPTION:
                return DynamoDbException.builder().statusCode(400).message("injected")
                        .awsErrorDetails(details("ThrottlingException")).build();
            case INTERNAL_ERROR:
                return DynamoDbException.builder().statusCode(500).message("injected")
                        .awsErrorDetails(details("InternalServerError")).build();
            case SERVICE_UNAVAILABLE:
                return DynamoDbException.builder().statusCode(503).message("injected")
                        .awsErrorDetails(details("ServiceUnavailable")).build();
            case CONNECTION_RESET:
                return SdkClientException.create("Unable to execute HTTP request: Connection reset",
                        new java.net.SocketException("Connection reset"));
            case VALIDATION_BUG:
                return DynamoDbException.builder().statusCode(400).message("injected")
                        .awsErrorDetails(details("ValidationException")).build();
            case TIMEOUT:
                try {
                    Thread.sleep(ATTEMPT_TIMEOUT.multipliedBy(2).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the SDK's attempt timer interrupts us: that is the timeout
                }
                return SdkClientException.create("injected stall");
            default:
                throw new IllegalArgumentException(kind.name());
        }
    }

    private static AwsErrorDetails details(String code) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage("injected").serviceName("DynamoDb").build();
    }

    private static int status(Kind kind) {
        return kind == Kind.INTERNAL_ERROR ? 500 : kind == Kind.SERVICE_UNAVAILABLE ? 503 : 400;
    }

    private static String errorBody(Kind kind) {
        String type = switch (kind) {
            case THROTTLED -> "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException";
            case THROTTLING_EXCEPTION -> "com.amazon.coral.availability#ThrottlingException";
            case INTERNAL_ERROR -> "com.amazon.coral.service#InternalServerError";
            case SERVICE_UNAVAILABLE -> "com.amazon.coral.availability#ServiceUnavailableException";
            default -> throw new IllegalArgumentException(kind.name());
        };
        return "{\"__type\":\"" + type + "\",\"message\":\"injected\"}";
    }

    private static void drain(InputStream in) {
        try (in) {
            in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
