package io.recorder.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import io.recorder.http.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks responses against openapi.yaml: the body against the schema the contract names for the
 * operation and status (OpenAPI 3.0 dialect, so {@code nullable} is understood; formats asserted),
 * and the headers every read answer carries.
 */
final class Contract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SUCCESS_SCHEMAS = Map.of(
            QueryEndpoint.PAYMENTS, "PaymentPage",
            QueryEndpoint.PAYMENT, "LedgerPayment",
            QueryEndpoint.SERIES_LIST, "RecurringSeriesPage",
            QueryEndpoint.SERIES, "RecurringSeriesDetail",
            QueryEndpoint.UPCOMING, "UpcomingPage",
            QueryEndpoint.MONTHLY_SPENDING, "MonthlySpending");
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            builder -> builder.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private Contract() {
    }

    static Path openApi() {
        Path path = Path.of(System.getProperty("openapi.path", "../openapi.yaml")).toAbsolutePath().normalize();
        assertThat(Files.exists(path)).as("openapi.yaml at " + path).isTrue();
        return path;
    }

    static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n ->
                FACTORY.getSchema(SchemaLocation.of(openApi().toUri() + "#/components/schemas/" + n), CONFIG));
    }

    /** The validation messages of {@code body} against the named component schema (empty when valid). */
    static Set<String> violations(String schemaName, String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return schema(schemaName).validate(node).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts the response of a request to {@code resource} is what the contract promises. */
    static ApiResponse check(String resource, ApiResponse response) {
        assertThat(response.header("Cache-Control")).as("Cache-Control").isEqualTo("no-store");
        String schemaName;
        if (response.statusCode() == 200 && response.header("Content-Type").startsWith("text/csv")) {
            assertThat(response.header("Content-Type")).isEqualTo("text/csv; charset=utf-8; header=present");
            assertThat(response.body()).endsWith("\r\n");
            String headerRow = response.body().substring(0, response.body().indexOf("\r\n"));
            try {
                assertThat(Files.readString(openApi())).as("the CSV header row of %s as documented in openapi.yaml", resource)
                        .contains("example: \"" + headerRow + "\\r\\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return response;
        }
        if (response.statusCode() == 200) {
            assertThat(response.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            schemaName = SUCCESS_SCHEMAS.get(resource);
        } else {
            assertThat(response.statusCode()).as("status").isIn(400, 403, 404, 500, 503);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json; charset=utf-8");
            schemaName = "Problem";
        }
        assertThat(violations(schemaName, response.body()))
                .as("%s response to %s against #/components/schemas/%s: %s", response.statusCode(), resource, schemaName, response.body())
                .isEmpty();
        return response;
    }
}
