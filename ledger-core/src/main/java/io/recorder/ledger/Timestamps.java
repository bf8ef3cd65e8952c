package io.recorder.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one place that decides how instants are written as text in keys and APIs.
 *
 * <p>Both forms are written by hand for the years 1970 to 9999 (every instant this ledger accepts):
 * several are written per request, and the JDK's formatters allocate about 0.6 KB each. Other years
 * go through the JDK, whose output the hand-written path reproduces exactly (TimestampsTest).
 */
public final class Timestamps {
    /** Fixed width, so that lexicographic order of keys is time order (Instant.toString() varies in width). */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** 9999-12-31T23:59:59Z: the last second with a four-digit year. */
    private static final long LAST_FOUR_DIGIT_YEAR_SECOND = 253_402_300_799L;
    private static final int SECONDS_PER_DAY = 86_400;

    private Timestamps() {
    }

    /** ISO-8601 in UTC with nanosecond precision and fixed width, e.g. {@code 2024-08-01T12:34:56.000000000Z}. */
    public static String sortable(Instant instant) {
        if (!writtenByHand(instant)) {
            return SORTABLE.format(instant);
        }
        StringBuilder out = dateTime(instant, 30);
        out.append('.');
        appendDigits(out, instant.getNano(), 9);
        return out.append('Z').toString();
    }

    /** ISO-8601 in UTC, shortest exact form, e.g. {@code 2024-08-01T12:34:56Z}. What the API returns. */
    public static String canonical(Instant instant) {
        if (!writtenByHand(instant)) {
            return instant.toString();
        }
        StringBuilder out = dateTime(instant, 30);
        // As Instant.toString(): no fraction, or milli-, micro- or nanoseconds, whichever is exact.
        int nano = instant.getNano();
        if (nano % 1_000_000 == 0) {
            if (nano > 0) {
                appendDigits(out.append('.'), nano / 1_000_000, 3);
            }
        } else if (nano % 1_000 == 0) {
            appendDigits(out.append('.'), nano / 1_000, 6);
        } else {
            appendDigits(out.append('.'), nano, 9);
        }
        return out.append('Z').toString();
    }

    private static boolean writtenByHand(Instant instant) {
        long seconds = instant.getEpochSecond();
        return seconds >= 0 && seconds <= LAST_FOUR_DIGIT_YEAR_SECOND;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} in UTC, in a builder with room for {@code capacity} characters. */
    private static StringBuilder dateTime(Instant instant, int capacity) {
        long seconds = instant.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(seconds / SECONDS_PER_DAY);
        int secondOfDay = (int) (seconds % SECONDS_PER_DAY);
        StringBuilder out = new StringBuilder(capacity);
        appendDigits(out, date.getYear(), 4);
        appendDigits(out.append('-'), date.getMonthValue(), 2);
        appendDigits(out.append('-'), date.getDayOfMonth(), 2);
        appendDigits(out.append('T'), secondOfDay / 3600, 2);
        appendDigits(out.append(':'), secondOfDay / 60 % 60, 2);
        appendDigits(out.append(':'), secondOfDay % 60, 2);
        return out;
    }

    /** {@code value} (non-negative, fewer than {@code width} + 1 digits) with leading zeros to {@code width} digits. */
    private static void appendDigits(StringBuilder out, int value, int width) {
        for (int divisor = pow10(width - 1); divisor > 0; divisor /= 10) {
            out.append((char) ('0' + value / divisor % 10));
        }
    }

    private static int pow10(int exponent) {
        int result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }
}
