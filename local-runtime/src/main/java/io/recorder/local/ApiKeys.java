package io.recorder.local;

import io.recorder.ledger.ClientId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local runtime's API keys. Like API Gateway, requests are identified by a key <em>id</em>
 * derived from the key, so the secret value itself never travels further than this class.
 */
final class ApiKeys {
    static final String DEFAULT_CLIENT = "dev";

    record Binding(String apiKeyId, ClientId client) {
    }

    private final Map<String, Binding> byValue;

    private ApiKeys(Map<String, Binding> byValue) {
        this.byValue = Map.copyOf(byValue);
    }

    /** Parses {@code KEY} or {@code KEY=CLIENT} specs. */
    static ApiKeys of(List<String> specs) {
        Map<String, Binding> bindings = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.lastIndexOf('=');
            String value = eq > 0 ? spec.substring(0, eq) : spec;
            String client = eq > 0 ? spec.substring(eq + 1) : DEFAULT_CLIENT;
            if (value.length() < 20 || value.length() > 128) {
                // API Gateway's rule for imported key values.
                throw new LocalOptions.Invalid("an API key must be 20 to 128 characters long");
            }
            try {
                bindings.put(value, new Binding(idOf(value), new ClientId(client)));
            } catch (IllegalArgumentException e) {
                throw new LocalOptions.Invalid("client id '" + client + "': " + e.getMessage());
            }
        }
        return new ApiKeys(bindings);
    }

    /** A random dev key, kept in the data dir so restarts keep working with the same key. */
    static String devKey(Path dataDir) {
        Path file = dataDir.resolve("dev-api-key");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String key = "dev_" + HexFormat.of().formatHex(random);
            Files.createDirectories(dataDir);
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the dev API key in " + file, e);
        }
    }

    Optional<Binding> lookup(String value) {
        return Optional.ofNullable(byValue.get(value));
    }

    Iterable<Binding> bindings() {
        return byValue.values();
    }

    static String idOf(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "local" + HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
