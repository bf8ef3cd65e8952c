package io.recorder.telemetry.lambda;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Subsegments for the work inside a function (parse, record, each DynamoDB call) with OpenTelemetry
 * (ADR 0502). Off by default — then every call here is a no-op with no SDK classes loaded. With
 * {@code RECORDER_TRACING=otlp}, spans go over OTLP/HTTP to the ADOT collector extension
 * (localhost:4318), which forwards them to X-Ray, joined to the trace Lambda's active tracing started
 * (the X-Ray trace header the runtime passes per invocation).
 */
public final class Tracing {
    public static final String ENABLED_ENV = "RECORDER_TRACING";
    static final String DEFAULT_ENDPOINT = "http://localhost:4318/v1/traces";
    /** Where the Java Lambda runtime puts the invocation's X-Ray trace header. */
    private static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final OpenTelemetry openTelemetry;
    private final Optional<SdkTracerProvider> provider;
    private final Tracer tracer;

    private Tracing(OpenTelemetry openTelemetry, Optional<SdkTracerProvider> provider) {
        this.openTelemetry = openTelemetry;
        this.provider = provider;
        this.tracer = openTelemetry.getTracer("io.recorder");
    }

    public static Tracing disabled() {
        return new Tracing(OpenTelemetry.noop(), Optional.empty());
    }

    /** Tracing as configured by the environment: off unless {@code RECORDER_TRACING=otlp}. */
    public static Tracing fromEnvironment(Map<String, String> env, String service) {
        if (!"otlp".equalsIgnoreCase(env.getOrDefault(ENABLED_ENV, "off"))) {
            return disabled();
        }
        return exportingTo(OtlpHttpSpanExporter.builder()
                .setEndpoint(env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", DEFAULT_ENDPOINT))
                .build(), service);
    }

    /** Tracing into a given exporter (tests use an in-memory one). */
    public static Tracing exportingTo(io.opentelemetry.sdk.trace.export.SpanExporter exporter, String service) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), service))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        return new Tracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build(), Optional.of(provider));
    }

    public boolean enabled() {
        return provider.isPresent();
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Runs one invocation inside a root span joined to the Lambda trace, flushed before returning (Lambda freezes after). */
    public <T> T invocation(String name, Supplier<T> work) {
        if (provider.isEmpty()) {
            return work.get();
        }
        String header = System.getProperty(TRACE_HEADER_PROPERTY);
        Context parent = header == null
                ? Context.root()
                : AwsXrayPropagator.getInstance().extract(Context.root(), Map.of("X-Amzn-Trace-Id", header), MAP_GETTER);
        try {
            return inSpan(tracer.spanBuilder(name).setParent(parent).startSpan(), work);
        } finally {
            provider.get().forceFlush().join(2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** A child span around one step of the work. */
    public <T> T span(String name, Supplier<T> work) {
        if (provider.isEmpty()) {
            return work.get();
        }
        return inSpan(tracer.spanBuilder(name).startSpan(), work);
    }

    private static <T> T inSpan(Span span, Supplier<T> work) {
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Interceptors to add to AWS SDK clients: a span per call when tracing is on, none otherwise. */
    public java.util.List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> sdkInterceptors() {
        return provider.isPresent() ? java.util.List.of(new DynamoDbSpans(tracer)) : java.util.List.of();
    }

    /** An attribute on the current span; the collector maps the configured keys to X-Ray annotations. */
    public void annotate(String key, String value) {
        if (provider.isPresent()) {
            Span.current().setAttribute(key, value);
        }
    }
}
