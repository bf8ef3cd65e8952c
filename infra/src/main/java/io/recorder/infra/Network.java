package io.recorder.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.CfnSecurityGroup;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Where the functions run: two AZs of isolated subnets (no NAT, no internet gateway), reaching DynamoDB
 * through a gateway endpoint and X-Ray through an interface endpoint, and nothing else. The functions'
 * security group allows HTTPS out to exactly those two places.
 */
final class Network extends Construct {
    static final int HTTPS = 443;

    final Vpc vpc;
    final SecurityGroup functions;
    final GatewayVpcEndpoint dynamoDb;
    final InterfaceVpcEndpoint xray;
    final Optional<InterfaceVpcEndpoint> executeApi;
    AwsCustomResource prefixListLookup;

    Network(Construct scope, String id, RecorderConfig.Endpoint endpoint) {
        super(scope, id);
        this.vpc = isolatedVpc();
        this.dynamoDb = vpc.addGatewayEndpoint("DynamoDb", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.DYNAMODB)
                .subnets(List.of(isolatedSubnets()))
                .build());
        this.functions = SecurityGroup.Builder.create(this, "Functions")
                .vpc(vpc)
                .description("Recorder functions: HTTPS to DynamoDB (gateway endpoint) and X-Ray (interface endpoint) only")
                .allowAllOutbound(false)
                .build();
        inlineEgressToDynamoDb(functions, dynamoDbPrefixListId());
        this.xray = interfaceEndpoint("XRay", InterfaceVpcEndpointAwsService.XRAY);
        this.xray.getConnections().allowFrom(functions, Port.tcp(HTTPS), "functions send trace segments");
        this.executeApi = endpoint == RecorderConfig.Endpoint.PRIVATE
                ? Optional.of(executeApiEndpoint())
                : Optional.empty();
    }

    /**
     * The HTTPS-to-DynamoDB rule written into the security group itself. {@code addEgressRule} with a prefix-list
     * peer renders a separate {@code SecurityGroupEgress} resource and drops the group's "no traffic" placeholder,
     * which leaves a group without inline egress rules, and CloudFormation then gives it the default allow-all
     * rule. An inline rule replaces that default; the rule towards the X-Ray endpoint stays a separate resource.
     */
    private static void inlineEgressToDynamoDb(SecurityGroup group, String prefixListId) {
        CfnSecurityGroup cfn = (CfnSecurityGroup) group.getNode().getDefaultChild();
        cfn.addPropertyOverride("SecurityGroupEgress", List.of(Map.of(
                "IpProtocol", "tcp",
                "FromPort", HTTPS,
                "ToPort", HTTPS,
                "DestinationPrefixListId", prefixListId,
                "Description", "HTTPS to DynamoDB through the gateway endpoint")));
    }

    /**
     * The gateway endpoint's policy: only the calls the functions make, only on the ledger table, so a
     * compromised function cannot copy data to a table in another account through it.
     */
    void restrictDynamoDbTo(List<String> tableResources) {
        dynamoDb.addToPolicy(PolicyStatement.Builder.create()
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                        "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:DescribeStream",
                        "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"))
                .resources(tableResources)
                .build());
    }

    SubnetSelection isolatedSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }

    private Vpc isolatedVpc() {
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        return Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("functions")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(24)
                        .build()))
                .restrictDefaultSecurityGroup(true)
                .flowLogs(Map.of("all", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.ALL)
                        .build()))
                .build();
    }

    private InterfaceVpcEndpoint interfaceEndpoint(String id, InterfaceVpcEndpointAwsService service) {
        SecurityGroup endpointGroup = SecurityGroup.Builder.create(this, id + "Endpoint")
                .vpc(vpc)
                .description(id + " interface endpoint: HTTPS in from the functions, nothing out")
                .allowAllOutbound(false)
                .build();
        return vpc.addInterfaceEndpoint(id, InterfaceVpcEndpointOptions.builder()
                .service(service)
                .privateDnsEnabled(true)
                .subnets(isolatedSubnets())
                .securityGroups(List.of(endpointGroup))
                .open(false)
                .build());
    }

    /** PRIVATE endpoint mode: callers inside the VPC (or connected to it) reach the API through this. */
    private InterfaceVpcEndpoint executeApiEndpoint() {
        InterfaceVpcEndpoint endpoint = interfaceEndpoint("ExecuteApi", InterfaceVpcEndpointAwsService.APIGATEWAY);
        endpoint.getConnections().allowFrom(Peer.ipv4(vpc.getVpcCidrBlock()), Port.tcp(HTTPS),
                "API callers inside the VPC");
        return endpoint;
    }

    /**
     * The AWS-managed prefix list of DynamoDB in the deployment region. CloudFormation has no way to name it, and
     * a synth-time lookup would need credentials, so a custom resource asks EC2 at deploy time (read-only call).
     */
    private String dynamoDbPrefixListId() {
        AwsSdkCall describe = AwsSdkCall.builder()
                .service("EC2")
                .action("describeManagedPrefixLists")
                .parameters(Map.of("Filters", List.of(Map.of(
                        "Name", "prefix-list-name",
                        "Values", List.of(GatewayVpcEndpointAwsService.DYNAMODB.getName())))))
                .physicalResourceId(PhysicalResourceId.fromResponse("PrefixLists.0.PrefixListId"))
                .outputPaths(List.of("PrefixLists.0.PrefixListId"))
                .build();
        this.prefixListLookup = AwsCustomResource.Builder.create(this, "DynamoDbPrefixList")
                .onCreate(describe)
                .onUpdate(describe)
                .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
                        .resources(AwsCustomResourcePolicy.ANY_RESOURCE)
                        .build()))
                .installLatestAwsSdk(false)
                .build();
        return prefixListLookup.getResponseField("PrefixLists.0.PrefixListId");
    }
}
