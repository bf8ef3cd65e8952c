package io.recorder.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.Timestamps;
import java.io.IOException;

/** The API representation of a reversal: the 201 of POST /payments/{paymentId}/reversal, and what a reversed payment embeds. */
public final class ReversalJson {
    private ReversalJson() {
    }

    public static String write(PaymentReversed reversal) {
        return ApiResponses.Json.write(json -> writeObject(json, reversal));
    }

    public static void writeObject(JsonGenerator json, PaymentReversed reversal) throws IOException {
        json.writeStartObject();
        json.writeStringField("reversalId", reversal.reversalId().value());
        json.writeStringField("paymentId", reversal.paymentId().value());
        json.writeStringField("reversedAt", Timestamps.canonical(reversal.reversedAt()));
        if (reversal.reason().isPresent()) {
            json.writeStringField("reason", reversal.reason().get().text());
        } else {
            json.writeNullField("reason");
        }
        json.writeEndObject();
    }

    /** Where the reversed payment is read, with this reversal in it. */
    public static String paymentLocation(PaymentReversed reversal) {
        return "/payments/" + reversal.paymentId().value();
    }
}
