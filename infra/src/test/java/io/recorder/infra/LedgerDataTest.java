package io.recorder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The single table: the key design other modules build against, and the properties that keep the ledger safe. */
class LedgerDataTest {
    private final Template template = Synthesized.defaultStack().template;

    @Test
    void table_hasTheAgreedKeysAndIndexes_onDemand_streamingNewImages() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(
                        Map.of("AttributeName", "pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                "BillingMode", "PAY_PER_REQUEST",
                "StreamSpecification", Map.of("StreamViewType", "NEW_IMAGE"),
                "GlobalSecondaryIndexes", List.of(
                        index("byTime", "gsi1pk", "gsi1sk"),
                        index("bySeries", "gsi2pk", "gsi2sk"),
                        Map.of("IndexName", "byDue",
                                "KeySchema", List.of(
                                        Map.of("AttributeName", "gsi3pk", "KeyType", "HASH"),
                                        Map.of("AttributeName", "gsi3sk", "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "INCLUDE",
                                        "NonKeyAttributes", List.of("d", "c", "n", "t", "a", "la", "fp", "lp", "k", "cf", "nx", "lt", "sa", "pb", "pr")))),
                "AttributeDefinitions", Match.arrayWith(List.of(
                        Map.of("AttributeName", "pk", "AttributeType", "S"),
                        Map.of("AttributeName", "sk", "AttributeType", "S"),
                        Map.of("AttributeName", "gsi1pk", "AttributeType", "S"),
                        Map.of("AttributeName", "gsi1sk", "AttributeType", "S"),
                        Map.of("AttributeName", "gsi2pk", "AttributeType", "S"),
                        Map.of("AttributeName", "gsi2sk", "AttributeType", "S"),
                        Map.of("AttributeName", "gsi3pk", "AttributeType", "S"),
                        Map.of("AttributeName", "gsi3sk", "AttributeType", "S")))));
    }

    @Test
    void table_isRecoverable_protectedFromDeletion_andRetainedWithTheStack() {
        template.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "DeletionProtectionEnabled", true))));
    }

    @Test
    void table_isEncryptedWithARotatedCustomerManagedKey_thatOutlivesTheStack() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "SSESpecification", Map.of(
                        "SSEEnabled", true,
                        "SSEType", "KMS",
                        "KMSMasterKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LedgerTableKey.*"), "Arn")))));
        template.hasResource("AWS::KMS::Key", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "EnableKeyRotation", true,
                        "Description", Match.stringLikeRegexp("Recurring payments ledger.*")))));
    }

    @Test
    void awsManagedKeyOption_encryptsWithTheAwsManagedKey_andCreatesNoTableKey() {
        Template options = Synthesized.optionsStack().template;
        options.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "SSESpecification", Map.of("SSEEnabled", true)));
        assertThat(options.findResources("AWS::KMS::Key", Map.of("Properties", Match.objectLike(Map.of(
                "Description", Match.stringLikeRegexp("Recurring payments ledger.*")))))).isEmpty();
    }

    private static Map<String, Object> index(String name, String pk, String sk) {
        return Map.of(
                "IndexName", name,
                "KeySchema", List.of(
                        Map.of("AttributeName", pk, "KeyType", "HASH"),
                        Map.of("AttributeName", sk, "KeyType", "RANGE")),
                "Projection", Map.of("ProjectionType", "ALL"));
    }
}
