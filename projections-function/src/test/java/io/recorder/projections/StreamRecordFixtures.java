package io.recorder.projections;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.ledger.PaymentRecorded;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stream records built in memory, field for field what the fixtures' JSON turns into. */
final class StreamRecordFixtures {
    private StreamRecordFixtures() {
    }

    static DynamodbEvent event(List<DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.copyOf(records));
        return event;
    }

    /** The INSERT record DynamoDB Streams emits when the payment's event item is written. */
    static DynamodbStreamRecord insert(PaymentRecorded payment, String sequenceNumber, Instant createdAt) {
        return insertOf(PaymentItems.toItem(payment), sequenceNumber, createdAt);
    }

    static DynamodbStreamRecord insertOf(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item,
                                         String sequenceNumber, Instant createdAt) {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        item.forEach((name, value) -> image.put(name, value.s() != null ? new AttributeValue().withS(value.s())
                : new AttributeValue().withN(value.n())));
        StreamRecord stream = new StreamRecord()
                .withApproximateCreationDateTime(Date.from(createdAt))
                .withKeys(Map.of(LedgerTable.PK, image.get(LedgerTable.PK), LedgerTable.SK, image.get(LedgerTable.SK)))
                .withNewImage(image)
                .withSequenceNumber(sequenceNumber)
                .withSizeBytes(400L)
                .withStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.NEW_IMAGE);
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
}
