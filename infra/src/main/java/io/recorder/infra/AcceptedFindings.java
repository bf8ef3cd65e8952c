package io.recorder.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.constructs.IConstruct;

/**
 * The cdk-nag AwsSolutions findings this stack accepts, each pinned to one resource and, for the granular
 * rules (IAM4, IAM5), to the exact policy or resource it is about, with the reason. Everything else cdk-nag
 * reports fails the build (NagFindingsTest). The list is the one the deployment guide and the closing
 * note repeat.
 */
final class AcceptedFindings {
    static final String XRAY_AND_ENI = "X-Ray PutTraceSegments/PutTelemetryRecords and the EC2 network-interface "
            + "actions a function in a VPC needs (Create/Describe/DeleteNetworkInterface, DescribeSubnets, "
            + "Assign/UnassignPrivateIpAddresses) support no resource-level permissions: the service "
            + "authorization reference lists '*' as their only resource. Same statements as AWS's "
            + "AWSLambdaVPCAccessExecutionRole and AWSXRayDaemonWriteAccess, written inline.";
    static final String JAVA21 = "java21 is a current, supported Java runtime with SnapStart on arm64; java25 is "
            + "newer. The functions are compiled for Java 17 and run unchanged on either; the move is a one-line "
            + "change once measured (ADR 0103).";

    private AcceptedFindings() {
    }

    static void applyTo(RecorderStack stack) {
        for (JavaFunction fn : List.of(stack.ingest, stack.query, stack.projections)) {
            suppress(fn.role, "AwsSolutions-IAM5", XRAY_AND_ENI, "Resource::*");
            suppress(fn.function, "AwsSolutions-L1", JAVA21);
        }
        suppress(stack.projections.role, "AwsSolutions-IAM5",
                "dynamodb:ListStreams takes a stream resource but the stream's label is only known once the table "
                        + "exists; the pattern is limited to this table's streams (<table arn>/stream/*). "
                        + "Describe/GetRecords/GetShardIterator name the exact stream ARN.",
                "Resource::<" + logicalId(stack, stack.data.table) + ".Arn>/stream/*");
        suppress(stack.projectionStream.onFailure, "AwsSolutions-SQS3",
                "This queue is itself the dead-letter destination: the stream mapping's on-failure destination for "
                        + "batches the projections function could not apply. A DLQ of the DLQ would only move "
                        + "the same record locators one step further; the queue depth alarm pages instead.");
        suppress(stack.api.executionLoggingRole(), "AwsSolutions-IAM5",
                "API Gateway's account-wide CloudWatch role (one per account and region, shared by every REST API "
                        + "there) creates and writes log groups whose names API Gateway chooses at run time "
                        + "(API-Gateway-Execution-Logs_{apiId}/{stage}); limited to this account and region. Inline "
                        + "equivalent of the AWS-managed AmazonAPIGatewayPushToCloudWatchLogs policy.",
                "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*");
        suppress(stack.api.api, "AwsSolutions-APIG2",
                "Request validation is in the OpenAPI body (x-amazon-apigateway-request-validators: parameters "
                        + "only, which cdk-nag cannot see). Body validation is deliberately left to the function: a "
                        + "gateway body validator answers a generic 400 where the contract promises 422 problem "
                        + "details naming each field (ADR 0101).");
        stack.api.webAcl.ifPresentOrElse(acl -> { }, () -> suppress(stack.api.api.getDeploymentStage(),
                "AwsSolutions-APIG3",
                "PRIVATE endpoint: the API is reachable only through this VPC's execute-api interface endpoint (the "
                        + "resource policy denies any other source), so there is no internet-facing surface for a "
                        + "WAF web ACL; per-client throttling and quotas still apply through the usage plan."));
        stack.network.executeApi.ifPresent(endpoint -> suppress(
                endpoint.getConnections().getSecurityGroups().get(0), "CdkNagValidationFailure",
                "AwsSolutions-EC23 cannot evaluate the ingress source because it is the VPC's own CIDR block "
                        + "(Fn::GetAtt Vpc.CidrBlock), not 0.0.0.0/0: only callers inside the VPC reach the "
                        + "execute-api endpoint, on port 443 only.",
                "AwsSolutions-EC23"));
        IConstruct prefixListProvider = stack.getNode().findChild(
                "AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""));
        suppress(prefixListProvider.getNode().findChild("ServiceRole"), "AwsSolutions-IAM4",
                "CDK's own AwsCustomResource provider function (it looks up the DynamoDB prefix list id at deploy "
                        + "time) is created by the CDK with the AWSLambdaBasicExecutionRole managed policy, which "
                        + "only lets it write its own logs; it runs only during deployments.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        suppress(stack.network.prefixListLookup.getNode().findChild("CustomResourcePolicy"), "AwsSolutions-IAM5",
                "ec2:DescribeManagedPrefixLists is a read-only List/Describe action without resource-level "
                        + "permissions; '*' is the only resource it accepts.",
                "Resource::*");
    }

    private static void suppress(IConstruct construct, String rule, String reason, String... appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of((Object[]) appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()));
    }

    private static String logicalId(RecorderStack stack, software.amazon.awscdk.services.dynamodb.Table table) {
        return stack.getLogicalId((software.amazon.awscdk.CfnElement) table.getNode().getDefaultChild());
    }
}
