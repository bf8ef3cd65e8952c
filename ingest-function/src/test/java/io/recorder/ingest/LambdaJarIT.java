package io.recorder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.Dynalite;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The artifact Lambda runs, not the test class path: the shaded jar, in a fresh JVM, configured only
 * by Lambda's environment, answers the published example with 201 and logs JSON. (A dependency left
 * out of the jar or a broken logging setup shows here and nowhere else.)
 */
class LambdaJarIT {
    private static final Path JAR = Path.of("target", "ingest-function-0.1.0-SNAPSHOT-lambda.jar");

    @Test
    void the_shaded_jar_records_the_published_example_configured_only_by_the_lambda_environment() throws Exception {
        try (Dynalite engine = Dynalite.inMemory(); DynamoDbClient dynamo = engine.client()) {
            String table = "ledger-" + UUID.randomUUID();
            new LedgerTable(dynamo, table).createIfMissing();
            new ApiKeyClients(new LedgerTable(dynamo, table), Clock.systemUTC()).bind("k7q2m9x4ab", new ClientId("acme"));

            String javaCommand = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(javaCommand, "-cp", JAR.toAbsolutePath().toString(),
                    "io.recorder.telemetry.lambda.InvokeFromStdin", IngestHandler.class.getName(), "payments-ingest")
                    .redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.clear(); // nothing from this machine: only what Lambda would set
            env.putAll(Map.of(
                    "TABLE_NAME", table,
                    "DYNAMODB_ENDPOINT", engine.endpoint().toString(),
                    "AWS_REGION", "eu-west-2",
                    "AWS_ACCESS_KEY_ID", "local",
                    "AWS_SECRET_ACCESS_KEY", "local",
                    "AWS_LAMBDA_FUNCTION_NAME", "payments-ingest",
                    "POWERTOOLS_SERVICE_NAME", "payments-ingest",
                    "POWERTOOLS_LOG_LEVEL", "INFO"));
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(ApiGatewayEvent.postPayment().bytes());
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(output).as(output).contains("RESPONSE {\"statusCode\":201");
            assertThat(output).contains("\"outcome\":\"recorded\"").contains("\"function_name\":\"payments-ingest\"");
            assertThat(output).doesNotContain("ERROR").doesNotContain("Exception");
        }
    }

    @Test
    void the_shaded_jar_merges_the_log4j_plugin_caches_and_leaves_out_what_is_never_used() throws Exception {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            String plugins = new String(jar.getInputStream(
                    jar.getEntry("META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat")).readAllBytes(),
                    StandardCharsets.ISO_8859_1);
            assertThat(plugins).contains("JsonTemplateLayout").contains("PatternLayout").contains("Console");
            assertThat(jar.getEntry("software/amazon/awssdk/services/dynamodb/streams/DynamoDbStreamsClient.class")).isNull();
            assertThat(jar.getEntry("org/aspectj/lang/NoAspectBoundException.class")).isNull();
        }
        assertThat(Files.size(JAR)).isLessThan(16_000_000);
    }
}
