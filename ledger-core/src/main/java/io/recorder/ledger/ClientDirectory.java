package io.recorder.ledger;

import java.util.Optional;

/**
 * Maps the API key a request came with (by its API Gateway key id, never its secret value) to the
 * client that owns it. A client may have several keys; rotating a key does not split its ledger.
 */
public interface ClientDirectory {
    Optional<ClientId> clientFor(String apiKeyId);
}
