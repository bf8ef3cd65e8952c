package io.recorder.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.recorder.http.JsonBodies.Fields;
import io.recorder.http.JsonBodies.Malformed;
import io.recorder.http.JsonBodies.NotAnObject;
import io.recorder.ledger.RawValue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class JsonBodiesTest {

    static final String EXAMPLE =
            "{\"paymentTimestamp\":\"2024-08-01T12:34:56Z\",\"paymentDescription\":\"Gym\",\"currency\":\"Dollars\",\"amount\":500}";

    static Fields fields(String body) {
        JsonBodies.Parsed parsed = JsonBodies.parse(body);
        assertThat(parsed).as("parse of %s", body).isInstanceOf(Fields.class);
        return (Fields) parsed;
    }

    @Test
    void the_published_example_is_read_field_by_field_without_interpretation() {
        assertThat(fields(EXAMPLE).fields())
                .containsEntry("paymentTimestamp", new RawValue.Text("2024-08-01T12:34:56Z"))
                .containsEntry("paymentDescription", new RawValue.Text("Gym"))
                .containsEntry("currency", new RawValue.Text("Dollars"))
                .containsEntry("amount", new RawValue.Number("500"))
                .hasSize(4);
        assertThat(fields(EXAMPLE).fields().keySet())
                .containsExactly("paymentTimestamp", "paymentDescription", "currency", "amount");
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                arguments("empty", ""),
                arguments("whitespace only", " \n\t\r "),
                arguments("truncated object", "{\"amount\":5"),
                arguments("truncated string", "{\"paymentDescription\":\"Gy"),
                arguments("truncated after key", "{\"amount\""),
                arguments("only an opening brace", "{"),
                arguments("trailing garbage", EXAMPLE + " x"),
                arguments("second document", EXAMPLE + "{}"),
                arguments("trailing comma", "{\"amount\":5,}"),
                arguments("duplicate keys", "{\"amount\":5,\"amount\":6}"),
                arguments("duplicate keys in a nested object", "{\"meta\":{\"a\":1,\"a\":2}}"),
                arguments("block comment", "{/* note */\"amount\":5}"),
                arguments("line comment", "// note\n{\"amount\":5}"),
                arguments("hash comment", "# note\n{\"amount\":5}"),
                arguments("NaN", "{\"amount\":NaN}"),
                arguments("Infinity", "{\"amount\":Infinity}"),
                arguments("-Infinity", "{\"amount\":-Infinity}"),
                arguments("single quotes", "{'amount':5}"),
                arguments("unquoted key", "{amount:5}"),
                arguments("leading zero", "{\"amount\":0500}"),
                arguments("plus sign", "{\"amount\":+5}"),
                arguments("leading dot", "{\"amount\":.5}"),
                arguments("trailing dot", "{\"amount\":5.}"),
                arguments("hex number", "{\"amount\":0x1F4}"),
                arguments("raw control character in a string", "{\"paymentDescription\":\"Gym\u0001\"}"),
                arguments("raw newline in a string", "{\"paymentDescription\":\"Gym\nclub\"}"),
                arguments("invalid escape", "{\"paymentDescription\":\"G\\ym\"}"),
                arguments("BOM prefix", "\uFEFF" + EXAMPLE),
                arguments("101-digit number", "{\"amount\":1" + "0".repeat(100) + "}"),
                arguments("malformed content inside an ignored array", "{\"tags\":[1,,2]}"),
                arguments("10,000-level nesting in a field", "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"),
                arguments("10,000-level nesting at the top", "[".repeat(10_000) + "]".repeat(10_000)),
                arguments("33-level nesting", "{\"a\":" + "[".repeat(32) + "]".repeat(32) + "}"),
                arguments("truncated array at the top", "[1,"),
                arguments("top-level value with trailing garbage", "[1] x"),
                arguments("bare word", "amount"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformed_bodies_are_refused_with_a_reason(String name, String body) {
        JsonBodies.Parsed parsed = JsonBodies.parse(body);

        assertThat(parsed).isInstanceOf(Malformed.class);
        assertThat(((Malformed) parsed).reason()).isNotBlank().doesNotContain("Exception", "com.fasterxml");
    }

    @Test
    void nesting_up_to_the_limit_is_still_read() {
        String body = "{\"a\":" + "[".repeat(31) + "]".repeat(31) + "}";
        assertThat(fields(body).fields()).containsEntry("a", new RawValue.Structure("array"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            []                 | an array
            [1,2]              | an array
            "amount"           | a string
            500                | a number
            -1.5e3             | a number
            true               | a boolean
            false              | a boolean
            null               | null
            `  [ ]  `          | an array
            """)
    void valid_json_that_is_not_an_object_names_what_it_is(String body, String found) {
        assertThat(JsonBodies.parse(body)).isEqualTo(new NotAnObject(found));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            500
            500.10
            500.00
            -0
            0
            1e400
            1E+2
            5e-1
            1e-400
            -500.001
            1234567890123456789012345678901234567890
            0.1000000000000000055511151231257827021181583404541015625
            """)
    void number_literals_are_kept_exactly_as_sent(String literal) {
        assertThat(fields("{\"amount\":" + literal + "}").fields())
                .containsEntry("amount", new RawValue.Number(literal));
    }

    @Test
    void a_100_digit_number_is_still_read_as_text() {
        String literal = "9".repeat(100);
        assertThat(fields("{\"amount\":" + literal + "}").fields()).containsEntry("amount", new RawValue.Number(literal));
    }

    @Test
    void values_of_every_kind_become_raw_values() {
        String body = "{\"s\":\"G\\u0079m \\\"x\\\"\",\"n\":12.50,\"t\":true,\"f\":false,\"z\":null,"
                + "\"o\":{\"k\":[1,{\"d\":2}]},\"a\":[\"x\",[]],\"e\":\"\"}";

        assertThat(fields(body).fields())
                .containsEntry("s", new RawValue.Text("Gym \"x\""))
                .containsEntry("n", new RawValue.Number("12.50"))
                .containsEntry("t", new RawValue.Bool(true))
                .containsEntry("f", new RawValue.Bool(false))
                .containsEntry("z", RawValue.NULL)
                .containsEntry("o", new RawValue.Structure("object"))
                .containsEntry("a", new RawValue.Structure("array"))
                .containsEntry("e", new RawValue.Text(""))
                .hasSize(8);
    }

    @Test
    void strings_keep_unicode_and_control_escapes_for_the_validator_to_judge() {
        assertThat(fields("{\"d\":\"Gym\\n{\\\"level\\\":\\\"ERROR\\\"}\\u202e\"}").fields())
                .containsEntry("d", new RawValue.Text("Gym\n{\"level\":\"ERROR\"}\u202e"));
    }

    @Test
    void an_empty_object_has_no_fields() {
        assertThat(fields("{}").fields()).isEmpty();
        assertThat(fields(" \n{ }\n ").fields()).isEmpty();
    }

    @Test
    void a_string_amount_stays_a_string() {
        assertThat(fields("{\"amount\":\"500\"}").fields()).containsEntry("amount", new RawValue.Text("500"));
    }
}
