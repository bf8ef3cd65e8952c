package io.recorder.ledger;

import java.util.function.IntPredicate;

/** Small text helpers for the hot path, where a regex would compile or allocate a matcher per call. */
final class Texts {
    private Texts() {
    }

    /**
     * Each run of characters that {@code isSpace} accepts becomes one {@code ' '}, as
     * {@code text.replaceAll("[spaces]+", " ")} does; {@code text} itself when nothing changes.
     * Works on chars: {@code isSpace} must accept no surrogate (no space is outside the BMP).
     */
    static String collapseSpaceRuns(String text, IntPredicate isSpace) {
        if (!hasRunToCollapse(text, isSpace)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean inRun = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean space = isSpace.test(c);
            if (!space) {
                out.append(c);
            } else if (!inRun) {
                out.append(' ');
            }
            inRun = space;
        }
        return out.toString();
    }

    /** Whether some space is not a lone {@code ' '}. */
    private static boolean hasRunToCollapse(String text, IntPredicate isSpace) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isSpace.test(c) && (c != ' ' || (i + 1 < text.length() && isSpace.test(text.charAt(i + 1))))) {
                return true;
            }
        }
        return false;
    }

    /** What {@code \s} matches in a Java regex without flags: space, tab, line feed, vertical tab, form feed, carriage return. */
    static boolean isAsciiWhitespace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
