package io.recorder.ledger.recurring;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.SeriesId;

import java.util.Objects;

/**
 * The projection's state of one series: what {@link SeriesProjection#evolve} folds payments into, and
 * everything its summary is computed from. The DynamoDB adapter only loads and saves it.
 *
 * @param description the text of the latest payment by payment order (ties: payment id), reversed or not,
 *                    so a renamed series shows its current name whatever order payments arrived in
 */
public record SeriesState(ClientId clientId, SeriesId seriesId, String description, CurrencyCode currency,
                          SeriesHistory history) {

    public SeriesState {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(seriesId, "seriesId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(history, "history");
    }

    /** The state of a series whose first payment this is. */
    static SeriesState first(PaymentRecorded payment) {
        SeriesPayment delivered = SeriesPayment.of(payment);
        return new SeriesState(payment.clientId(), payment.seriesId(), payment.description().text(), payment.currency(),
                SeriesHistory.empty().with(delivered));
    }

    /** The state of a series whose first event is this reversal: it waits for its payment (ADR 0009). */
    static SeriesState first(PaymentReversed reversal) {
        return new SeriesState(reversal.clientId(), reversal.seriesId(), reversal.description().text(),
                reversal.amount().currency(), SeriesHistory.empty().with(SeriesReversal.of(reversal)));
    }

    /** This state with a reversal the history admits as {@link SeriesHistory.Admission#NEW}: the payment leaves every total. */
    SeriesState with(PaymentReversed reversal) {
        if (!reversal.clientId().equals(clientId) || !reversal.seriesId().equals(seriesId)
                || !reversal.amount().currency().equals(currency)) {
            throw new IllegalArgumentException("reversal " + reversal.reversalId() + " belongs to another series");
        }
        return new SeriesState(clientId, seriesId, description, currency, history.with(SeriesReversal.of(reversal)));
    }

    /** Whether a payment of the series stands: a series whose every payment was reversed has no summary and shows nowhere. */
    public boolean hasStandingPayments() {
        return !history.isEmpty();
    }

    /**
     * This state with a payment the history admits as {@link SeriesHistory.Admission#NEW}. The one place
     * "the latest payment's description wins" is decided: the payment's text when it is now the latest.
     */
    SeriesState with(PaymentRecorded payment) {
        if (!payment.clientId().equals(clientId) || !payment.seriesId().equals(seriesId)) {
            throw new IllegalArgumentException("payment " + payment.paymentId() + " belongs to another series");
        }
        if (!payment.currency().equals(currency)) {
            throw new IllegalArgumentException("payment " + payment.paymentId() + " is in " + payment.currency()
                    + ", the series in " + currency);
        }
        SeriesHistory grown = history.with(SeriesPayment.of(payment));
        boolean latest = grown.latestPaymentId().map(id -> id.equals(payment.paymentId())).orElse(false);
        return new SeriesState(clientId, seriesId, latest ? payment.description().text() : description, currency, grown);
    }

    /**
     * The summary of this state, of its standing payments; its status is as of the last payment, so call
     * {@link RecurringSeries#asOf} to read it.
     *
     * @throws java.util.NoSuchElementException when no payment stands ({@link #hasStandingPayments()})
     */
    public RecurringSeries summary() {
        return RecurringSeriesFold.summarize(clientId, seriesId, description, currency, history,
                history.latest().orElseThrow().paymentTimestamp());
    }
}
