package io.recorder.telemetry;

import java.util.List;

/**
 * The one list of application metric names. The functions emit them (CloudWatch Embedded Metric
 * Format) and infra builds the dashboard and alarms from the same constants, so they cannot drift.
 * Dimensions stay low-cardinality: never a client id.
 */
public final class MetricNames {
    public static final String NAMESPACE = "RecurringPayments";

    /** Dimension on every metric: which function emitted it. */
    public static final String DIMENSION_SERVICE = "service";
    /** Dimension on {@link #VALIDATION_REJECTED}: the offending field. */
    public static final String DIMENSION_FIELD = "field";

    public static final String PAYMENTS_RECORDED = "PaymentsRecorded";
    public static final String PAYMENTS_REVERSED = "PaymentsReversed";
    /** A second, different reversal of an already reversed payment (409). */
    public static final String REVERSAL_CONFLICTS = "ReversalConflicts";
    public static final String IDEMPOTENT_REPLAYS = "IdempotentReplays";
    public static final String IDEMPOTENCY_KEY_REUSED = "IdempotencyKeyReused";
    public static final String VALIDATION_REJECTED = "ValidationRejected";
    public static final String STORE_THROTTLED = "StoreThrottled";
    public static final String PROJECTION_EVENTS_APPLIED = "ProjectionEventsApplied";
    public static final String PROJECTION_DUPLICATES_SKIPPED = "ProjectionDuplicatesSkipped";
    public static final String PROJECTION_LAG_MILLIS = "ProjectionLagMillis";
    public static final String PROJECTION_FAILURES = "ProjectionFailures";
    /** A projection load returned a lower version than the function last saved (docs/runbook.md). */
    public static final String PROJECTION_VERSION_REGRESSIONS = "ProjectionVersionRegressions";
    public static final String READ_REQUESTS = "ReadRequests";

    public static final List<String> ALL = List.of(
            PAYMENTS_RECORDED, PAYMENTS_REVERSED, REVERSAL_CONFLICTS, IDEMPOTENT_REPLAYS, IDEMPOTENCY_KEY_REUSED, VALIDATION_REJECTED, STORE_THROTTLED,
            PROJECTION_EVENTS_APPLIED, PROJECTION_DUPLICATES_SKIPPED, PROJECTION_LAG_MILLIS, PROJECTION_FAILURES,
            PROJECTION_VERSION_REGRESSIONS,
            READ_REQUESTS);

    /** Service names (the Powertools POWERTOOLS_SERVICE_NAME of each function). */
    public static final String SERVICE_INGEST = "payments-ingest";
    public static final String SERVICE_PROJECTIONS = "payments-projections";
    public static final String SERVICE_QUERY = "payments-query";

    private MetricNames() {
    }
}
