package io.recorder.ingest;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.FieldError;
import io.recorder.ledger.PaymentRecorder;
import io.recorder.ledger.PaymentValidator;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Structured logs and EMF metrics for each ingest outcome. Logs ids and outcomes only: never the API
 * key, the body, the description or the amount (they are client data; the ledger has them).
 */
public final class PowertoolsIngestEvents implements IngestEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PowertoolsIngestEvents.class);
    /** Unknown field names are client-controlled: never a metric dimension value. */
    private static final String OTHER_FIELD = "other";

    private final FunctionTelemetry telemetry;

    public PowertoolsIngestEvents(FunctionTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public <T> T step(String name, java.util.function.Supplier<T> work) {
        return telemetry.span(name, work);
    }

    @Override
    public void outcome(String requestId, ClientId client, PaymentRecorder.Outcome outcome) {
        telemetry.tag(FunctionTelemetry.CLIENT_ID, client.value());
        telemetry.annotate("outcome", outcomeName(outcome));
        if (outcome instanceof PaymentRecorder.Recorded recorded) {
            telemetry.annotate("series_id", recorded.payment().seriesId().value());
        }
        if (outcome instanceof PaymentRecorder.Recorded recorded) {
            telemetry.count(MetricNames.PAYMENTS_RECORDED);
            LOG.info("payment {} {} {}", entry("outcome", "recorded"),
                    entry("payment_id", recorded.payment().paymentId().value()),
                    entry("series_id", recorded.payment().seriesId().value()));
        } else if (outcome instanceof PaymentRecorder.Replayed replayed) {
            telemetry.count(MetricNames.IDEMPOTENT_REPLAYS);
            LOG.info("payment {} {}", entry("outcome", "replayed"), entry("payment_id", replayed.payment().paymentId().value()));
        } else if (outcome instanceof PaymentRecorder.KeyReused reused) {
            telemetry.count(MetricNames.IDEMPOTENCY_KEY_REUSED);
            LOG.info("payment {} {}", entry("outcome", "key_reused"), entry("payment_id", reused.originalPayment().value()));
        } else if (outcome instanceof PaymentRecorder.Rejected rejected) {
            List<String> fields = rejected.errors().stream()
                    .map(FieldError::field).map(PowertoolsIngestEvents::knownField).distinct().collect(Collectors.toList());
            fields.forEach(field -> telemetry.countBy(MetricNames.VALIDATION_REJECTED, MetricNames.DIMENSION_FIELD, field));
            LOG.info("payment {} {}", entry("outcome", "rejected"), entry("fields", fields));
        } else {
            throw new IllegalStateException("unhandled outcome " + outcome.getClass().getName());
        }
    }

    @Override
    public void malformed(String requestId) {
        telemetry.countBy(MetricNames.VALIDATION_REJECTED, MetricNames.DIMENSION_FIELD, "body");
        LOG.info("payment {}", entry("outcome", "malformed"));
    }

    @Override
    public void unknownApiKey(String requestId) {
        LOG.warn("payment {} {}", entry("outcome", "forbidden"), entry("reason", "api key id not bound to a client"));
    }

    @Override
    public void storeUnavailable(String requestId, RuntimeException cause) {
        telemetry.count(MetricNames.STORE_THROTTLED);
        LOG.warn("payment {} {}", entry("outcome", "store_unavailable"), entry("cause", cause.getMessage()));
    }

    @Override
    public void internalError(String requestId, RuntimeException cause) {
        // The stack trace is ours, not the client's: it is logged, never returned.
        LOG.error("payment {}", entry("outcome", "internal_error"), cause);
    }

    private static String outcomeName(PaymentRecorder.Outcome outcome) {
        if (outcome instanceof PaymentRecorder.Recorded) {
            return "recorded";
        }
        if (outcome instanceof PaymentRecorder.Replayed) {
            return "replayed";
        }
        if (outcome instanceof PaymentRecorder.KeyReused) {
            return "key_reused";
        }
        if (outcome instanceof PaymentRecorder.Rejected) {
            return "rejected";
        }
        throw new IllegalStateException("unhandled outcome " + outcome.getClass().getName());
    }

    private static String knownField(String field) {
        return PaymentValidator.FIELDS.contains(field) ? field : OTHER_FIELD;
    }
}
