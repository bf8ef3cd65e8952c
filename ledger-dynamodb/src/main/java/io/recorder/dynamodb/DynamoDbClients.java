package io.recorder.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the DynamoDB client with everything explicit: region, credentials provider and HTTP client
 * are named rather than discovered, which keeps cold starts short (no provider-chain probing).
 */
public final class DynamoDbClients {
    /** Environment variable naming a non-AWS endpoint (the local engine). */
    public static final String ENDPOINT_ENV = "DYNAMODB_ENDPOINT";

    private static final java.util.function.Supplier<software.amazon.awssdk.profiles.ProfileFile> EMPTY_PROFILE =
            () -> software.amazon.awssdk.profiles.ProfileFile.aggregator().build();

    private DynamoDbClients() {
    }

    /** Lambda: region and credentials from the environment the runtime sets; optional endpoint override. */
    public static DynamoDbClient fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, List.of());
    }

    /** As {@link #fromEnvironment(Map)}, with interceptors (e.g. a span per call when tracing is on). */
    public static DynamoDbClient fromEnvironment(Map<String, String> env, List<ExecutionInterceptor> interceptors) {
        String endpoint = env.get(ENDPOINT_ENV);
        String region = env.getOrDefault("AWS_REGION", "us-east-1");
        AwsCredentialsProvider credentials = endpoint != null && env.get("AWS_ACCESS_KEY_ID") == null
                ? localCredentials()
                : EnvironmentVariableCredentialsProvider.create();
        return build(region, endpoint == null ? null : URI.create(endpoint), credentials, interceptors);
    }

    /** A local engine (dynalite) on this machine: it checks that requests are signed, not by whom. */
    public static DynamoDbClient local(URI endpoint) {
        return build("us-east-1", endpoint, localCredentials());
    }

    public static DynamoDbClient build(String region, URI endpoint, AwsCredentialsProvider credentials) {
        return build(region, endpoint, credentials, List.of());
    }

    public static DynamoDbClient build(String region, URI endpoint, AwsCredentialsProvider credentials,
                                       List<ExecutionInterceptor> interceptors) {
        var builder = DynamoDbClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        // Inside API Gateway's 29 s: fail fast and let the client retry with its idempotency key.
                        .apiCallTimeout(Duration.ofSeconds(10))
                        .executionInterceptors(interceptors)
                        // No ~/.aws/config lookups while building the client: everything is explicit.
                        .defaultProfileFileSupplier(EMPTY_PROFILE)
                        .build())
                .endpointDiscoveryEnabled(false);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private static AwsCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
}
