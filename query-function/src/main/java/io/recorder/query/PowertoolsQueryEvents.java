package io.recorder.query;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import io.recorder.ledger.ClientId;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Structured logs and EMF metrics for the read API, as the ingest function has them. Ids and outcomes only. */
public final class PowertoolsQueryEvents implements QueryEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PowertoolsQueryEvents.class);

    private final FunctionTelemetry telemetry;

    public PowertoolsQueryEvents(FunctionTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public void served(String requestId, ClientId client, String operation, int status) {
        telemetry.tag(FunctionTelemetry.CLIENT_ID, client.value());
        telemetry.annotate("operation", operation);
        telemetry.count(MetricNames.READ_REQUESTS);
        LOG.info("read {} {} {}", entry("outcome", status < 400 ? "served" : "refused"), entry("operation", operation),
                entry("status", status));
    }

    @Override
    public void unknownApiKey(String requestId) {
        LOG.warn("read {} {}", entry("outcome", "forbidden"), entry("reason", "api key id not bound to a client"));
    }

    @Override
    public void storeUnavailable(String requestId, RuntimeException cause) {
        telemetry.count(MetricNames.STORE_THROTTLED);
        LOG.warn("read {} {}", entry("outcome", "store_unavailable"), entry("cause", cause.getMessage()));
    }

    @Override
    public void internalError(String requestId, RuntimeException cause) {
        LOG.error("read {}", entry("outcome", "internal_error"), cause);
    }
}
