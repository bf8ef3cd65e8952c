package io.recorder.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.ledger.ClientId;
import io.recorder.localengine.Dynalite;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The shaded jar Lambda runs, in a fresh JVM configured only by Lambda's environment, answers a read. */
class LambdaJarIT {
    private static final Path JAR = Path.of("target", "query-function-0.1.0-SNAPSHOT-lambda.jar");

    @Test
    void the_shaded_jar_answers_a_listing_configured_only_by_the_lambda_environment() throws Exception {
        try (Dynalite engine = Dynalite.inMemory(); DynamoDbClient dynamo = engine.client()) {
            String table = "ledger-" + UUID.randomUUID();
            new LedgerTable(dynamo, table).createIfMissing();
            ApiGatewayEvent event = ApiGatewayEvent.listPayments();
            String apiKeyId = event.apiKeyId();
            new ApiKeyClients(new LedgerTable(dynamo, table), Clock.systemUTC()).bind(apiKeyId, new ClientId("acme"));

            String javaCommand = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(javaCommand, "-cp", JAR.toAbsolutePath().toString(),
                    "io.recorder.telemetry.lambda.InvokeFromStdin", QueryHandler.class.getName(), "payments-query")
                    .redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.clear();
            env.putAll(Map.of(
                    "TABLE_NAME", table,
                    "DYNAMODB_ENDPOINT", engine.endpoint().toString(),
                    "AWS_REGION", "eu-west-2",
                    "AWS_ACCESS_KEY_ID", "local",
                    "AWS_SECRET_ACCESS_KEY", "local",
                    "AWS_LAMBDA_FUNCTION_NAME", "payments-query",
                    "POWERTOOLS_LOG_LEVEL", "INFO"));
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(event.bytes());
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(output).as(output).contains("RESPONSE {\"statusCode\":200");
            assertThat(output).as(output).doesNotContain("\"statusCode\":5").doesNotContain("Exception");
            assertThat(output).contains("\"service\":\"payments-query\"");
        }
    }
}
