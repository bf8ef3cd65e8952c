package io.recorder.ledger;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Identifies a recurring series: one client's payments with the same folded description in the same
 * currency. Derived, never stored as input, so the same series always gets the same id.
 */
public record SeriesId(String value) {
    private static final Pattern FORMAT = Pattern.compile("ser_[0-9a-hjkmnp-tv-z]{26}");

    public SeriesId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("series id must match " + FORMAT.pattern());
        }
    }

    public static SeriesId of(ClientId client, Description description, CurrencyCode currency) {
        return new SeriesId("ser_" + Digests.base32(Digests.sha256(client.value(), description.folded(), currency.code()), 26));
    }

    public static Optional<SeriesId> parse(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches()
                ? Optional.of(new SeriesId(candidate))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
