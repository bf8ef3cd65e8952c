package io.recorder.infra;

import static io.recorder.infra.TemplateJson.properties;
import static io.recorder.infra.TemplateJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The functions live in isolated subnets and can open HTTPS connections to DynamoDB and X-Ray, nothing else. */
class NetworkTest {
    private final Template template = Synthesized.defaultStack().template;
    private final TemplateJson json = new TemplateJson(template);

    @Test
    void vpc_spansTwoAzsOfIsolatedSubnets_withoutAnyRouteToTheInternet() {
        template.resourceCountIs("AWS::EC2::VPC", 1);
        template.resourceCountIs("AWS::EC2::Subnet", 2);
        template.resourceCountIs("AWS::EC2::InternetGateway", 0);
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.resourceCountIs("AWS::EC2::Route", 0);
        template.allResourcesProperties("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", false));
        assertThat(json.resources("AWS::EC2::Subnet").values())
                .extracting(subnet -> json(properties(subnet).get("AvailabilityZone")))
                .containsExactlyInAnyOrder(
                        "{\"Fn::Select\":[0,{\"Fn::GetAZs\":\"\"}]}", "{\"Fn::Select\":[1,{\"Fn::GetAZs\":\"\"}]}");
    }

    @Test
    void vpc_logsAllFlowsToCloudWatch() {
        template.hasResourceProperties("AWS::EC2::FlowLog", Map.of(
                "ResourceType", "VPC",
                "TrafficType", "ALL",
                "LogDestinationType", "cloud-watch-logs"));
    }

    @Test
    void defaultSecurityGroup_isStrippedOfItsRules() {
        template.resourceCountIs("Custom::VpcRestrictDefaultSG", 1);
    }

    @Test
    void dynamoDb_isReachedThroughAGatewayEndpoint_whosePolicyNamesOnlyTheLedgerTable() {
        Map<String, Object> endpoint = properties(json.resource(
                json.logicalIdWhere("AWS::EC2::VPCEndpoint", "VpcEndpointType", "Gateway")));
        assertThat(json(endpoint.get("ServiceName"))).contains(".dynamodb");
        assertThat((List<?>) endpoint.get("RouteTableIds")).hasSize(2);
        String policy = json(endpoint.get("PolicyDocument"));
        assertThat(policy).contains("LedgerTable").doesNotContain("\"dynamodb:*\"")
                .doesNotContain("\"Resource\":\"*\"").doesNotContain("dynamodb:Scan");
    }

    @Test
    void xray_isTheOnlyInterfaceEndpoint_withPrivateDns() {
        String id = json.logicalIdWhere("AWS::EC2::VPCEndpoint", "VpcEndpointType", "Interface");
        Map<String, Object> endpoint = properties(json.resource(id));
        assertThat(json(endpoint.get("ServiceName"))).contains(".xray");
        assertThat(endpoint.get("PrivateDnsEnabled")).isEqualTo(true);
    }

    @Test
    void functionsSecurityGroup_allowsOnlyHttpsToTheDynamoDbPrefixListAndTheXrayEndpoint() {
        String functionsGroup = functionsSecurityGroup();
        Map<String, Object> group = properties(json.resource(functionsGroup));

        // Inline egress replaces CloudFormation's default allow-all rule: exactly one, to the prefix list.
        assertThat((List<?>) group.get("SecurityGroupEgress")).singleElement()
                .satisfies(rule -> assertThat(TemplateJson.map(rule))
                        .containsEntry("IpProtocol", "tcp")
                        .containsEntry("FromPort", 443)
                        .containsEntry("ToPort", 443)
                        .containsKey("DestinationPrefixListId")
                        .doesNotContainKeys("CidrIp", "CidrIpv6"));
        assertThat(json(group.get("SecurityGroupEgress"))).contains("NetworkDynamoDbPrefixList");

        // Every separate egress rule of the group: HTTPS to the X-Ray endpoint's group, nothing else.
        List<Map<String, Object>> separate = json.resources("AWS::EC2::SecurityGroupEgress").values().stream()
                .map(TemplateJson::properties)
                .filter(rule -> functionsGroup.equals(TemplateJson.referenced(rule.get("GroupId"))))
                .toList();
        assertThat(separate).singleElement().satisfies(rule -> {
            assertThat(rule).containsEntry("IpProtocol", "tcp").containsEntry("FromPort", 443)
                    .containsEntry("ToPort", 443).doesNotContainKeys("CidrIp", "CidrIpv6");
            assertThat(TemplateJson.referenced(rule.get("DestinationSecurityGroupId"))).startsWith("NetworkXRayEndpoint");
        });
    }

    @Test
    void noSecurityGroupAnywhere_opensEgressOrIngressToTheWholeInternet() {
        String groups = json(json.resources("AWS::EC2::SecurityGroup"))
                + json(json.resources("AWS::EC2::SecurityGroupEgress"))
                + json(json.resources("AWS::EC2::SecurityGroupIngress"));
        assertThat(groups).doesNotContain("0.0.0.0/0").doesNotContain("::/0");
        // Every group without inline egress keeps CDK's "no traffic" placeholder (else CloudFormation allows all).
        json.resources("AWS::EC2::SecurityGroup").forEach((id, group) ->
                assertThat(properties(group)).as(id).containsKey("SecurityGroupEgress"));
    }

    @Test
    void everyFunction_runsInTheIsolatedSubnets_withTheFunctionsSecurityGroup() {
        String group = functionsSecurityGroup();
        assertThat(json.resources("AWS::Lambda::Function").values().stream()
                .map(TemplateJson::properties)
                .filter(fn -> "java21".equals(fn.get("Runtime")))
                .toList())
                .hasSize(3)
                .allSatisfy(fn -> {
                    Map<String, Object> vpc = TemplateJson.map(fn.get("VpcConfig"));
                    assertThat(json(vpc.get("SecurityGroupIds"))).contains(group);
                    assertThat((List<?>) vpc.get("SubnetIds")).hasSize(2);
                });
    }

    @Test
    void privateEndpointOption_addsAnExecuteApiEndpoint_reachableOnHttpsFromInsideTheVpcOnly() {
        Template options = Synthesized.optionsStack().template;
        options.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Interface",
                "PrivateDnsEnabled", true,
                "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(".execute-api"))))))));
        options.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", Match.stringLikeRegexp("ExecuteApi.*"),
                "SecurityGroupIngress", List.of(Map.of(
                        "IpProtocol", "tcp", "FromPort", 443, "ToPort", 443,
                        "Description", Match.anyValue(),
                        "CidrIp", Map.of("Fn::GetAtt", List.of("NetworkVpc7FB7348F", "CidrBlock"))))));
    }

    private String functionsSecurityGroup() {
        return json.logicalIdWhere("AWS::EC2::SecurityGroup", "GroupDescription",
                "Recorder functions: HTTPS to DynamoDB (gateway endpoint) and X-Ray (interface endpoint) only");
    }
}
