package io.recorder.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.recorder.ledger.LedgerEntry;
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

    public static String write(LedgerEntry entry) {
        return ApiResponses.Json.write(json -> writeObject(json, entry));
    }

    /** A payment as the reads show it (openapi.yaml: LedgerPayment): its fields, {@code reversed}, and the reversal if any. */
    public static void writeObject(JsonGenerator json, LedgerEntry entry) throws IOException {
        json.writeStartObject();
        writeFields(json, entry.payment());
        json.writeBooleanField("reversed", entry.reversed());
        if (entry.reversal().isPresent()) {
            json.writeFieldName("reversal");
            ReversalJson.writeObject(json, entry.reversal().get());
        }
        json.writeEndObject();
    }

    public static void writeObject(JsonGenerator json, PaymentRecorded payment) throws IOException {
        json.writeStartObject();
        writeFields(json, payment);
        json.writeEndObject();
    }

    private static void writeFields(JsonGenerator json, PaymentRecorded payment) throws IOException {
        json.writeStringField("paymentId", payment.paymentId().value());
        json.writeStringField("paymentTimestamp", Timestamps.canonical(payment.paymentTimestamp()));
        json.writeStringField("paymentDescription", payment.description().text());
        json.writeStringField("currency", payment.currency().code());
        json.writeStringField("amount", payment.amount().toPlainString());
        json.writeStringField("seriesId", payment.seriesId().value());
        json.writeStringField("recordedAt", Timestamps.canonical(payment.recordedAt()));
    }

    public static String location(PaymentRecorded payment) {
        return "/payments/" + payment.paymentId().value();
    }
}
