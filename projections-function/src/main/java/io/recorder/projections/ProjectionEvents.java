package io.recorder.projections;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.MonthlyRollup.Cell;

/**
 * What the projections function reports (logs, metrics). An interface so the handler stays free of
 * any telemetry library and tests can observe it. Never carries descriptions or amounts: ids only.
 */
public interface ProjectionEvents {
    /** Payments new to a series' history were written, at this version. */
    void applied(ClientId client, SeriesId series, int added, long version);

    /** Every payment of a group was already in the history: nothing written (a redelivery). */
    void duplicates(ClientId client, SeriesId series, int records);

    /**
     * Payments recorded more than the deduplication window before the newest one applied: taken as
     * already applied. Under the stream's 24-hour retention only redeliveries arrive that late; a
     * first delivery that did means an outage past retention, which {@code audit} finds and
     * {@code rebuild} repairs (ADR 0007).
     */
    void beforeWindow(ClientId client, SeriesId series, int records);

    /** A record the projection does not use (update, delete, another item type). */
    void ignored(String sequenceNumber, String reason);

    /** A record that can never be applied; reported as a batch item failure. */
    void poison(String sequenceNumber, String reason);

    /** A series could not be updated now; its earliest record is reported as a batch item failure. */
    void seriesFailed(ClientId client, SeriesId series, String sequenceNumber, RuntimeException cause);

    /** A monthly spending cell could not be updated now (ADR 0011); its earliest record is reported as a batch item failure. */
    void rollupFailed(Cell cell, String sequenceNumber, RuntimeException cause);

    /**
     * A load returned a lower version of the series than this process last saved: stored state went back in
     * time. The series is rebuilt from the ledger before the batch is applied. Never expected on DynamoDB
     * (docs/runbook.md#projectionversionregressions).
     */
    void versionWentBack(ClientId client, SeriesId series, long loadedVersion, long lastSavedVersion);

    /**
     * A load returned a lower version of a monthly spending cell than this process last saved (ADR 0011): the cell
     * is rebuilt from the ledger before the batch is applied, as a series is.
     */
    void cellWentBack(Cell cell, long loadedVersion, long lastSavedVersion);

    /** Once per invocation. */
    void batch(BatchSummary summary);

    /**
     * @param lagMillis now minus the oldest record's approximate creation time (0 when unknown)
     */
    record BatchSummary(int records, int applied, int duplicates, int ignored, int failedRecords,
                        int conflicts, long lagMillis) {
    }

    /** Reports nothing. */
    ProjectionEvents NONE = new ProjectionEvents() {
        @Override
        public void applied(ClientId client, SeriesId series, int added, long version) {
        }

        @Override
        public void duplicates(ClientId client, SeriesId series, int records) {
        }

        @Override
        public void beforeWindow(ClientId client, SeriesId series, int records) {
        }

        @Override
        public void ignored(String sequenceNumber, String reason) {
        }

        @Override
        public void poison(String sequenceNumber, String reason) {
        }

        @Override
        public void seriesFailed(ClientId client, SeriesId series, String sequenceNumber, RuntimeException cause) {
        }

        @Override
        public void rollupFailed(Cell cell, String sequenceNumber, RuntimeException cause) {
        }

        @Override
        public void versionWentBack(ClientId client, SeriesId series, long loadedVersion, long lastSavedVersion) {
        }

        @Override
        public void cellWentBack(Cell cell, long loadedVersion, long lastSavedVersion) {
        }

        @Override
        public void batch(BatchSummary summary) {
        }
    };
}
