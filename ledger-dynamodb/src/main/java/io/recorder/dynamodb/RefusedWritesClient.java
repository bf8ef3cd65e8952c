package io.recorder.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * For SnapStart priming (ADR 0601): a DynamoDB client that reads as the table does and sends every
 * PutItem — request marshalling, signing, HTTP, the error's unmarshalling — with a condition no item
 * can satisfy, so DynamoDB refuses it whatever is stored; it then answers as if the write had
 * succeeded, so the caller's normal path runs to the end. Nothing is ever written through it.
 */
public final class RefusedWritesClient implements DynamoDbClient {
    static final String NEVER_TRUE = "attribute_exists(" + LedgerTable.PK + ") AND attribute_not_exists(" + LedgerTable.PK + ")";

    private final DynamoDbClient dynamo;

    public RefusedWritesClient(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return dynamo.getItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        String condition = request.conditionExpression() == null ? NEVER_TRUE : "(" + request.conditionExpression() + ") AND " + NEVER_TRUE;
        try {
            dynamo.putItem(request.toBuilder().conditionExpression(condition).build());
        } catch (ConditionalCheckFailedException expected) {
            // The refusal is the point: the request and the error were both (un)marshalled.
            return PutItemResponse.builder().build();
        }
        throw new IllegalStateException("the table accepted a PutItem whose condition can never be true");
    }

    @Override
    public String serviceName() {
        return dynamo.serviceName();
    }

    @Override
    public void close() {
        // The wrapped client belongs to its owner.
    }
}
