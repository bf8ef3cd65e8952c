package io.recorder.dynamodb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Just enough of DynamoDB for {@link LedgerReads}: GetItem on the table, and Query on the two indexes
 * with {@code #pk = :pk AND #sk BETWEEN :lower AND :upper}, either direction, Limit and
 * ExclusiveStartKey. Like DynamoDB it returns a LastEvaluatedKey whenever it stopped at the limit, and
 * it can cut responses short ({@link #maxItemsPerResponse}) the way the 1 MB cap does.
 */
final class InMemoryIndexes implements DynamoDbClient {
    private final List<Map<String, AttributeValue>> items = new CopyOnWriteArrayList<>();
    /** "index pk" of every query, in order. */
    final List<String> queries = new CopyOnWriteArrayList<>();
    volatile int maxItemsPerResponse = Integer.MAX_VALUE;

    void put(Map<String, AttributeValue> item) {
        items.add(Map.copyOf(item));
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        for (Map<String, AttributeValue> item : items) {
            if (item.get(LedgerTable.PK).equals(request.key().get(LedgerTable.PK))
                    && item.get(LedgerTable.SK).equals(request.key().get(LedgerTable.SK))) {
                return GetItemResponse.builder().item(item).build();
            }
        }
        return GetItemResponse.builder().build();
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        if (!"#pk = :pk AND #sk BETWEEN :lower AND :upper".equals(request.keyConditionExpression())) {
            throw new UnsupportedOperationException(request.keyConditionExpression());
        }
        String pkName = request.expressionAttributeNames().get("#pk");
        String skName = request.expressionAttributeNames().get("#sk");
        String pk = request.expressionAttributeValues().get(":pk").s();
        String lower = request.expressionAttributeValues().get(":lower").s();
        String upper = request.expressionAttributeValues().get(":upper").s();
        if (lower.compareTo(upper) > 0) {
            throw new IllegalArgumentException("BETWEEN bounds out of order");
        }
        queries.add(request.indexName() + " " + pk);
        boolean forward = request.scanIndexForward() == null || request.scanIndexForward();
        Comparator<Map<String, AttributeValue>> order = Comparator.comparing(item -> item.get(skName).s());
        List<Map<String, AttributeValue>> matching = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            AttributeValue itemPk = item.get(pkName);
            AttributeValue itemSk = item.get(skName);
            if (itemPk != null && itemSk != null && itemPk.s().equals(pk)
                    && itemSk.s().compareTo(lower) >= 0 && itemSk.s().compareTo(upper) <= 0) {
                matching.add(item);
            }
        }
        matching.sort(forward ? order : order.reversed());
        if (request.hasExclusiveStartKey()) {
            String start = request.exclusiveStartKey().get(skName).s();
            matching.removeIf(item -> forward ? item.get(skName).s().compareTo(start) <= 0 : item.get(skName).s().compareTo(start) >= 0);
        }
        int limit = Math.min(request.limit() == null ? Integer.MAX_VALUE : request.limit(), maxItemsPerResponse);
        List<Map<String, AttributeValue>> page = matching.subList(0, Math.min(limit, matching.size()));
        QueryResponse.Builder response = QueryResponse.builder().items(new ArrayList<>(page)).count(page.size());
        if (page.size() == limit) {
            Map<String, AttributeValue> last = page.get(page.size() - 1);
            Map<String, AttributeValue> key = new HashMap<>();
            for (String name : new String[] {LedgerTable.PK, LedgerTable.SK, pkName, skName}) {
                key.put(name, last.get(name));
            }
            response.lastEvaluatedKey(key);
        }
        return response.build();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }
}
