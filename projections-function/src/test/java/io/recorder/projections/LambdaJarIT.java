package io.recorder.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar, as Lambda loads it: in a class loader of its own, with the event deserialized by
 * the runtime's serializer from the jar's classes. Catches a jar trimmed of something it needs.
 */
class LambdaJarIT {
    private static final Path JAR = Path.of("target/projections-function-0.1.0-SNAPSHOT-lambda.jar");

    @Test
    void the_lambda_jar_deserializes_a_stream_event_with_its_own_classes() throws Exception {
        assertThat(JAR).exists();
        // The runtime's serializer lives in a loader of its own (it caches per class name, so never share it).
        URL serialization = LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader runtime = new URLClassLoader(new URL[] {serialization}, ClassLoader.getPlatformClassLoader());
             URLClassLoader function = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> eventType = function.loadClass("com.amazonaws.services.lambda.runtime.events.DynamodbEvent");
            Object serializer = runtime.loadClass(LambdaEventSerializers.class.getName())
                    .getMethod("serializerFor", Class.class, ClassLoader.class).invoke(null, eventType, function);
            Object event;
            try (InputStream in = getClass().getResourceAsStream("/events/dynamodb-insert-payments.json")) {
                Method fromJson = runtime.loadClass(PojoSerializer.class.getName()).getMethod("fromJson", InputStream.class);
                event = fromJson.invoke(serializer, in);
            }
            List<?> records = (List<?>) eventType.getMethod("getRecords").invoke(event);
            assertThat(records).hasSize(4);
            Object stream = records.get(0).getClass().getMethod("getDynamodb").invoke(records.get(0));
            assertThat(stream.getClass().getMethod("getSequenceNumber").invoke(stream)).isEqualTo("4421584500000000017450439091");

            Class<?> handler = function.loadClass("io.recorder.projections.ProjectionsHandler");
            assertThat(function.loadClass("com.amazonaws.services.lambda.runtime.RequestHandler").isAssignableFrom(handler)).isTrue();
            assertThat(handler.getConstructor()).isNotNull();
        }
    }

    @Test
    void the_lambda_jar_leaves_out_the_json_library_the_runtime_brings_and_event_types_it_does_not_speak() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getEntry("com/amazonaws/services/lambda/runtime/serialization/events/LambdaEventSerializers.class")).isNull();
            assertThat(jar.getEntry("com/amazonaws/services/lambda/runtime/events/SQSEvent.class")).isNull();
            assertThat(jar.getEntry("com/amazonaws/services/lambda/runtime/events/StreamsEventResponse.class")).isNotNull();
            assertThat(jar.getEntry("io/recorder/projections/ProjectionsCommand.class")).isNotNull();
        }
        // A guard against shading in what the function never uses (all event types, the serialization library):
        // the jar is the SDK, Powertools logging/metrics and OpenTelemetry, about 14.5 MB (docs/performance.md).
        assertThat(Files.size(JAR)).isLessThan(16_000_000);
    }
}
