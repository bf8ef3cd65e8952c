package io.recorder.infra;

import io.recorder.infra.OpenApiDefinition.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiDefinition;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.SpecRestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * The REST API, built from the contract: the two writes (POST /payments and its reversal) go to ingest, every GET to query, each method needs
 * an API key, and clients are metered by a usage plan. Regional by default behind a WAF web ACL; PRIVATE puts it
 * behind the execute-api interface endpoint instead.
 */
final class PaymentsApi extends Construct {
    static final String STAGE = "prod";
    static final double STAGE_RATE_LIMIT = 200;
    static final int STAGE_BURST_LIMIT = 400;
    static final double CLIENT_RATE_LIMIT = 50;
    static final int CLIENT_BURST_LIMIT = 100;
    static final int CLIENT_MONTHLY_QUOTA = 5_000_000;
    static final int RATE_LIMIT_PER_IP_5_MIN = 3_000;

    final SpecRestApi api;
    final UsagePlan usagePlan;
    final LogGroup accessLogs;
    final Optional<CfnWebACL> webAcl;
    private Role executionLoggingRole;

    PaymentsApi(Construct scope, String id, RecorderConfig config, Map<String, Object> contract,
            Alias ingest, Alias query, Optional<InterfaceVpcEndpoint> executeApiEndpoint) {
        super(scope, id);
        CfnAccount account = executionLoggingAccount();
        this.accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Map<String, Object> definition = OpenApiDefinition.withGatewayExtensions(contract,
                operation -> integrationUri(route(operation, ingest, query)),
                new OpenApiDefinition.Access(config.iamAuthorization(), config.corsAllowedOrigins()));
        SpecRestApi.Builder builder = SpecRestApi.Builder.create(this, "Api")
                .restApiName(Stack.of(this).getStackName() + "-payments")
                .description("Recurring payments recorder (built from openapi.yaml)")
                .apiDefinition(ApiDefinition.fromInline(definition))
                .endpointTypes(List.of(config.endpoint() == RecorderConfig.Endpoint.PRIVATE
                        ? EndpointType.PRIVATE : EndpointType.REGIONAL))
                .cloudWatchRole(false)
                .deployOptions(stage());
        executeApiEndpoint.ifPresent(endpoint -> builder.policy(onlyThrough(endpoint)));
        this.api = builder.build();
        api.getDeploymentStage().getNode().addDependency(account);
        allowInvocations(OpenApiDefinition.operations(contract), ingest, query);
        this.usagePlan = clientUsagePlan();
        this.webAcl = config.endpoint() == RecorderConfig.Endpoint.REGIONAL
                ? Optional.of(rateLimitingWebAcl())
                : Optional.empty();
    }

    Role executionLoggingRole() {
        return executionLoggingRole;
    }

    /** The writes: recording and reversing are appends, served by the ingest function and its append-only role (ADR 0009). */
    static final List<Operation> INGEST_OPERATIONS = List.of(
            new Operation("post", "/payments"),
            new Operation("post", "/payments/{paymentId}/reversal"));

    /** Which function serves an operation of the contract; null (the synth then fails) for one nobody serves. */
    static Alias route(Operation operation, Alias ingest, Alias query) {
        if (INGEST_OPERATIONS.contains(operation)) {
            return ingest;
        }
        return operation.method().equals("get") ? query : null;
    }

    private static String integrationUri(Alias function) {
        return function == null ? null
                : "arn:" + Aws.PARTITION + ":apigateway:" + Aws.REGION + ":lambda:path/2015-03-31/functions/"
                        + function.getFunctionArn() + "/invocations";
    }

    private StageOptions stage() {
        return StageOptions.builder()
                .stageName(STAGE)
                .accessLogDestination(new LogGroupLogDestination(accessLogs))
                .accessLogFormat(AccessLogFormat.custom(ACCESS_LOG_FORMAT))
                .loggingLevel(MethodLoggingLevel.ERROR)
                .dataTraceEnabled(false)
                .metricsEnabled(true)
                .tracingEnabled(true)
                .throttlingRateLimit(STAGE_RATE_LIMIT)
                .throttlingBurstLimit(STAGE_BURST_LIMIT)
                .build();
    }

    /** One JSON object per request: who (API key id, never the key), what, how it went, and the trace id. */
    static final String ACCESS_LOG_FORMAT = "{"
            + "\"requestId\":\"$context.requestId\","
            + "\"extendedRequestId\":\"$context.extendedRequestId\","
            + "\"requestTime\":\"$context.requestTime\","
            + "\"ip\":\"$context.identity.sourceIp\","
            + "\"apiKeyId\":\"$context.identity.apiKeyId\","
            + "\"httpMethod\":\"$context.httpMethod\","
            + "\"resourcePath\":\"$context.resourcePath\","
            + "\"status\":\"$context.status\","
            + "\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\","
            + "\"responseLatency\":\"$context.responseLatency\","
            + "\"integrationStatus\":\"$context.integration.status\","
            + "\"integrationLatency\":\"$context.integration.latency\","
            + "\"errorType\":\"$context.error.responseType\","
            + "\"errorMessage\":\"$context.error.message\","
            + "\"wafStatus\":\"$context.waf.status\","
            + "\"xrayTraceId\":\"$context.xrayTraceId\""
            + "}";

    /**
     * API Gateway writes execution and access logs with the account's (per region) CloudWatch role. Written out
     * instead of {@code cloudWatchRole(true)}, which would attach an AWS-managed policy.
     */
    private CfnAccount executionLoggingAccount() {
        Role role = Role.Builder.create(this, "CloudWatchRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("API Gateway account role: writes execution and access logs of REST APIs in this region")
                .inlinePolicies(Map.of("logs", PolicyDocument.Builder.create()
                        .statements(List.of(PolicyStatement.Builder.create()
                                .sid("WriteApiGatewayLogs")
                                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream",
                                        "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents",
                                        "logs:GetLogEvents", "logs:FilterLogEvents"))
                                .resources(List.of("arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":"
                                        + Aws.ACCOUNT_ID + ":log-group:*"))
                                .build()))
                        .build()))
                .build();
        role.applyRemovalPolicy(RemovalPolicy.RETAIN);
        this.executionLoggingRole = role;
        CfnAccount account = CfnAccount.Builder.create(this, "Account")
                .cloudWatchRoleArn(role.getRoleArn())
                .build();
        account.applyRemovalPolicy(RemovalPolicy.RETAIN);
        return account;
    }

    /** PRIVATE endpoint: only requests arriving through this stack's execute-api endpoint are let in. */
    private static PolicyDocument onlyThrough(InterfaceVpcEndpoint endpoint) {
        return PolicyDocument.Builder.create()
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("DenyOutsideTheEndpoint")
                                .effect(Effect.DENY)
                                .principals(List.of(new AnyPrincipal()))
                                .actions(List.of("execute-api:Invoke"))
                                .resources(List.of("execute-api:/*"))
                                .conditions(Map.of("StringNotEquals",
                                        Map.of("aws:SourceVpce", endpoint.getVpcEndpointId())))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("AllowThroughTheEndpoint")
                                .principals(List.of(new AnyPrincipal()))
                                .actions(List.of("execute-api:Invoke"))
                                .resources(List.of("execute-api:/*"))
                                .build()))
                .build();
    }

    /** One invoke permission per operation, scoped to its method and path on this API. */
    private void allowInvocations(List<Operation> operations, Alias ingest, Alias query) {
        List<String> seen = new ArrayList<>();
        for (Operation operation : operations) {
            if (operation.isPreflight()) {
                continue; // answered by the gateway's mock integration: no function to invoke
            }
            Alias target = route(operation, ingest, query);
            String method = operation.method().toUpperCase(java.util.Locale.ROOT);
            String path = operation.path().replaceAll("\\{[^}]+}", "*");
            String id = "Invoke" + method + path.replaceAll("[^A-Za-z0-9]", "");
            if (seen.contains(id)) {
                id = id + seen.size();
            }
            seen.add(id);
            target.addPermission(id, Permission.builder()
                    .principal(new ServicePrincipal("apigateway.amazonaws.com"))
                    .action("lambda:InvokeFunction")
                    .sourceArn(api.arnForExecuteApi(method, path, STAGE))
                    .build());
        }
    }

    /** Every client's key is bound to this plan (docs/deploy.md): a steady rate, a burst, a monthly quota. */
    private UsagePlan clientUsagePlan() {
        return api.addUsagePlan("ClientUsagePlan", UsagePlanProps.builder()
                .description("Per-client limits; bind each client's API key to this plan")
                .throttle(ThrottleSettings.builder()
                        .rateLimit(CLIENT_RATE_LIMIT)
                        .burstLimit(CLIENT_BURST_LIMIT)
                        .build())
                .quota(QuotaSettings.builder()
                        .limit(CLIENT_MONTHLY_QUOTA)
                        .period(Period.MONTH)
                        .build())
                .apiStages(List.of(UsagePlanPerApiStage.builder()
                        .api(api)
                        .stage(api.getDeploymentStage())
                        .build()))
                .build());
    }

    /** Per source IP rate limiting in front of the key-based throttling, plus AWS's known-bad-input rules. */
    private CfnWebACL rateLimitingWebAcl() {
        CfnWebACL acl = CfnWebACL.Builder.create(this, "WebAcl")
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build())
                        .build())
                .visibilityConfig(visibility("RecurringPaymentsApi"))
                .rules(List.of(
                        CfnWebACL.RuleProperty.builder()
                                .name("RateLimitPerIp")
                                .priority(0)
                                .action(CfnWebACL.RuleActionProperty.builder()
                                        .block(CfnWebACL.BlockActionProperty.builder().build())
                                        .build())
                                .statement(CfnWebACL.StatementProperty.builder()
                                        .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                                .aggregateKeyType("IP")
                                                .limit(RATE_LIMIT_PER_IP_5_MIN)
                                                .evaluationWindowSec(300)
                                                .build())
                                        .build())
                                .visibilityConfig(visibility("RateLimitPerIp"))
                                .build(),
                        managedRuleGroup("AWSManagedRulesAmazonIpReputationList", 1),
                        managedRuleGroup("AWSManagedRulesKnownBadInputsRuleSet", 2)))
                .build();
        CfnWebACLAssociation.Builder.create(this, "WebAclAssociation")
                .resourceArn(api.getDeploymentStage().getStageArn())
                .webAclArn(acl.getAttrArn())
                .build();
        return acl;
    }

    private static CfnWebACL.RuleProperty managedRuleGroup(String name, int priority) {
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .overrideAction(CfnWebACL.OverrideActionProperty.builder()
                        .none(Map.of())
                        .build())
                .statement(CfnWebACL.StatementProperty.builder()
                        .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                .vendorName("AWS")
                                .name(name)
                                .build())
                        .build())
                .visibilityConfig(visibility(name))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .sampledRequestsEnabled(true)
                .metricName(metricName)
                .build();
    }
}
