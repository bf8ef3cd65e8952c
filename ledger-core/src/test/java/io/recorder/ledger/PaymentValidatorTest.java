package io.recorder.ledger;

import static io.recorder.ledger.PaymentValidator.AMOUNT;
import static io.recorder.ledger.PaymentValidator.CURRENCY;
import static io.recorder.ledger.PaymentValidator.DESCRIPTION;
import static io.recorder.ledger.PaymentValidator.TIMESTAMP;
import static io.recorder.ledger.testing.PaymentFields.number;
import static io.recorder.ledger.testing.PaymentFields.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.recorder.ledger.testing.MutableClock;
import io.recorder.ledger.testing.PaymentFields;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentValidatorTest {

    static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");
    static final Clock CLOCK = MutableClock.fixedAt("2025-01-15T10:00:00Z");
    final PaymentValidator validator = new PaymentValidator(CLOCK);

    // ---- helpers -------------------------------------------------------------------------------

    PaymentValidator.Result validate(PaymentFields fields) {
        return validator.validate(fields.build());
    }

    PaymentDetails valid(PaymentFields fields) {
        PaymentValidator.Result result = validate(fields);
        assertThat(result).as("expected valid, got %s", result).isInstanceOf(PaymentValidator.Valid.class);
        return ((PaymentValidator.Valid) result).details();
    }

    /** Asserts the result is invalid, every reason is human text, and returns the errors. */
    static List<FieldError> errorsOf(PaymentValidator.Result result) {
        assertThat(result).as("expected invalid").isInstanceOf(PaymentValidator.Invalid.class);
        List<FieldError> errors = ((PaymentValidator.Invalid) result).errors();
        assertThat(errors).isNotEmpty().allSatisfy(PaymentValidatorTest::isHumanReason);
        return errors;
    }

    static void isHumanReason(FieldError error) {
        assertThat(error.reason())
                .as("reason for %s", error.field())
                .isNotBlank()
                .matches("^[a-zA-Z].*")
                .doesNotContain("Exception", "java.", "null pointer");
    }

    /** Exactly one error, on exactly this field. */
    FieldError onlyError(PaymentFields fields, String field) {
        List<FieldError> errors = errorsOf(validate(fields));
        assertThat(errors).extracting(FieldError::field).containsExactly(field);
        return errors.get(0);
    }

    // ---- the published example -----------------------------------------------------------------

    @Test
    void the_published_example_is_valid_and_normalizes_to_usd_500_00() {
        PaymentDetails details = valid(PaymentFields.example());

        assertThat(details.paymentTimestamp()).isEqualTo(Instant.parse("2024-08-01T12:34:56Z"));
        assertThat(details.description().text()).isEqualTo("Gym");
        assertThat(details.amount().currency().code()).isEqualTo("USD");
        assertThat(details.amount().toPlainString()).isEqualTo("500.00");
        assertThat(details.amount().amount()).isEqualTo(new BigDecimal("500.00"));
    }

    // ---- missing and wrongly typed fields -----------------------------------------------------

    @Test
    void an_empty_object_reports_every_field_at_once() {
        List<FieldError> errors = errorsOf(validate(PaymentFields.none()));

        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder(TIMESTAMP, DESCRIPTION, CURRENCY, AMOUNT);
        assertThat(errors).extracting(FieldError::reason).allMatch(r -> r.startsWith("is required"));
    }

    @ParameterizedTest(name = "missing {0}")
    @ValueSource(strings = {TIMESTAMP, DESCRIPTION, CURRENCY, AMOUNT})
    void each_missing_field_is_named_alone(String field) {
        FieldError error = onlyError(PaymentFields.example().without(field), field);
        assertThat(error.reason()).startsWith("is required");
    }

    @Test
    void several_bad_fields_are_all_reported_in_one_answer() {
        List<FieldError> errors = errorsOf(validate(PaymentFields.none()
                .text(TIMESTAMP, "yesterday")
                .text(DESCRIPTION, "  ")
                .text(CURRENCY, "ABC")
                .number(AMOUNT, "0")
                .number("note", "1")));

        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("note", TIMESTAMP, DESCRIPTION, CURRENCY, AMOUNT);
    }

    static Stream<Arguments> wrongTypes() {
        Map<String, RawValue> wrong = Map.of(
                "a number", number("1722515696"),
                "a boolean", new RawValue.Bool(true),
                "null", RawValue.NULL,
                "an object", new RawValue.Structure("object"),
                "an array", new RawValue.Structure("array"));
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String field : List.of(TIMESTAMP, DESCRIPTION, CURRENCY, AMOUNT)) {
            wrong.forEach((typeName, value) -> {
                if (!(field.equals(AMOUNT) && typeName.equals("a number"))) {
                    cases.add(arguments(field, typeName, value));
                }
            });
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("wrongTypes")
    void a_field_of_the_wrong_type_is_named_with_the_type_received(String field, String typeName, RawValue value) {
        FieldError error = onlyError(PaymentFields.example().with(field, value), field);
        assertThat(error.reason()).endsWith("not " + typeName);
    }

    @Test
    void an_epoch_number_is_not_a_timestamp() {
        FieldError error = onlyError(PaymentFields.example().number(TIMESTAMP, "1722515696"), TIMESTAMP);
        assertThat(error.reason()).contains("ISO-8601").endsWith("not a number");
    }

    // ---- unknown fields ------------------------------------------------------------------------

    @ParameterizedTest(name = "unknown field \"{0}\"")
    @ValueSource(strings = {"note", "Amount", "amount ", "paymentId", "recordedAt", "__proto__", ""})
    void an_unknown_field_is_refused_by_its_exact_name(String name) {
        List<FieldError> errors = errorsOf(validate(PaymentFields.example().number(name, "1")));

        assertThat(errors).extracting(FieldError::field).containsExactly(name);
        assertThat(errors.get(0).reason()).contains("not a known field");
    }

    @Test
    void a_miscased_known_field_is_unknown_and_the_real_one_is_missing() {
        List<FieldError> errors = errorsOf(validate(PaymentFields.example().without(AMOUNT).number("Amount", "500")));

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("Amount", AMOUNT);
    }

    // ---- amounts -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # amount literal (JSON number)    | currency | stored
            500                                | USD      | 500.00
            500.00                             | USD      | 500.00
            500.1                              | USD      | 500.10
            0.01                               | USD      | 0.01
            5e2                                | USD      | 500.00
            5E+2                               | USD      | 500.00
            12.50e-1                           | USD      | 1.25
            999999999999.99                    | USD      | 999999999999.99
            500                                | JPY      | 500
            500.000                            | JPY      | 500
            1.234                              | KWD      | 1.234
            1.5                                | KWD      | 1.500
            0.001                              | BHD      | 0.001
            """)
    void valid_amounts_are_stored_exactly_at_the_currency_scale(String literal, String currency, String stored) {
        PaymentDetails details = valid(PaymentFields.example().text(CURRENCY, currency).number(AMOUNT, literal));

        assertThat(details.amount().toPlainString()).isEqualTo(stored);
        assertThat(details.amount().currency().code()).isEqualTo(currency);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # amount literal (JSON number)              | currency | reason contains
            -0                                           | USD      | greater than zero
            0                                            | USD      | greater than zero
            0.00                                         | USD      | greater than zero
            -1                                           | USD      | greater than zero
            -500.00                                      | USD      | greater than zero
            0.001                                        | USD      | at most 2 digits after the decimal point
            500.001                                      | USD      | at most 2 digits after the decimal point
            1e400                                        | USD      | less than 1000000000000
            1e-400                                       | USD      | at most 2 digits after the decimal point
            1e99999999999                                | USD      | decimal number
            1234567890123456789012345678901234567890     | USD      | less than 1000000000000
            12345678901234567890123456789012345678901    | USD      | at most 40 characters
            0.000000000000000000000000000000000000001    | USD      | at most 40 characters
            1000000000000                                | USD      | less than 1000000000000
            1000000000000.00                             | USD      | less than 1000000000000
            1e12                                         | USD      | less than 1000000000000
            12.5                                         | JPY      | no minor units
            1.2345                                       | KWD      | at most 3 digits after the decimal point
            """)
    void invalid_amounts_are_refused_with_a_reason(String literal, String currency, String reason) {
        FieldError error = onlyError(PaymentFields.example().text(CURRENCY, currency).number(AMOUNT, literal), AMOUNT);
        assertThat(error.reason()).contains(reason);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({"500, 500.00", "500.10, 500.10", "0.5, 0.50", "0500, 500.00"})
    void a_plain_decimal_string_is_accepted_as_an_amount(String amount, String stored) {
        PaymentDetails details = valid(PaymentFields.example().text(AMOUNT, amount));
        assertThat(details.amount().toPlainString()).isEqualTo(stored);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"5e2", "5E2", "-5", "+5", " 500", "500 ", "500.", ".5", "1,000", "five", "", "NaN", "Infinity", "0x1F4", "５００"})
    void an_amount_string_that_is_not_a_plain_decimal_is_refused(String amount) {
        FieldError error = onlyError(PaymentFields.example().text(AMOUNT, amount), AMOUNT);
        assertThat(error.reason()).contains("positive decimal number");
    }

    @Test
    void an_amount_is_still_checked_for_sign_when_the_currency_is_invalid() {
        List<FieldError> errors = errorsOf(validate(PaymentFields.example().text(CURRENCY, "ABC").number(AMOUNT, "-5")));
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(CURRENCY, AMOUNT);
    }

    @Test
    void scale_rules_are_not_guessed_when_the_currency_is_invalid() {
        // 0.001 could be fine in KWD: without a currency only the currency is reported.
        onlyError(PaymentFields.example().text(CURRENCY, "ABC").number(AMOUNT, "0.001"), CURRENCY);
    }

    // ---- timestamps ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2024-08-01T12:34:56Z                  | 2024-08-01T12:34:56Z
            2024-08-01T13:34:56+01:00             | 2024-08-01T12:34:56Z
            2024-08-01T12:34:56+14:00             | 2024-07-31T22:34:56Z
            2024-08-01T12:34:56-14:00             | 2024-08-02T02:34:56Z
            2024-08-01T12:34:56+05:45             | 2024-08-01T06:49:56Z
            2024-08-01T12:34:56.123456789Z        | 2024-08-01T12:34:56.123456789Z
            2024-08-01T12:34:56.5Z                | 2024-08-01T12:34:56.500Z
            2024-08-01T12:34Z                     | 2024-08-01T12:34:00Z
            2024-02-29T00:00:00Z                  | 2024-02-29T00:00:00Z
            1970-01-01T00:00:00Z                  | 1970-01-01T00:00:00Z
            2025-01-15T10:04:00Z                  | 2025-01-15T10:04:00Z
            2025-01-15T10:05:00Z                  | 2025-01-15T10:05:00Z
            2025-01-15T11:04:59+01:00             | 2025-01-15T10:04:59Z
            """)
    void valid_timestamps_are_normalized_to_the_utc_instant(String input, String instant) {
        PaymentDetails details = valid(PaymentFields.example().text(TIMESTAMP, input));
        assertThat(details.paymentTimestamp()).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2024-08-01T12:34:56                   | valid ISO-8601 date-time with an explicit offset
            2024-08-01                            | valid ISO-8601 date-time with an explicit offset
            2024-08-01 12:34:56Z                  | valid ISO-8601 date-time with an explicit offset
            2024-08-01T12:34:56+14:01             | offset must be between -14:00 and +14:00
            2024-08-01T12:34:56-14:01             | offset must be between -14:00 and +14:00
            2024-08-01T12:34:56+18:00             | offset must be between -14:00 and +14:00
            2024-08-01T12:34:56+19:00             | valid ISO-8601 date-time with an explicit offset
            2016-12-31T23:59:60Z                  | valid ISO-8601 date-time with an explicit offset
            2024-08-01T24:00:00Z                  | valid ISO-8601 date-time with an explicit offset
            0000-01-01T00:00:00Z                  | must not be before 1970-01-01T00:00:00Z
            1969-12-31T23:59:59Z                  | must not be before 1970-01-01T00:00:00Z
            1970-01-01T00:30:00+01:00             | must not be before 1970-01-01T00:00:00Z
            10000-01-01T00:00:00Z                 | valid ISO-8601 date-time with an explicit offset
            +10000-01-01T00:00:00Z                | must not be in the future
            2024-02-30T12:00:00Z                  | valid ISO-8601 date-time with an explicit offset
            2023-02-29T12:00:00Z                  | valid ISO-8601 date-time with an explicit offset
            2024-13-01T12:00:00Z                  | valid ISO-8601 date-time with an explicit offset
            2024-08-01T12:34:56.1234567890Z       | valid ISO-8601 date-time with an explicit offset
            2024-W31-4T12:34:56Z                  | valid ISO-8601 date-time with an explicit offset
            2024-214T12:34:56Z                    | valid ISO-8601 date-time with an explicit offset
            2024-08-01T12:34:56Z[Europe/Paris]    | valid ISO-8601 date-time with an explicit offset
            ' 2024-08-01T12:34:56Z'               | valid ISO-8601 date-time with an explicit offset
            yesterday                             | valid ISO-8601 date-time with an explicit offset
            ''                                    | valid ISO-8601 date-time with an explicit offset
            2025-01-15T10:05:01Z                  | must not be in the future
            2025-01-15T11:05:01+01:00             | must not be in the future
            2099-01-01T00:00:00Z                  | must not be in the future
            """)
    void invalid_timestamps_are_refused_with_a_reason(String input, String reason) {
        FieldError error = onlyError(PaymentFields.example().text(TIMESTAMP, input), TIMESTAMP);
        assertThat(error.reason()).contains(reason);
    }

    /** The hand-read form and its near misses: each parses to what the formatter gives, or fails where it fails. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2024-08-01T12:34:56Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2024-02-29T23:59:59Z", "2023-02-29T12:00:00Z", "2024-02-30T12:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T12:00:00Z",
            "2024-00-01T12:00:00Z", "2024-08-00T12:00:00Z", "2024-08-01T24:00:00Z", "2024-08-01T23:60:00Z", "2016-12-31T23:59:60Z",
            "2024-08-01t12:34:56z", "2024-08-01T12:34:56z", "2024-08-01 12:34:56Z", "2024-08-01T12:34:5aZ", "2024-08-01T12:34:56+",
            "2024-08-01T12:34:\u0665\u0666Z", "+024-08-01T12:34:56Z", "-024-08-01T12:34:56Z", "2024/08/01T12:34:56Z",
            "2024-08-01T12:34:56.5Z", "2024-08-01T13:34:56+01:00", "2024-08-01T12:34Z"})
    void timestamps_parse_as_the_iso_formatter_parses_them(String text) {
        assertThat(parseOrError(() -> PaymentValidator.parseOffsetDateTime(text)))
                .isEqualTo(parseOrError(() -> OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
    }

    @Property(tries = 2000)
    void any_timestamp_of_the_hand_read_shape_parses_as_the_iso_formatter_parses_it(
            @ForAll @IntRange(min = 0, max = 9999) int year,
            @ForAll @IntRange(min = 0, max = 13) int month,
            @ForAll @IntRange(min = 0, max = 32) int day,
            @ForAll @IntRange(min = 0, max = 25) int hour,
            @ForAll @IntRange(min = 0, max = 61) int minute,
            @ForAll @IntRange(min = 0, max = 61) int second) {
        String text = String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute, second);
        assertThat(parseOrError(() -> PaymentValidator.parseOffsetDateTime(text)))
                .isEqualTo(parseOrError(() -> OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
    }

    /** The parsed value, or the exception's class and message. */
    static Object parseOrError(Supplier<OffsetDateTime> parse) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Test
    void future_means_beyond_five_minutes_of_the_injected_clock_not_the_machine_clock() {
        MutableClock clock = MutableClock.at(NOW);
        PaymentValidator validator = new PaymentValidator(clock);
        PaymentFields in6Minutes = PaymentFields.example().text(TIMESTAMP, "2025-01-15T10:06:00Z");

        assertThat(validator.validate(in6Minutes.build())).isInstanceOf(PaymentValidator.Invalid.class);
        clock.advance(java.time.Duration.ofMinutes(2));
        assertThat(validator.validate(in6Minutes.build())).isInstanceOf(PaymentValidator.Valid.class);
    }

    // ---- descriptions --------------------------------------------------------------------------

    static Stream<Arguments> validDescriptions() {
        return Stream.of(
                arguments("plain", "Gym", "Gym"),
                arguments("trimmed", "  Gym membership \t", "Gym membership"),
                arguments("inner spaces kept", "Gym  club", "Gym  club"),
                arguments("ZWJ emoji sequence", "Family 👨‍👩‍👧‍👦 plan", "Family 👨‍👩‍👧‍👦 plan"),
                arguments("emoji with variation selector and skin tone", "❤️ 👍🏽", "❤️ 👍🏽"),
                arguments("flag", "🇺🇸 rent", "🇺🇸 rent"),
                arguments("combining acute, NFC-composed", "Cafe\u0301", "Caf\u00e9"),
                arguments("combining marks put in canonical order", "q\u0307\u0323", "q\u0323\u0307"),
                arguments("ZWNJ in Persian", "می\u200Cخواهم", "می\u200Cخواهم"),
                arguments("right-to-left script", "اشتراك", "اشتراك"),
                arguments("CJK", "ジム会費", "ジム会費"),
                arguments("200 code points", "a".repeat(200), "a".repeat(200)),
                arguments("200 astral code points (400 UTF-16 units)", "😀".repeat(200), "😀".repeat(200)),
                arguments("200 code points after NFC", "e\u0301".repeat(200), "\u00e9".repeat(200)),
                arguments("JSON-looking text", "{\"level\":\"ERROR\"}", "{\"level\":\"ERROR\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validDescriptions")
    void valid_descriptions_are_kept_as_written_after_trim_and_nfc(String name, String input, String stored) {
        PaymentDetails details = valid(PaymentFields.example().text(DESCRIPTION, input));
        assertThat(details.description().text()).isEqualTo(stored);
    }

    static Stream<Arguments> invalidDescriptions() {
        return Stream.of(
                arguments("empty", "", "must not be empty"),
                arguments("spaces only", "   ", "must not be empty"),
                arguments("tabs and newlines only", "\t\n\r ", "must not be empty"),
                arguments("ideographic space only", "\u3000", "must not be empty"),
                arguments("no-break space only", "\u00A0", "must not be empty"),
                arguments("narrow no-break space only", "\u202F\u202F", "must not be empty"),
                arguments("201 code points", "a".repeat(201), "at most 200 characters (got 201)"),
                arguments("201 astral code points", "😀".repeat(201), "at most 200 characters (got 201)"),
                arguments("10,000 characters", "x".repeat(10_000), "at most 200 characters"),
                arguments("NUL", "Gym\u0000", "U+0000"),
                arguments("bell", "Gym\u0007", "U+0007"),
                arguments("inner tab", "Gym\tclub", "U+0009"),
                arguments("DEL", "Gym\u007F", "U+007F"),
                arguments("C1 next line", "Gym\u0085club", "U+0085"),
                arguments("log forging newline", "Gym\n{\"level\":\"ERROR\",\"msg\":\"payment refunded\"}", "U+000A"),
                arguments("carriage return", "Gym\rclub", "U+000D"),
                arguments("line separator", "Gym\u2028club", "U+2028"),
                arguments("paragraph separator", "Gym\u2029club", "U+2029"),
                arguments("zero-width space", "Gym\u200B", "U+200B"),
                arguments("right-to-left override", "Gym \u202Emoc.live", "U+202E"),
                arguments("right-to-left mark", "Gym\u200F", "U+200F"),
                arguments("byte order mark inside", "Gym\uFEFFclub", "U+FEFF"),
                arguments("soft hyphen", "Gym\u00ADclub", "U+00AD"),
                arguments("private use", "Gym\uE000", "U+E000"),
                arguments("unassigned", "Gym\u0378", "U+0378"),
                arguments("lone surrogate", "Gym\uD800", "U+D800"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDescriptions")
    void invalid_descriptions_are_refused_with_a_reason(String name, String input, String reason) {
        FieldError error = onlyError(PaymentFields.example().text(DESCRIPTION, input), DESCRIPTION);
        assertThat(error.reason()).contains(reason);
    }

    // ---- currency ------------------------------------------------------------------------------

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            USD              | USD
            usd              | USD
            uSd              | USD
            ' usd '          | USD
            Dollars          | USD
            dollars          | USD
            DOLLARS          | USD
            US Dollars       | USD
            '  us   dollars' | USD
            eur              | EUR
            Euros            | EUR
            Pound Sterling   | GBP
            yen              | JPY
            kwd              | KWD
            chf              | CHF
            """)
    void currency_codes_and_documented_aliases_resolve_case_insensitively(String input, String code) {
        PaymentDetails details = valid(PaymentFields.example().text(CURRENCY, input));
        assertThat(details.amount().currency().code()).isEqualTo(code);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "ABC", "840", "US", "USDD", "US$", "$", "XAU", "XAG", "XDR", "XXX", "XTS",
            "dollar$", "Canadian Dollars", "U S D", "ＵＳＤ"})
    void unknown_or_non_payment_currencies_are_refused(String input) {
        FieldError error = onlyError(PaymentFields.example().text(CURRENCY, input), CURRENCY);
        assertThat(error.reason()).contains("ISO 4217");
    }

    @Test
    void a_numeric_currency_code_sent_as_a_number_is_a_wrong_type() {
        FieldError error = onlyError(PaymentFields.example().number(CURRENCY, "840"), CURRENCY);
        assertThat(error.reason()).endsWith("not a number");
    }

    // ---- what the answer echoes is bounded ----------------------------------------------------------

    @Test
    void a_huge_unknown_field_name_is_named_back_shortened() {
        String huge = "x".repeat(49_000);

        FieldError error = onlyError(PaymentFields.example().text(huge, "1"), "x".repeat(64) + "…");

        assertThat(error.reason()).contains("not a known field");
    }

    @Test
    void countless_unknown_fields_are_named_up_to_ten_then_counted() {
        PaymentFields fields = PaymentFields.example();
        for (int i = 0; i < 5_000; i++) {
            fields = fields.text("extra" + i, "1");
        }

        List<FieldError> errors = errorsOf(validate(fields));

        assertThat(errors).hasSize(11);
        assertThat(errors.get(10).field()).isEqualTo("(other fields)");
        assertThat(errors.get(10).reason()).isEqualTo("and 4990 more unknown fields");
    }

    @Test
    void a_description_with_the_replacement_character_is_refused_because_its_bytes_were_not_utf8() {
        FieldError error = onlyError(PaymentFields.example().text("paymentDescription", "Caf\uFFFD"), "paymentDescription");

        assertThat(error.reason()).contains("U+FFFD");
    }
}
