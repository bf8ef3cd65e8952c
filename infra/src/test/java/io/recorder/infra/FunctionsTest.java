package io.recorder.infra;

import static io.recorder.infra.TemplateJson.json;
import static io.recorder.infra.TemplateJson.properties;
import static io.recorder.infra.TemplateJson.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The three functions: runtime, SnapStart behind an alias, tracing, environment, and each role written out. */
class FunctionsTest {
    static final String INGEST = "io.recorder.ingest.IngestHandler::handleRequest";
    static final String QUERY = "io.recorder.query.QueryHandler::handleRequest";
    static final String PROJECTIONS = "io.recorder.projections.ProjectionsHandler::handleRequest";

    private final Template template = Synthesized.defaultStack().template;
    private final TemplateJson json = new TemplateJson(template);

    @ParameterizedTest
    @ValueSource(strings = {INGEST, QUERY, PROJECTIONS})
    void function_isJava21OnArm64_withSnapStartOnPublishedVersions_andActiveTracing(String handler) {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", handler,
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Map.of("Mode", "Active"),
                "MemorySize", 1024,
                "LoggingConfig", Map.of("LogGroup", Match.anyValue())));
    }

    @Test
    void functions_readTheirConfigurationFromTheEnvironment() {
        Map<String, String> services = Map.of(INGEST, "payments-ingest", QUERY, "payments-query",
                PROJECTIONS, "payments-projections");
        String table = json.resources("AWS::DynamoDB::Table").keySet().iterator().next();
        services.forEach((handler, service) -> template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", handler,
                "Environment", Map.of("Variables", Map.of(
                        "TABLE_NAME", Map.of("Ref", table),
                        "POWERTOOLS_SERVICE_NAME", service,
                        "POWERTOOLS_METRICS_NAMESPACE", "RecurringPayments",
                        "POWERTOOLS_LOG_LEVEL", "INFO",
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")))));
    }

    @Test
    void functions_haveTimeoutsWithinTheirCallers() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", INGEST, "Timeout", 10));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", QUERY, "Timeout", 10));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", PROJECTIONS, "Timeout", 60));
    }

    @Test
    void eachFunction_isPublishedBehindTheLiveAlias() {
        template.resourceCountIs("AWS::Lambda::Alias", 3);
        template.resourceCountIs("AWS::Lambda::Version", 3);
        json.resources("AWS::Lambda::Alias").values().forEach(alias -> {
            Map<String, Object> props = properties(alias);
            assertThat(props.get("Name")).isEqualTo("live");
            String version = TemplateJson.referenced(props.get("FunctionVersion"));
            assertThat(json.resource(version).get("Type")).isEqualTo("AWS::Lambda::Version");
        });
    }

    @Test
    void reservedConcurrency_isUnsetByDefault_andConfigurable() {
        json.resources("AWS::Lambda::Function").values().forEach(fn ->
                assertThat(properties(fn)).doesNotContainKey("ReservedConcurrentExecutions"));
        Template options = Synthesized.optionsStack().template;
        options.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", INGEST, "ReservedConcurrentExecutions", 50));
        options.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", QUERY, "ReservedConcurrentExecutions", 40));
        options.hasResourceProperties("AWS::Lambda::Function",
                Map.of("Handler", PROJECTIONS, "ReservedConcurrentExecutions", 5));
    }

    @Test
    void functionRoles_haveOnlyInlinePolicies_andNoGeneratedOrManagedOnes() {
        for (String handler : List.of(INGEST, QUERY, PROJECTIONS)) {
            String role = roleOf(handler);
            assertThat(properties(json.resource(role))).doesNotContainKey("ManagedPolicyArns");
            assertThat(json.resources("AWS::IAM::Policy").values())
                    .noneSatisfy(policy -> assertThat(json(properties(policy).get("Roles"))).contains(role));
            assertThat(json.resources("AWS::IAM::ManagedPolicy")).isEmpty();
        }
    }

    @Test
    void everyFunction_mayWriteOnlyItsOwnLogs_sendTraces_andManageItsNetworkInterfaces() {
        for (String handler : List.of(INGEST, QUERY, PROJECTIONS)) {
            Map<String, Map<String, Object>> statements = json.statementsOfRole(roleOf(handler));
            assertThat(strings(statements.get("WriteOwnLogs").get("Action")))
                    .containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
            String logGroup = TemplateJson.referenced(properties(json.resource(functionOf(handler)))
                    .get("LoggingConfig") instanceof Map<?, ?> config ? TemplateJson.map(config).get("LogGroup") : null);
            assertThat(TemplateJson.referenced(statements.get("WriteOwnLogs").get("Resource"))).isEqualTo(logGroup);
            assertThat(strings(statements.get("SendTraces").get("Action")))
                    .containsExactly("xray:PutTraceSegments", "xray:PutTelemetryRecords");
            assertThat(strings(statements.get("ManageVpcNetworkInterfaces").get("Action"))).containsExactly(
                    "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                    "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");
        }
    }

    @Test
    void ingestRole_appendsAndReadsPaymentEventsOnly_andResolvesApiKeys() {
        Map<String, Map<String, Object>> statements = json.statementsOfRole(roleOf(INGEST));
        assertThat(statements).containsOnlyKeys("WriteOwnLogs", "SendTraces", "ManageVpcNetworkInterfaces",
                "AppendPaymentEvents", "ResolveApiKeys", "UseTableKey");
        assertThat(strings(statements.get("AppendPaymentEvents").get("Action")))
                .containsExactly("dynamodb:PutItem", "dynamodb:GetItem");
        assertThat(leadingKeys(statements.get("AppendPaymentEvents"))).containsExactly("C#*#PAY#*");
        assertThat(TemplateJson.referenced(statements.get("AppendPaymentEvents").get("Resource"))).startsWith("LedgerTable");
        assertThat(strings(statements.get("ResolveApiKeys").get("Action"))).containsExactly("dynamodb:GetItem");
        assertThat(leadingKeys(statements.get("ResolveApiKeys"))).containsExactly("APIKEY#*");
        assertThat(strings(statements.get("UseTableKey").get("Action"))).containsExactlyInAnyOrder(
                "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom",
                "kms:ReEncryptTo");
        assertThat(TemplateJson.referenced(statements.get("UseTableKey").get("Resource"))).startsWith("LedgerTableKey");
    }

    @Test
    void ingestRole_isAppendOnly_noStatementMayUpdateDeleteOrWriteInBatchesOrTransactions() {
        // Recording and reversing both append (ADR 0002, ADR 0009): a correction never rewrites an event.
        List<String> actions = new java.util.ArrayList<>();
        json.statementsOfRole(roleOf(INGEST)).values().forEach(statement -> actions.addAll(strings(statement.get("Action"))));
        assertThat(actions.stream().filter(action -> action.startsWith("dynamodb:")))
                .containsOnly("dynamodb:PutItem", "dynamodb:GetItem")
                .doesNotContain("dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
                        "dynamodb:TransactWriteItems", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete", "dynamodb:*");
        assertThat(actions).noneMatch(action -> action.contains("*"));
    }

    @Test
    void queryRole_onlyReads_theTableAndItsTwoIndexes() {
        Map<String, Map<String, Object>> statements = json.statementsOfRole(roleOf(QUERY));
        assertThat(statements).containsOnlyKeys("WriteOwnLogs", "SendTraces", "ManageVpcNetworkInterfaces",
                "ReadLedger", "UseTableKey");
        assertThat(strings(statements.get("ReadLedger").get("Action")))
                .containsExactly("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query");
        String resources = json(statements.get("ReadLedger").get("Resource"));
        assertThat(resources).contains("/index/byTime").contains("/index/bySeries").doesNotContain("*");
        assertThat(strings(statements.get("UseTableKey").get("Action")))
                .containsExactlyInAnyOrder("kms:Decrypt", "kms:DescribeKey");
    }

    @Test
    void projectionsRole_readsTheStream_andWritesOnlyRecurringSeriesItems() {
        Map<String, Map<String, Object>> statements = json.statementsOfRole(roleOf(PROJECTIONS));
        assertThat(statements).containsOnlyKeys("WriteOwnLogs", "SendTraces", "ManageVpcNetworkInterfaces",
                "ReadStream", "ListStreams", "MaintainRecurringSeries", "MaintainMonthlySpending", "ReadSeriesEvents", "ReadPaymentEvents",
                "ParkFailedBatches", "UseTableKey");
        assertThat(strings(statements.get("ReadStream").get("Action")))
                .containsExactly("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator");
        assertThat(json(statements.get("ReadStream").get("Resource"))).contains("StreamArn");
        assertThat(strings(statements.get("ListStreams").get("Action"))).containsExactly("dynamodb:ListStreams");
        assertThat(json(statements.get("ListStreams").get("Resource"))).contains("/stream/*");
        assertThat(strings(statements.get("MaintainRecurringSeries").get("Action"))).containsExactly(
                "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        assertThat(leadingKeys(statements.get("MaintainRecurringSeries"))).containsExactly("C#*#RECURRING");
        assertThat(strings(statements.get("MaintainMonthlySpending").get("Action"))).containsExactly("dynamodb:GetItem", "dynamodb:PutItem");
        assertThat(leadingKeys(statements.get("MaintainMonthlySpending"))).containsExactly("C#*#SPENDING");
        // The one-series rebuild after a version gone back (issue 12): reads only, the bySeries index and payment items.
        assertThat(strings(statements.get("ReadSeriesEvents").get("Action"))).containsExactly("dynamodb:Query");
        assertThat(json(statements.get("ReadSeriesEvents").get("Resource"))).contains("/index/bySeries").contains("/index/byTime");
        assertThat(strings(statements.get("ReadPaymentEvents").get("Action"))).containsExactly("dynamodb:GetItem");
        assertThat(leadingKeys(statements.get("ReadPaymentEvents"))).containsExactly("C#*#PAY#*");
        assertThat(strings(statements.get("ParkFailedBatches").get("Action"))).containsExactly("sqs:SendMessage");
        assertThat(TemplateJson.referenced(statements.get("ParkFailedBatches").get("Resource")))
                .startsWith("ProjectionsOnFailure");
    }

    @Test
    void noFunctionRole_isGrantedAWildcardAction_orScan() {
        for (String handler : List.of(INGEST, QUERY, PROJECTIONS)) {
            json.statementsOfRole(roleOf(handler)).values().forEach(statement ->
                    assertThat(strings(statement.get("Action"))).allSatisfy(action ->
                            assertThat(action).doesNotContain("*").isNotEqualTo("dynamodb:Scan")));
        }
    }

    @Test
    void awsManagedKeyOption_dropsTheKmsStatements() {
        TemplateJson options = new TemplateJson(Synthesized.optionsStack().template);
        for (String handler : List.of(INGEST, QUERY, PROJECTIONS)) {
            String fn = options.logicalIdWhere("AWS::Lambda::Function", "Handler", handler);
            String role = TemplateJson.referenced(properties(options.resource(fn)).get("Role"));
            assertThat(options.statementsOfRole(role)).doesNotContainKey("UseTableKey");
        }
    }

    private String functionOf(String handler) {
        return json.logicalIdWhere("AWS::Lambda::Function", "Handler", handler);
    }

    private String roleOf(String handler) {
        return TemplateJson.referenced(properties(json.resource(functionOf(handler))).get("Role"));
    }

    private static List<String> leadingKeys(Map<String, Object> statement) {
        Map<String, Object> condition = TemplateJson.map(TemplateJson.map(statement.get("Condition"))
                .get("ForAllValues:StringLike"));
        return strings(condition.get("dynamodb:LeadingKeys"));
    }

    @ParameterizedTest
    @ValueSource(strings = {INGEST, QUERY, PROJECTIONS})
    void tracingExport_isOffByDefault_andOnWithTheCollectorLayer(String handler) {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", handler,
                "Environment", Map.of("Variables", Match.objectLike(Map.of("RECORDER_TRACING", Match.absent()))),
                "Layers", Match.absent()));
        Synthesized.optionsStack().template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", handler,
                "Environment", Map.of("Variables", Match.objectLike(Map.of("RECORDER_TRACING", "otlp"))),
                "Layers", List.of(Synthesized.COLLECTOR_LAYER)));
    }
}
