package io.recorder.telemetry.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.recorder.telemetry.MetricNames;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Per-invocation logging context and metrics for one function, through Powertools' functional API
 * (no AspectJ weaving: it costs cold start). Log lines carry the Lambda context fields Powertools adds
 * (function name/version, cold start, request id, X-Ray trace id, service) plus the keys put here.
 * Metrics are CloudWatch EMF, one small blob per data point, in one namespace with the low-cardinality
 * {@code service} dimension: no state shared between invocations or between the functions the local
 * runtime hosts in one JVM (Powertools' metrics instance is a process-wide singleton).
 */
public final class FunctionTelemetry {
    /** MDC key for API Gateway's request id (the id clients see in problem responses). */
    public static final String API_REQUEST_ID = "api_gateway_request_id";
    public static final String CLIENT_ID = "client_id";

    private final String service;
    private final Metrics metrics;
    private final Tracing tracing;
    private final DimensionSet dimensions;

    /** As configured by the environment (tracing off unless {@code RECORDER_TRACING=otlp}). */
    public FunctionTelemetry(String service) {
        this(service, Tracing.fromEnvironment(System.getenv(), service));
    }

    public FunctionTelemetry(String service, Tracing tracing) {
        this.service = service;
        this.tracing = tracing;
        this.metrics = MetricsFactory.getMetricsInstance();
        this.dimensions = DimensionSet.of(MetricNames.DIMENSION_SERVICE, service);
    }

    public String service() {
        return service;
    }

    public Tracing tracing() {
        return tracing;
    }

    /** A traced step of the work (a subsegment in X-Ray when tracing is on). */
    public <T> T span(String name, Supplier<T> work) {
        return tracing.span(name, work);
    }

    /** A searchable attribute on the current span (an X-Ray annotation through the collector). */
    public void annotate(String key, String value) {
        tracing.annotate(key, value);
    }

    /** Runs one invocation with its logging context set and its metrics flushed at the end, whatever happens. */
    public <T> T invocation(Context context, String correlationId, Supplier<T> work) {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        MDC.put("service", service);
        if (correlationId != null) {
            MDC.put(API_REQUEST_ID, correlationId);
        }
        try {
            return tracing.invocation(service, work);
        } finally {
            if (context != null) {
                PowertoolsLogging.clearState(true);
            }
            MDC.clear();
        }
    }

    /** Adds a key to every following log line of this invocation (e.g. the client id). */
    public void tag(String key, String value) {
        MDC.put(key, value);
    }

    public void count(String metric) {
        add(metric, 1);
    }

    public void add(String metric, long count) {
        metrics.flushSingleMetric(metric, count, MetricUnit.COUNT, MetricNames.NAMESPACE, dimensions);
    }

    public void milliseconds(String metric, double value) {
        metrics.flushSingleMetric(metric, value, MetricUnit.MILLISECONDS, MetricNames.NAMESPACE, dimensions);
    }

    /**
     * A count with one extra dimension, emitted on its own (EMF allows one dimension set per blob).
     * The value must come from a closed set: never a client-controlled string.
     */
    public void countBy(String metric, String dimension, String value) {
        metrics.flushSingleMetric(metric, 1, MetricUnit.COUNT, MetricNames.NAMESPACE,
                DimensionSet.of(MetricNames.DIMENSION_SERVICE, service, dimension, value));
    }
}
