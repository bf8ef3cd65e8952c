package io.recorder.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one place that decides how instants are written as text in keys and APIs. */
public final class Timestamps {
    /** Fixed width, so that lexicographic order of keys is time order (Instant.toString() varies in width). */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** ISO-8601 in UTC with nanosecond precision and fixed width, e.g. {@code 2024-08-01T12:34:56.000000000Z}. */
    public static String sortable(Instant instant) {
        return SORTABLE.format(instant);
    }

    /** ISO-8601 in UTC, shortest exact form, e.g. {@code 2024-08-01T12:34:56Z}. What the API returns. */
    public static String canonical(Instant instant) {
        return instant.toString();
    }
}
