package io.recorder.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over NUL-separated parts, and lower-case Crockford base32 for ids that are safe in URLs and keys. */
final class Digests {
    private static final char[] CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final HexFormat HEX = HexFormat.of();
    /**
     * One digest per thread, reset before each use: three digests are taken per request, and looking
     * the algorithm up again each time costs more than the hashing allocates.
     */
    private static final ThreadLocal<Sha256> SHA256 = ThreadLocal.withInitial(Sha256::new);

    private Digests() {
    }

    /** A thread's digest and the buffer its ASCII parts are copied into (instead of a new array per part). */
    private static final class Sha256 {
        final MessageDigest digest = newSha256();
        final byte[] ascii = new byte[256];
    }

    static byte[] sha256(String... parts) {
        Sha256 sha = SHA256.get();
        sha.digest.reset(); // a previous use that failed half-way must not leak into this one
        for (String part : parts) {
            updateUtf8(sha, part);
            sha.digest.update((byte) 0); // separator: ("ab","c") and ("a","bc") must differ
        }
        return sha.digest.digest();
    }

    /** The part's UTF-8 bytes: an ASCII part that fits the buffer is its own encoding, byte for char. */
    private static void updateUtf8(Sha256 sha, String part) {
        int length = part.length();
        if (length <= sha.ascii.length) {
            int i = 0;
            while (i < length && part.charAt(i) < 0x80) {
                sha.ascii[i] = (byte) part.charAt(i);
                i++;
            }
            if (i == length) {
                sha.digest.update(sha.ascii, 0, length);
                return;
            }
        }
        sha.digest.update(part.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    static String base32(byte[] bytes, int length) {
        return base32("", bytes, length);
    }

    /** {@code prefix} followed by the first {@code length} base32 characters of {@code bytes}, in one string. */
    static String base32(String prefix, byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(prefix.length() + length).append(prefix);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; out.length() < prefix.length() + length; ) {
            if (bits < 5) {
                buffer = (buffer << 8) | (i < bytes.length ? bytes[i++] & 0xff : 0);
                bits += 8;
            }
            out.append(CROCKFORD[(buffer >>> (bits - 5)) & 31]);
            bits -= 5;
        }
        return out.toString();
    }

    /**
     * Whether {@code value} is {@code prefix} followed by exactly {@code length} lower-case Crockford
     * characters: what the pattern {@code prefix[0-9a-hjkmnp-tv-z]{length}} matches, without a matcher.
     */
    static boolean isBase32Id(String value, String prefix, int length) {
        if (value.length() != prefix.length() + length || !value.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < value.length(); i++) {
            char c = value.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean letter = c >= 'a' && c <= 'z' && c != 'i' && c != 'l' && c != 'o' && c != 'u';
            if (!digit && !letter) {
                return false;
            }
        }
        return true;
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
