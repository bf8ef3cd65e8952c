package io.recorder.projections;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.ledger.PaymentRecorded;
import java.time.Instant;
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
        return StreamRecords.inserted(item, sequenceNumber, createdAt);
    }
}
