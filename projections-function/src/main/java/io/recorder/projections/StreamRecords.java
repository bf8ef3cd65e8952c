package io.recorder.projections;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.dynamodb.ReversalItems;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.SeriesId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one stream record means to the projection: a ledger event to apply (a payment or a reversal),
 * something to ignore (updates, deletes, other item types: the event source filter already drops them,
 * this is the second line), or poison (an inserted event item that cannot be read).
 */
final class StreamRecords {
    /** Stream sequence numbers are decimal strings of up to 40 digits; compare them as numbers. */
    static final Comparator<String> SEQUENCE_ORDER = (a, b) -> {
        Optional<BigInteger> x = number(a);
        Optional<BigInteger> y = number(b);
        if (x.isPresent() && y.isPresent()) {
            return x.get().compareTo(y.get());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    };

    sealed interface Decoded permits Event, Ignored, Poison {
        String sequenceNumber();
    }

    /** A payment or a reversal (ADR 0009), and the series it belongs to. */
    record Event(String sequenceNumber, LedgerEvent event, ClientId client, SeriesId series, Optional<Instant> createdAt)
            implements Decoded {
    }

    record Ignored(String sequenceNumber, String reason) implements Decoded {
    }

    record Poison(String sequenceNumber, String reason) implements Decoded {
    }

    private StreamRecords() {
    }

    /**
     * The INSERT record DynamoDB Streams emits (NEW_IMAGE view) when a payment's event item is written:
     * for priming, and for tests that build records in memory. Payment items hold strings and numbers only.
     */
    static DynamodbStreamRecord inserted(Map<String, AttributeValue> item, String sequenceNumber, Instant createdAt) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image = new LinkedHashMap<>();
        item.forEach((name, value) -> image.put(name, value.s() != null
                ? new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withS(value.s())
                : new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withN(value.n())));
        StreamRecord stream = new StreamRecord()
                .withApproximateCreationDateTime(Date.from(createdAt))
                .withKeys(Map.of(LedgerTable.PK, image.get(LedgerTable.PK), LedgerTable.SK, image.get(LedgerTable.SK)))
                .withNewImage(image)
                .withSequenceNumber(sequenceNumber)
                .withSizeBytes(400L)
                .withStreamViewType(StreamViewType.NEW_IMAGE);
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventID(sequenceNumber);
        record.setEventName("INSERT");
        record.setEventVersion("1.1");
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion("us-east-1");
        record.setDynamodb(stream);
        record.setEventSourceARN("arn:aws:dynamodb:us-east-1:000000000000:table/ledger/stream/2024-01-01T00:00:00.000");
        return record;
    }

    static Decoded decode(DynamodbStreamRecord record) {
        StreamRecord stream = record == null ? null : record.getDynamodb();
        String sequence = stream == null ? null : stream.getSequenceNumber();
        if (record == null || stream == null) {
            return new Poison(sequence, "record without a dynamodb section");
        }
        if (!"INSERT".equals(record.getEventName())) {
            return new Ignored(sequence, "eventName " + record.getEventName());
        }
        if (stream.getNewImage() == null) {
            // An INSERT without its image means the stream view type is not NEW_IMAGE: nothing here can apply it.
            return new Poison(sequence, "INSERT without NewImage (stream view type " + stream.getStreamViewType() + ")");
        }
        Map<String, AttributeValue> item;
        try {
            item = StreamImages.toSdk(stream.getNewImage());
        } catch (RuntimeException unreadable) {
            return new Poison(sequence, "unreadable image: " + unreadable.getMessage());
        }
        Optional<Instant> createdAt = Optional.ofNullable(stream.getApproximateCreationDateTime()).map(d -> d.toInstant());
        if (ReversalItems.isReversal(item)) {
            PaymentReversed reversal;
            try {
                reversal = ReversalItems.fromItem(item);
            } catch (RuntimeException malformed) {
                return new Poison(sequence, "malformed reversal item: " + describe(malformed));
            }
            if (!SeriesId.of(reversal.clientId(), reversal.description(), reversal.amount().currency()).equals(reversal.seriesId())) {
                return new Poison(sequence, "series id does not match the reversal's client, description and currency");
            }
            return new Event(sequence, reversal, reversal.clientId(), reversal.seriesId(), createdAt);
        }
        if (!PaymentItems.isPayment(item)) {
            return new Ignored(sequence, "not a ledger event item");
        }
        PaymentRecorded payment;
        try {
            payment = PaymentItems.fromItem(item);
        } catch (RuntimeException malformed) {
            return new Poison(sequence, "malformed payment item: " + describe(malformed));
        }
        // The series id is derived from client, description and currency; one that does not match would file the
        // payment under another series (or another currency) for good.
        if (!SeriesId.of(payment.clientId(), payment.description(), payment.currency()).equals(payment.seriesId())) {
            return new Poison(sequence, "series id does not match the payment's client, description and currency");
        }
        return new Event(sequence, payment, payment.clientId(), payment.seriesId(), createdAt);
    }

    private static String describe(RuntimeException malformed) {
        return malformed.getClass().getSimpleName() + (malformed.getMessage() == null ? "" : ": " + malformed.getMessage());
    }

    private static Optional<BigInteger> number(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        return Optional.of(new BigInteger(text));
    }
}
