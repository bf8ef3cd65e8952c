package io.recorder.query;

import io.recorder.ledger.ClientId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque page cursors bound to a listing, a client and the filters. A token is base64url of
 * {@code version | binding | position}, where {@code binding} is the first 16 bytes of SHA-256 over
 * the listing, the client id, the canonical filters and the position. A cursor from another client,
 * from a listing with other filters, or altered in any way is refused.
 *
 * <p>The binding is not what isolates clients: every read is keyed by the caller's client, which comes
 * from its API key, so no cursor can ever reach another client's items. It makes misuse an explicit
 * 400 instead of a silently wrong page.
 */
final class Cursors {
    private static final byte VERSION = 1;
    private static final int BINDING_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a page was listed with: everything but the page size, which may change between pages. */
    record Scope(String listing, ClientId client, String filters) {
    }

    private Cursors() {
    }

    static String encode(Scope scope, String position) {
        byte[] positionBytes = position.getBytes(StandardCharsets.UTF_8);
        byte[] token = new byte[1 + BINDING_BYTES + positionBytes.length];
        token[0] = VERSION;
        System.arraycopy(binding(scope, position), 0, token, 1, BINDING_BYTES);
        System.arraycopy(positionBytes, 0, token, 1 + BINDING_BYTES, positionBytes.length);
        return ENCODER.encodeToString(token);
    }

    /** The position in {@code token}, or empty when it is not a cursor this scope issued. */
    static Optional<String> decode(Scope scope, String token) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(token);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (bytes.length <= 1 + BINDING_BYTES || bytes[0] != VERSION) {
            return Optional.empty();
        }
        String position = new String(bytes, 1 + BINDING_BYTES, bytes.length - 1 - BINDING_BYTES, StandardCharsets.UTF_8);
        byte[] expected = binding(scope, position);
        byte[] actual = Arrays.copyOfRange(bytes, 1, 1 + BINDING_BYTES);
        return MessageDigest.isEqual(expected, actual) ? Optional.of(position) : Optional.empty();
    }

    private static byte[] binding(Scope scope, String position) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {"cursor-v1", scope.listing(), scope.client().value(), scope.filters(), position}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return Arrays.copyOf(digest.digest(), BINDING_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
