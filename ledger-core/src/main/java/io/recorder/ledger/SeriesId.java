package io.recorder.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * Identifies a recurring series: one client's payments with the same folded description in the same
 * currency. Derived, never stored as input, so the same series always gets the same id.
 */
public record SeriesId(String value) {
    private static final String PREFIX = "ser_";
    private static final int LENGTH = 26;
    private static final String FORMAT = "ser_[0-9a-hjkmnp-tv-z]{26}";

    public SeriesId {
        Objects.requireNonNull(value, "value");
        if (!Digests.isBase32Id(value, PREFIX, LENGTH)) {
            throw new IllegalArgumentException("series id must match " + FORMAT);
        }
    }

    public static SeriesId of(ClientId client, Description description, CurrencyCode currency) {
        return new SeriesId(Digests.base32(PREFIX, Digests.sha256(client.value(), description.folded(), currency.code()), LENGTH));
    }

    public static Optional<SeriesId> parse(String candidate) {
        return candidate != null && Digests.isBase32Id(candidate, PREFIX, LENGTH)
                ? Optional.of(new SeriesId(candidate))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
