package io.recorder.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizing is the slow part of these tests (a Node.js process behind jsii), so each variant of the stack is
 * synthesized once per test JVM and shared by every test class that asserts on it. cdk-nag's AwsSolutions
 * checks run on every variant, as they do in the real app.
 */
final class Synthesized {
    /** The default deployment: regional endpoint, API key, customer-managed table key, no reserved concurrency. */
    static final String DEFAULT = "default";
    /** Every option turned the other way: private endpoint, IAM on top of the key, AWS-managed key, reserved concurrency, CORS origins. */
    static final String OPTIONS = "options";

    static final String COLLECTOR_LAYER = "arn:aws:lambda:eu-west-2:901920570463:layer:aws-otel-collector-arm64-ver-0-117-0:1";

    static final List<String> CORS_ORIGINS = List.of("https://analytics.example.com", "http://localhost:8080");

    private static final Map<String, Synthesized> CACHE = new ConcurrentHashMap<>();

    final RecorderStack stack;
    final Template template;
    final Annotations annotations;

    private Synthesized(RecorderStack stack) {
        this.stack = stack;
        this.template = Template.fromStack(stack);
        this.annotations = Annotations.fromStack(stack);
    }

    static Synthesized defaultStack() {
        return CACHE.computeIfAbsent(DEFAULT, k -> synth(sampleContract(), UnaryOperator.identity()));
    }

    static Synthesized optionsStack() {
        return CACHE.computeIfAbsent(OPTIONS, k -> synth(sampleContract(), config -> config
                .withEndpoint(RecorderConfig.Endpoint.PRIVATE)
                .withIamAuthorization(true)
                .withTableKey(RecorderConfig.TableKey.AWS_MANAGED)
                .withSizing(config.ingest().withReservedConcurrency(50),
                        config.query().withReservedConcurrency(40),
                        config.projections().withReservedConcurrency(5))
                .withAlarmEmail("oncall@example.com")
                .withCollectorLayer(COLLECTOR_LAYER)
                .withCorsAllowedOrigins(CORS_ORIGINS)));
    }

    static Synthesized synth(Path contract, UnaryOperator<RecorderConfig> options) {
        Path work = tempDir();
        App app = new App(AppProps.builder().outdir(work.resolve("cdk.out").toString()).build());
        RecorderConfig config = options.apply(RecorderConfig.defaults(placeholderJars(work), contract));
        RecorderStack stack = new RecorderStack(app, "RecorderTest", StackProps.builder().build(), config);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return new Synthesized(stack);
    }

    static Path sampleContract() {
        return resource("openapi-sample.yaml");
    }

    static Path resource(String name) {
        try {
            return Paths.get(Synthesized.class.getClassLoader().getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("test resource missing: " + name, e);
        }
    }

    /** Tiny but valid zip files standing in for the shaded function jars, which other modules build. */
    private static RecorderConfig.FunctionAssets placeholderJars(Path dir) {
        return new RecorderConfig.FunctionAssets(jar(dir, "ingest"), jar(dir, "query"), jar(dir, "projections"));
    }

    private static Path jar(Path dir, String name) {
        Path jar = dir.resolve(name + "-placeholder-lambda.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("placeholder/" + name + ".txt"));
            zip.write(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("recorder-infra-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
