package io.recorder.telemetry.lambda;

import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

/**
 * Settings for running the functions outside Lambda (local runtime, tests). Must run before the first
 * logger or metrics instance is created.
 */
public final class LocalTelemetry {
    private LocalTelemetry() {
    }

    /** JSON log lines with EMF metric blobs between them, as in Lambda. */
    public static void configure(boolean json) {
        configure(json, json);
    }

    /**
     * Readable log lines unless {@code json}. With {@code metrics}, EMF metric blobs go to stdout as in
     * Lambda, and nowhere else: outside Lambda the EMF library would otherwise probe EC2/ECS metadata
     * endpoints and a local CloudWatch agent to decide where metrics go. Without, they are discarded.
     * Metrics instances taken before this call keep the previous choice.
     */
    public static void configure(boolean json, boolean metrics) {
        // The local runtime stops logging itself (LocalTelemetry.stop), after its stream has delivered what
        // is queued: log4j's own hook would run beside it and stop the loggers under the last batches.
        if (System.getProperty("log4j2.shutdownHookEnabled") == null) {
            System.setProperty("log4j2.shutdownHookEnabled", "false");
        }
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", json ? "log4j2.properties" : "log4j2-local.properties");
        }
        var emf = EnvironmentConfigurationProvider.getConfig();
        emf.setEnvironmentOverride(Environments.Local);
        emf.setServiceName("recurring-payments-recorder");
        emf.setServiceType("local");
        MetricsFactory.setMetricsProvider(metrics ? new EmfMetricsProvider() : DiscardedMetrics::new);
    }

    /** Flushes and stops logging: the last step of a local process's shutdown. */
    public static void stop() {
        org.apache.logging.log4j.LogManager.shutdown();
    }
}
