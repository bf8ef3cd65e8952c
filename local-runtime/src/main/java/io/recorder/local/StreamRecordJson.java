package io.recorder.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.recorder.dynamodb.ItemSizes;
import io.recorder.dynamodb.LedgerTable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The JSON DynamoDB Streams gives Lambda: one INSERT record with its NEW_IMAGE per payment written,
 * and the event that carries a batch of them. The local stream reads it back with the Lambda
 * runtime's own serializer, so the handler sees what it sees deployed.
 */
final class StreamRecordJson {
    private static final String REGION_ARN = "arn:aws:dynamodb:%s:000000000000:table/%s/stream/local";
    private static final JsonFactory JSON = new JsonFactory();

    private final String region;
    private final String sourceArn;

    StreamRecordJson(String region, String tableName) {
        this.region = region;
        this.sourceArn = String.format(Locale.ROOT, REGION_ARN, region, tableName);
    }

    /** The event Lambda's event source mapping hands the function: the records, in this order. */
    static String event(List<LocalStream.Delivery> records) {
        StringBuilder json = new StringBuilder(records.size() * 1_200).append("{\"Records\":[");
        for (int i = 0; i < records.size(); i++) {
            json.append(i == 0 ? "" : ",").append(records.get(i).json());
        }
        return json.append("]}").toString();
    }

    /** One record exactly as DynamoDB Streams shapes it for Lambda. */
    String record(Map<String, AttributeValue> item, Instant created, String sequenceNumber) {
        StringWriter out = new StringWriter(1_200);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("eventID", UUID.randomUUID().toString().replace("-", ""));
            json.writeStringField("eventName", "INSERT");
            json.writeStringField("eventVersion", "1.1");
            json.writeStringField("eventSource", "aws:dynamodb");
            json.writeStringField("awsRegion", region);
            json.writeObjectFieldStart("dynamodb");
            json.writeNumberField("ApproximateCreationDateTime", created.getEpochSecond());
            json.writeObjectFieldStart("Keys");
            writeAttribute(json, LedgerTable.PK, item.get(LedgerTable.PK));
            writeAttribute(json, LedgerTable.SK, item.get(LedgerTable.SK));
            json.writeEndObject();
            json.writeObjectFieldStart("NewImage");
            for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
                writeAttribute(json, attribute.getKey(), attribute.getValue());
            }
            json.writeEndObject();
            json.writeStringField("SequenceNumber", sequenceNumber);
            json.writeNumberField("SizeBytes", ItemSizes.bytes(item));
            json.writeStringField("StreamViewType", "NEW_IMAGE");
            json.writeEndObject();
            json.writeStringField("eventSourceARN", sourceArn);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeAttribute(JsonGenerator json, String name, AttributeValue value) throws IOException {
        json.writeFieldName(name);
        writeValue(json, value);
    }

    private static void writeValue(JsonGenerator json, AttributeValue value) throws IOException {
        json.writeStartObject();
        if (value.s() != null) {
            json.writeStringField("S", value.s());
        } else if (value.n() != null) {
            json.writeStringField("N", value.n());
        } else if (value.b() != null) {
            json.writeStringField("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
        } else if (value.bool() != null) {
            json.writeBooleanField("BOOL", value.bool());
        } else if (Boolean.TRUE.equals(value.nul())) {
            json.writeBooleanField("NULL", true);
        } else if (value.hasM()) {
            json.writeObjectFieldStart("M");
            for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
                writeAttribute(json, entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
        } else if (value.hasL()) {
            json.writeArrayFieldStart("L");
            for (AttributeValue element : value.l()) {
                writeValue(json, element);
            }
            json.writeEndArray();
        } else if (value.hasSs() || value.hasNs()) {
            json.writeArrayFieldStart(value.hasSs() ? "SS" : "NS");
            for (String element : value.hasSs() ? value.ss() : value.ns()) {
                json.writeString(element);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }
}
