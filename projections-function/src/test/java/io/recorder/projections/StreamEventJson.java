package io.recorder.projections;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Stream event JSON read exactly as the Lambda Java runtime reads it (its serializer and mix-ins). */
final class StreamEventJson {
    private static final PojoSerializer<DynamodbEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamEventJson.class.getClassLoader());

    private StreamEventJson() {
    }

    /** A verbatim fixture from {@code src/test/resources/events/}. */
    static DynamodbEvent fixture(String name) {
        try (InputStream in = StreamEventJson.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return SERIALIZER.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DynamodbEvent parse(String json) {
        return SERIALIZER.fromJson(json);
    }
}
