package io.recorder.telemetry.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Instant;
import java.util.function.Consumer;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricResolution;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Metrics that go nowhere: the local runtime's readable console has no use for EMF blobs (they are
 * CloudWatch's input, not a person's), and Powertools only turns them off through an environment
 * variable, which a running JVM cannot set.
 */
final class DiscardedMetrics implements Metrics {
    private DimensionSet defaultDimensions = DimensionSet.of(java.util.Map.of());

    @Override
    public void addMetric(String key, double value, MetricUnit unit, MetricResolution resolution) {
    }

    @Override
    public void addDimension(DimensionSet dimensionSet) {
    }

    @Override
    public void setTimestamp(Instant timestamp) {
    }

    @Override
    public void addMetadata(String key, Object value) {
    }

    @Override
    public void setDefaultDimensions(DimensionSet dimensionSet) {
        this.defaultDimensions = dimensionSet;
    }

    @Override
    public DimensionSet getDefaultDimensions() {
        return defaultDimensions;
    }

    @Override
    public void setNamespace(String namespace) {
    }

    @Override
    public void setRaiseOnEmptyMetrics(boolean raiseOnEmptyMetrics) {
    }

    @Override
    public void clearDefaultDimensions() {
        this.defaultDimensions = DimensionSet.of(java.util.Map.of());
    }

    @Override
    public void flush() {
    }

    @Override
    public void captureColdStartMetric(Context context, DimensionSet dimensions) {
    }

    @Override
    public void captureColdStartMetric(DimensionSet dimensions) {
    }

    @Override
    public void flushMetrics(Consumer<Metrics> metricsConsumer) {
    }
}
