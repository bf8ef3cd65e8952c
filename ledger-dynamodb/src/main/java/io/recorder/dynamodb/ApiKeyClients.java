package io.recorder.dynamodb;

import io.recorder.ledger.ClientDirectory;
import io.recorder.ledger.ClientId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Looks up which client owns an API key id in the table ({@code APIKEY#{id}} items), caching answers
 * for a short time: keys are looked up on every request but change rarely (rotation, revocation).
 */
public final class ApiKeyClients implements ClientDirectory {
    public static final Duration CACHE_TTL = Duration.ofSeconds(60);

    private record Cached(Optional<ClientId> client, Instant until) {
    }

    private final LedgerTable table;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeyClients(LedgerTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<ClientId> clientFor(String apiKeyId) {
        Instant now = clock.instant();
        Cached cached = cache.get(apiKeyId);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.client();
        }
        Map<String, AttributeValue> item = StoreFailures.translate(() -> table.dynamo().getItem(r -> r
                .tableName(table.name())
                .key(key(apiKeyId)))).item();
        Optional<ClientId> client = item == null || !item.containsKey("clientId")
                ? Optional.empty()
                : Optional.of(new ClientId(item.get("clientId").s()));
        cache.put(apiKeyId, new Cached(client, now.plus(CACHE_TTL)));
        return client;
    }

    /** Binds an API key id to a client (admin operation: deployment scripts, the local runtime). */
    public void bind(String apiKeyId, ClientId client) {
        StoreFailures.translate(() -> table.dynamo().putItem(r -> r
                .tableName(table.name())
                .item(Map.of(
                        LedgerTable.PK, AttributeValue.fromS(LedgerTable.apiKeyPk(apiKeyId)),
                        LedgerTable.SK, AttributeValue.fromS(LedgerTable.CLIENT_SK),
                        LedgerTable.TYPE, AttributeValue.fromS("ApiKeyBinding"),
                        "clientId", AttributeValue.fromS(client.value())))));
        cache.remove(apiKeyId);
    }

    private static Map<String, AttributeValue> key(String apiKeyId) {
        return Map.of(
                LedgerTable.PK, AttributeValue.fromS(LedgerTable.apiKeyPk(apiKeyId)),
                LedgerTable.SK, AttributeValue.fromS(LedgerTable.CLIENT_SK));
    }
}
