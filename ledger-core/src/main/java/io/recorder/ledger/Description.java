package io.recorder.ledger;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A payment description as the client wrote it (trimmed, Unicode NFC), plus the folded form that
 * identifies its recurring series: "Gym", " gym " and "GYM" are the same series.
 */
public record Description(String text) {
    public static final int MAX_LENGTH = 200;

    public Description {
        Objects.requireNonNull(text, "text");
        problem(text).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    /** Any Unicode space (including no-break spaces, which {@code String.strip()} keeps) or ASCII whitespace. */
    private static final java.util.regex.Pattern EDGE_SPACE = java.util.regex.Pattern.compile("^[\\p{Z}\\s]+|[\\p{Z}\\s]+$");
    private static final java.util.regex.Pattern INNER_SPACE = java.util.regex.Pattern.compile("[\\p{Z}\\s]+");

    /** Cleans client input: NFC, trimmed of every kind of space. Validation happens on the result. */
    public static String clean(String raw) {
        return EDGE_SPACE.matcher(Normalizer.normalize(raw, Normalizer.Form.NFC)).replaceAll("");
    }

    /** Why this (already cleaned) text is not a valid description, or empty when it is. */
    public static Optional<String> problem(String text) {
        if (text.isEmpty()) {
            return Optional.of("must not be empty or only whitespace");
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters (got " + length + ")");
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (forbidden(cp)) {
                return Optional.of(String.format(Locale.ROOT, "must not contain control or invisible formatting characters (found U+%04X)", cp));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /**
     * Control characters forge log lines and break CSV exports; bidirectional overrides and
     * zero-width characters make two descriptions look identical while being different series
     * (the "Trojan Source" family). The zero-width joiner and non-joiner stay allowed: emoji
     * sequences and several scripts need them.
     */
    private static boolean forbidden(int cp) {
        if (cp == 0x200C || cp == 0x200D) {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE
                || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** The series-identifying form: compatibility-normalized, case-folded, inner whitespace collapsed. */
    public String folded() {
        String compat = Normalizer.normalize(text, Normalizer.Form.NFKC);
        String caseFolded = compat.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return INNER_SPACE.matcher(EDGE_SPACE.matcher(caseFolded).replaceAll("")).replaceAll(" ");
    }

    @Override
    public String toString() {
        return text;
    }
}
