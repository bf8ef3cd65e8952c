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

    /** Cleans client input: NFC, trimmed of every kind of space. Validation happens on the result. */
    public static String clean(String raw) {
        return trimSpaces(Normalizer.normalize(raw, Normalizer.Form.NFC));
    }

    /**
     * Trims any Unicode space (including no-break spaces, which {@code String.strip()} keeps) or ASCII
     * whitespace from both ends, in linear time. (A regex {@code [\p{Z}\s]+$} backtracks quadratically
     * over long inner runs of spaces: a 9 MB body of spaces between two letters took hours.)
     */
    private static String trimSpaces(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    /** {@code \p{Z}} (Unicode separators) or {@code \s} (ASCII whitespace), as the former regexes matched. */
    private static boolean isSpace(int cp) {
        return Character.isSpaceChar(cp) || Texts.isAsciiWhitespace(cp);
    }

    /** Why this (already cleaned) text is not a valid description, or empty when it is. */
    public static Optional<String> problem(String text) {
        return problem(text, MAX_LENGTH);
    }

    /** The same rules with another bound: other free texts of the ledger (a reversal's reason) follow them too. */
    static Optional<String> problem(String text, int maxLength) {
        if (text.isEmpty()) {
            return Optional.of("must not be empty or only whitespace");
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters (got " + length + ")");
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
        if (cp == 0xFFFD) {
            // The replacement character: the client's bytes were not UTF-8 and were decoded with losses
            // somewhere on the way. Storing it would record text the client never wrote.
            return true;
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
        return Texts.collapseSpaceRuns(trimSpaces(caseFolded), Description::isSpace);
    }

    @Override
    public String toString() {
        return text;
    }
}
