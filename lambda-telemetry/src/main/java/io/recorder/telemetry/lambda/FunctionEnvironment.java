package io.recorder.telemetry.lambda;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * What a function's no-arg constructor — the one the Lambda runtime calls — builds from the environment:
 * the table name ({@value #TABLE_NAME_ENV}), the function's telemetry, and the storage client with the
 * telemetry's interceptors. Built on first use and then kept for the life of the execution environment
 * (so during init, before a SnapStart snapshot); a handler built by tests or the local runtime, through
 * its other constructor, never reads the environment.
 *
 * @param <C> the storage client (the functions pass {@code DynamoDbClients::fromEnvironment}); generic so
 *            this module needs no DynamoDB dependency
 */
public final class FunctionEnvironment<C> {
    public static final String TABLE_NAME_ENV = "TABLE_NAME";

    private final String service;
    private final BiFunction<Map<String, String>, List<ExecutionInterceptor>, C> clientFactory;
    private Built<C> built;

    private record Built<C>(String tableName, FunctionTelemetry telemetry, C client) {
    }

    /** Reads nothing yet: a handler class may hold one in a static field without tests paying for it. */
    public FunctionEnvironment(String service, BiFunction<Map<String, String>, List<ExecutionInterceptor>, C> clientFactory) {
        this.service = Objects.requireNonNull(service, "service");
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
    }

    public String tableName() {
        return built().tableName();
    }

    public FunctionTelemetry telemetry() {
        return built().telemetry();
    }

    public C client() {
        return built().client();
    }

    private synchronized Built<C> built() {
        if (built == null) {
            built = build(System.getenv());
        }
        return built;
    }

    private Built<C> build(Map<String, String> env) {
        String tableName = tableName(env);
        FunctionTelemetry telemetry = new FunctionTelemetry(service, Tracing.fromEnvironment(env, service));
        return new Built<>(tableName, telemetry, clientFactory.apply(env, telemetry.tracing().sdkInterceptors()));
    }

    static String tableName(Map<String, String> env) {
        return Objects.requireNonNull(env.get(TABLE_NAME_ENV), TABLE_NAME_ENV + " must be set");
    }
}
