package io.recorder.projections;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.MonthlyRollup.Cell;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Structured logs and EMF metrics for the projections function, through the same Powertools stack as
 * the API functions. Routine per-series events are DEBUG; the batch line carries the counts.
 */
public final class PowertoolsProjectionEvents implements ProjectionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PowertoolsProjectionEvents.class);

    private final FunctionTelemetry telemetry;

    public PowertoolsProjectionEvents(FunctionTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public void applied(ClientId client, SeriesId series, int added, long version) {
        LOG.debug("series applied {} {} {} {}", entry("client_id", client.value()), entry("series_id", series.value()),
                entry("added", added), entry("version", version));
    }

    @Override
    public void duplicates(ClientId client, SeriesId series, int records) {
        LOG.debug("series unchanged {} {} {}", entry("client_id", client.value()), entry("series_id", series.value()),
                entry("records", records));
    }

    @Override
    public void beforeWindow(ClientId client, SeriesId series, int records) {
        LOG.warn("payments recorded before the deduplication window taken as applied (run the audit if the stream was down past its retention) {} {} {}",
                entry("client_id", client.value()), entry("series_id", series.value()), entry("records", records));
    }

    @Override
    public void ignored(String sequenceNumber, String reason) {
        LOG.info("record ignored {} {}", entry("sequence_number", sequenceNumber), entry("reason", reason));
    }

    @Override
    public void poison(String sequenceNumber, String reason) {
        LOG.error("poison record {} {}", entry("sequence_number", sequenceNumber), entry("reason", reason));
    }

    @Override
    public void seriesFailed(ClientId client, SeriesId series, String sequenceNumber, RuntimeException cause) {
        if (cause instanceof io.recorder.ledger.LedgerUnavailableException) {
            telemetry.count(MetricNames.STORE_THROTTLED);
        }
        LOG.warn("series failed {} {} {} {}", entry("client_id", client.value()), entry("series_id", series.value()),
                entry("sequence_number", sequenceNumber), entry("cause", cause.getClass().getSimpleName() + ": " + cause.getMessage()));
    }

    @Override
    public void rollupFailed(Cell cell, String sequenceNumber, RuntimeException cause) {
        if (cause instanceof io.recorder.ledger.LedgerUnavailableException) {
            telemetry.count(MetricNames.STORE_THROTTLED);
        }
        LOG.warn("monthly spending cell failed {} {} {} {} {}", entry("client_id", cell.clientId().value()),
                entry("month", cell.month().toString()), entry("currency", cell.currency().code()),
                entry("sequence_number", sequenceNumber), entry("cause", cause.getClass().getSimpleName() + ": " + cause.getMessage()));
    }

    @Override
    public void versionWentBack(ClientId client, SeriesId series, long loadedVersion, long lastSavedVersion) {
        telemetry.count(MetricNames.PROJECTION_VERSION_REGRESSIONS);
        LOG.error("projection version went back: rebuilding the series from the ledger (see docs/runbook.md#projectionversionregressions) {} {} {} {}",
                entry("client_id", client.value()), entry("series_id", series.value()),
                entry("loaded_version", loadedVersion), entry("last_saved_version", lastSavedVersion));
    }

    @Override
    public void cellWentBack(Cell cell, long loadedVersion, long lastSavedVersion) {
        telemetry.count(MetricNames.PROJECTION_VERSION_REGRESSIONS);
        LOG.error("projection version went back: rebuilding the monthly spending cell from the ledger (see docs/runbook.md#projectionversionregressions) {} {} {} {} {} {}",
                entry("client_id", cell.clientId().value()), entry("month", cell.month().toString()),
                entry("currency", cell.currency().code()), entry("cell", cell.index()),
                entry("loaded_version", loadedVersion), entry("last_saved_version", lastSavedVersion));
    }

    @Override
    public void batch(BatchSummary s) {
        telemetry.add(MetricNames.PROJECTION_EVENTS_APPLIED, s.applied());
        telemetry.add(MetricNames.PROJECTION_DUPLICATES_SKIPPED, s.duplicates());
        telemetry.add(MetricNames.PROJECTION_FAILURES, s.failedRecords());
        telemetry.milliseconds(MetricNames.PROJECTION_LAG_MILLIS, s.lagMillis());
        String message = "batch {} {} {} {} {} {}";
        Object[] fields = {entry("records", s.records()), entry("applied", s.applied()), entry("duplicates", s.duplicates()),
                entry("ignored", s.ignored()), entry("failed", s.failedRecords()), entry("lag_ms", s.lagMillis())};
        if (s.failedRecords() > 0) {
            LOG.warn(message, fields);
        } else {
            LOG.info(message, fields);
        }
    }
}
