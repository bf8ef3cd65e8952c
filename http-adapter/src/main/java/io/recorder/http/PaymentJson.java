package io.recorder.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.Timestamps;
import java.io.IOException;

/** The API representation of a recorded payment. Amounts are decimal strings: exact in every client language. */
public final class PaymentJson {
    private PaymentJson() {
    }

    public static String write(PaymentRecorded payment) {
        return ApiResponses.Json.write(json -> writeObject(json, payment));
    }

    public static void writeObject(JsonGenerator json, PaymentRecorded payment) throws IOException {
        json.writeStartObject();
        json.writeStringField("paymentId", payment.paymentId().value());
        json.writeStringField("paymentTimestamp", Timestamps.canonical(payment.paymentTimestamp()));
        json.writeStringField("paymentDescription", payment.description().text());
        json.writeStringField("currency", payment.currency().code());
        json.writeStringField("amount", payment.amount().toPlainString());
        json.writeStringField("seriesId", payment.seriesId().value());
        json.writeStringField("recordedAt", Timestamps.canonical(payment.recordedAt()));
        json.writeEndObject();
    }

    public static String location(PaymentRecorded payment) {
        return "/payments/" + payment.paymentId().value();
    }
}
