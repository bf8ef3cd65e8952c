package io.recorder.ledger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a payment request must pass, all checked at once so that the client sees every problem
 * in one answer. Time comes from the injected clock: "not in the future" is a rule about now.
 */
public final class PaymentValidator {
    public static final String TIMESTAMP = "paymentTimestamp";
    public static final String DESCRIPTION = "paymentDescription";
    public static final String CURRENCY = "currency";
    public static final String AMOUNT = "amount";
    public static final Set<String> FIELDS = Set.of(TIMESTAMP, DESCRIPTION, CURRENCY, AMOUNT);

    /** Clients' clocks drift; a payment "made" a little in our future is a skewed clock, not fraud. */
    public static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Nothing a client records predates the epoch; older values are typos or defaults ("0000-01-01"). */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The widest offset in use anywhere (Line Islands, +14:00). */
    private static final int MAX_OFFSET_SECONDS = 14 * 3600;
    /** A plain decimal: digits, optional fraction. Strings in exponent form are refused; numbers may use it. */
    private static final Pattern DECIMAL_STRING = Pattern.compile("\\d{1,20}(\\.\\d{1,20})?");
    /** Long literals are refused before BigDecimal sees them: nobody pays with 40 significant digits. */
    private static final int MAX_NUMBER_LITERAL = 40;

    private final Clock clock;

    public PaymentValidator(Clock clock) {
        this.clock = clock;
    }

    /** The outcome of validation: either every field is valid, or the complete list of what is not. */
    public sealed interface Result {
    }

    public record Valid(PaymentDetails details) implements Result {
    }

    public record Invalid(List<FieldError> errors) implements Result {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    public Result validate(Map<String, RawValue> fields) {
        List<FieldError> errors = new ArrayList<>();
        unknownFields(fields, FIELDS, "paymentTimestamp, paymentDescription, currency, amount", errors);
        Optional<Instant> timestamp = timestamp(fields.getOrDefault(TIMESTAMP, RawValue.ABSENT), errors);
        Optional<Description> description = description(fields.getOrDefault(DESCRIPTION, RawValue.ABSENT), errors);
        Optional<CurrencyCode> currency = currency(fields.getOrDefault(CURRENCY, RawValue.ABSENT), errors);
        Optional<Money> amount = amount(fields.getOrDefault(AMOUNT, RawValue.ABSENT), currency, errors);
        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        return new Valid(new PaymentDetails(timestamp.orElseThrow(), description.orElseThrow(), amount.orElseThrow()));
    }

    /** Unknown names are echoed, so they are bounded: a body of huge or countless names must not make a huge answer. */
    static final int MAX_ECHOED_NAME = 64;
    static final int MAX_UNKNOWN_FIELDS_NAMED = 10;

    /** Refuses every field not in {@code known} (a misspelt name must not silently drop data), naming a bounded few. */
    static void unknownFields(Map<String, RawValue> fields, Set<String> known, String expected, List<FieldError> errors) {
        int unknown = 0;
        for (String name : fields.keySet()) {
            if (known.contains(name)) {
                continue;
            }
            unknown++;
            if (unknown <= MAX_UNKNOWN_FIELDS_NAMED) {
                String shown = name.codePointCount(0, name.length()) <= MAX_ECHOED_NAME
                        ? name
                        : name.substring(0, name.offsetByCodePoints(0, MAX_ECHOED_NAME)) + "…";
                errors.add(new FieldError(shown, "is not a known field (expected " + expected + ")"));
            }
        }
        if (unknown > MAX_UNKNOWN_FIELDS_NAMED) {
            errors.add(new FieldError("(other fields)", "and " + (unknown - MAX_UNKNOWN_FIELDS_NAMED) + " more unknown fields"));
        }
    }

    private Optional<Instant> timestamp(RawValue raw, List<FieldError> errors) {
        Optional<String> text = requireText(TIMESTAMP, raw, "an ISO-8601 date-time with offset, e.g. 2024-08-01T12:34:56Z", errors);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        OffsetDateTime parsed;
        try {
            parsed = parseOffsetDateTime(text.get());
        } catch (DateTimeException e) {
            errors.add(new FieldError(TIMESTAMP, "must be a valid ISO-8601 date-time with an explicit offset, e.g. 2024-08-01T12:34:56Z or 2024-08-01T13:34:56+01:00"));
            return Optional.empty();
        }
        if (Math.abs(parsed.getOffset().getTotalSeconds()) > MAX_OFFSET_SECONDS) {
            errors.add(new FieldError(TIMESTAMP, "offset must be between -14:00 and +14:00"));
            return Optional.empty();
        }
        Instant instant = parsed.toInstant();
        if (instant.isBefore(EARLIEST)) {
            errors.add(new FieldError(TIMESTAMP, "must not be before 1970-01-01T00:00:00Z"));
            return Optional.empty();
        }
        if (instant.isAfter(clock.instant().plus(ALLOWED_CLOCK_SKEW))) {
            errors.add(new FieldError(TIMESTAMP, "must not be in the future (a payment is recorded after it was made)"));
            return Optional.empty();
        }
        return Optional.of(instant);
    }

    /**
     * {@code OffsetDateTime.parse(text, ISO_OFFSET_DATE_TIME)}, with the form almost every client sends,
     * {@code yyyy-MM-ddTHH:mm:ssZ}, read by hand: the formatter allocates about 1.4 KB per parse. Whatever
     * the hand-written path does not accept (other forms, invalid dates) goes to the formatter, so
     * results and errors are the formatter's (PaymentValidatorTest compares the two).
     */
    static OffsetDateTime parseOffsetDateTime(String text) {
        if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            if ((year | month | day | hour | minute | second) >= 0) {
                try {
                    return OffsetDateTime.of(year, month, day, hour, minute, second, 0, ZoneOffset.UTC);
                } catch (DateTimeException invalid) {
                    // e.g. 2023-02-29: the formatter below refuses it with its own message
                }
            }
        }
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** The ASCII digits at {@code start} as a number, or -1 when one of them is not an ASCII digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private Optional<Description> description(RawValue raw, List<FieldError> errors) {
        Optional<String> text = requireText(DESCRIPTION, raw, "a non-empty string", errors);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String cleaned = Description.clean(text.get());
        Optional<String> problem = Description.problem(cleaned);
        problem.ifPresent(reason -> errors.add(new FieldError(DESCRIPTION, reason)));
        return problem.isPresent() ? Optional.empty() : Optional.of(new Description(cleaned));
    }

    private Optional<CurrencyCode> currency(RawValue raw, List<FieldError> errors) {
        Optional<String> text = requireText(CURRENCY, raw, "an ISO 4217 code such as USD", errors);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<CurrencyCode> code = CurrencyCode.resolve(text.get());
        if (code.isEmpty()) {
            errors.add(new FieldError(CURRENCY, "must be an ISO 4217 alphabetic currency code such as USD, EUR or JPY"));
        }
        return code;
    }

    private Optional<Money> amount(RawValue raw, Optional<CurrencyCode> currency, List<FieldError> errors) {
        String literal;
        if (raw instanceof RawValue.Number number) {
            literal = number.literal();
        } else if (raw instanceof RawValue.Text text && DECIMAL_STRING.matcher(text.value()).matches()) {
            literal = text.value();
        } else if (raw instanceof RawValue.Text) {
            errors.add(new FieldError(AMOUNT, "must be a positive decimal number, e.g. 500 or \"500.00\""));
            return Optional.empty();
        } else {
            errors.add(new FieldError(AMOUNT, missingOrWrongType(raw, "a positive decimal number, e.g. 500 or 12.99")));
            return Optional.empty();
        }
        if (literal.length() > MAX_NUMBER_LITERAL) {
            errors.add(new FieldError(AMOUNT, "must be at most " + MAX_NUMBER_LITERAL + " characters long"));
            return Optional.empty();
        }
        BigDecimal value;
        try {
            value = new BigDecimal(literal);
        } catch (NumberFormatException e) {
            errors.add(new FieldError(AMOUNT, "must be a decimal number"));
            return Optional.empty();
        }
        if (currency.isEmpty()) {
            // Scale rules depend on the currency; its own error is already reported.
            if (value.signum() <= 0) {
                errors.add(new FieldError(AMOUNT, "must be greater than zero"));
            }
            return Optional.empty();
        }
        Optional<String> problem = PaymentAmount.problem(value, currency.get());
        problem.ifPresent(reason -> errors.add(new FieldError(AMOUNT, reason)));
        return problem.isPresent() ? Optional.empty() : Optional.of(new Money(value, currency.get()));
    }

    private static Optional<String> requireText(String field, RawValue raw, String expected, List<FieldError> errors) {
        if (raw instanceof RawValue.Text text) {
            return Optional.of(text.value());
        }
        errors.add(new FieldError(field, missingOrWrongType(raw, expected)));
        return Optional.empty();
    }

    private static String missingOrWrongType(RawValue raw, String expected) {
        if (raw instanceof RawValue.Absent) {
            return "is required: " + expected;
        }
        return "must be " + expected + ", not " + raw.typeName();
    }
}
