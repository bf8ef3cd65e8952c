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
 * Metrics are CloudWatch EMF, flushed once per invocation, in one namespace with the low-cardinality
 * {@code service} dimension only.
 */
public final class FunctionTelemetry {
    /** MDC key for API Gateway's request id (the id clients see in problem responses). */
    public static final String API_REQUEST_ID = "api_gateway_request_id";
    public static final String CLIENT_ID = "client_id";

    private final String service;
    private final Metrics metrics;
    private final Tracing tracing;
    /** Whether this invocation added a metric: flushing none makes Powertools log a warning. */
    private final ThreadLocal<Boolean> emitted = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** As configured by the environment (tracing off unless {@code RECORDER_TRACING=otlp}). */
    public FunctionTelemetry(String service) {
        this(service, Tracing.fromEnvironment(System.getenv(), service));
    }

    public FunctionTelemetry(String service, Tracing tracing) {
        this.service = service;
        this.tracing = tracing;
        this.metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(MetricNames.NAMESPACE);
        metrics.setDefaultDimensions(DimensionSet.of(MetricNames.DIMENSION_SERVICE, service));
        // An invocation that records nothing (a 403, a malformed body) must not fail on "no metrics".
        metrics.setRaiseOnEmptyMetrics(false);
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
            if (emitted.get()) {
                metrics.flush();
                emitted.set(Boolean.FALSE);
            }
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
        metrics.addMetric(metric, 1, MetricUnit.COUNT);
        emitted.set(Boolean.TRUE);
    }

    public void milliseconds(String metric, double value) {
        metrics.addMetric(metric, value, MetricUnit.MILLISECONDS);
        emitted.set(Boolean.TRUE);
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
