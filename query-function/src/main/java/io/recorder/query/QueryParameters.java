package io.recorder.query;

import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.FieldError;
import io.recorder.ledger.SeriesId;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Strict query-string parsing for one request: every problem is collected as a {@link FieldError}
 * naming the parameter, so one 400 lists them all. Strict like POST's unknown fields: a parameter
 * this operation does not know is refused (a misspelt filter must not silently return everything),
 * and so is a repeated one (which value would win is not obvious).
 */
final class QueryParameters {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;
    static final int MAX_CURSOR_LENGTH = 2048;

    private static final Pattern MONTH = Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");
    private static final Pattern PERIOD_DAYS = Pattern.compile("P([0-9]{1,3})D");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    private final Map<String, List<String>> raw;
    private final List<FieldError> errors = new ArrayList<>();

    QueryParameters(Map<String, List<String>> raw, Set<String> allowed) {
        this.raw = raw;
        for (Map.Entry<String, List<String>> parameter : new java.util.TreeMap<>(raw).entrySet()) {
            if (!allowed.contains(parameter.getKey())) {
                errors.add(new FieldError(parameter.getKey(), allowed.isEmpty()
                        ? "is not a parameter of this operation, which takes none"
                        : "is not a parameter of this operation; known: " + String.join(", ", new TreeSet<>(allowed))));
            } else if (parameter.getValue().size() > 1) {
                errors.add(new FieldError(parameter.getKey(), "must be sent at most once"));
            }
        }
    }

    List<FieldError> errors() {
        return List.copyOf(errors);
    }

    boolean valid() {
        return errors.isEmpty();
    }

    void reject(String name, String reason) {
        errors.add(new FieldError(name, reason));
    }

    /** The single value, when sent exactly once (repeats were already refused). */
    Optional<String> text(String name) {
        List<String> values = raw.get(name);
        if (values == null || values.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(values.get(0) == null ? "" : values.get(0));
    }

    int limit() {
        Optional<String> text = text("limit");
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        if (!DIGITS.matcher(text.get()).matches()) {
            reject("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            return DEFAULT_LIMIT;
        }
        int limit = Integer.parseInt(text.get());
        if (limit < 1 || limit > MAX_LIMIT) {
            reject("limit", "must be from 1 to " + MAX_LIMIT);
            return DEFAULT_LIMIT;
        }
        return limit;
    }

    /** ISO-8601 with an offset ({@code Z} or {@code ±hh:mm}), UTC years 0000 to 9999. */
    Optional<Instant> instant(String name) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        // An unencoded '+' of an offset may arrive decoded as a space; no valid timestamp has one.
        String candidate = text.get().replace(' ', '+');
        try {
            Instant instant = OffsetDateTime.parse(candidate, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            int year = instant.atOffset(ZoneOffset.UTC).getYear();
            if (year < 0 || year > 9999) {
                reject(name, "must be between 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
                return Optional.empty();
            }
            return Optional.of(instant);
        } catch (DateTimeException e) {
            reject(name, "must be an ISO-8601 date-time with an offset, e.g. 2024-08-01T00:00:00Z");
            return Optional.empty();
        }
    }

    /** A calendar month, {@code YYYY-MM}. */
    Optional<YearMonth> month(String name) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!MONTH.matcher(text.get()).matches()) {
            reject(name, "must be a month as YYYY-MM, e.g. 2024-08");
            return Optional.empty();
        }
        return Optional.of(YearMonth.parse(text.get()));
    }

    Optional<SeriesId> seriesId(String name) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<SeriesId> id = SeriesId.parse(text.get());
        if (id.isEmpty()) {
            reject(name, "must be a series id (ser_ followed by 26 characters)");
        }
        return id;
    }

    /** One of the enum's constant names, exactly as the contract spells them (upper case). */
    <E extends Enum<E>> Optional<E> oneOf(String name, Class<E> type) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text.get())) {
                return Optional.of(constant);
            }
        }
        reject(name, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .collect(Collectors.joining(", ")));
        return Optional.empty();
    }

    /** An ISO 4217 code as the API returns them (upper case, e.g. USD). */
    Optional<CurrencyCode> currency(String name) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<CurrencyCode> code = text.get().matches("[A-Z]{3}") ? CurrencyCode.resolve(text.get()) : Optional.empty();
        if (code.isEmpty()) {
            reject(name, "must be an ISO 4217 currency code in upper case, e.g. USD");
        }
        return code;
    }

    /** {@code true} or {@code false}; absent means false. */
    boolean flag(String name) {
        Optional<String> text = text(name);
        if (text.isEmpty() || text.get().equals("false")) {
            return false;
        }
        if (!text.get().equals("true")) {
            reject(name, "must be true or false");
        }
        return text.get().equals("true");
    }

    /** An ISO-8601 period of whole days, {@code P{n}D} with {@code min <= n <= max}; {@code fallback} when absent. */
    int days(String name, int fallback, int min, int max) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return fallback;
        }
        java.util.regex.Matcher days = PERIOD_DAYS.matcher(text.get());
        int value = days.matches() ? Integer.parseInt(days.group(1)) : -1;
        if (value < min || value > max) {
            reject(name, "must be an ISO-8601 period of days from P" + min + "D to P" + max + "D, e.g. P30D");
            return fallback;
        }
        return value;
    }

    /** The raw cursor token (decoded and checked by {@link Cursors}). */
    Optional<String> cursor() {
        Optional<String> text = text("cursor");
        if (text.isPresent() && (text.get().isEmpty() || text.get().length() > MAX_CURSOR_LENGTH)) {
            reject("cursor", "is not a cursor of this listing: pass the nextCursor of the previous page unchanged");
            return Optional.empty();
        }
        return text;
    }
}
