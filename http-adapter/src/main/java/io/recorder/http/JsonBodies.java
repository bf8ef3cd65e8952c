package io.recorder.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.recorder.ledger.RawValue;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a request body into raw top-level fields without interpreting them. Strict: duplicate keys,
 * trailing content, comments, NaN and deep nesting are refused, because a ledger must never guess
 * what a client meant. Number literals are kept as text so amounts stay exact.
 */
public final class JsonBodies {

    /** What reading the body gave: the fields of a JSON object, or why it is not one. */
    public sealed interface Parsed {
    }

    public record Fields(Map<String, RawValue> fields) implements Parsed {
    }

    /** Not parseable JSON (400). */
    public record Malformed(String reason) implements Parsed {
    }

    /** Valid JSON, but not an object (422). */
    public record NotAnObject(String found) implements Parsed {
    }

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(100)
                    .build())
            .build();

    private JsonBodies() {
    }

    public static Parsed parse(String body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Malformed("the body is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                requireEnd(parser);
                return new NotAnObject(describe(first));
            }
            Map<String, RawValue> fields = new LinkedHashMap<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                fields.put(name, read(parser, parser.nextToken()));
            }
            requireEnd(parser);
            return new Fields(fields);
        } catch (JsonProcessingException e) {
            return new Malformed("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Malformed("the body could not be read");
        }
    }

    private static RawValue read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return new RawValue.Text(parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new RawValue.Number(parser.getText());
            case VALUE_TRUE:
                return new RawValue.Bool(true);
            case VALUE_FALSE:
                return new RawValue.Bool(false);
            case VALUE_NULL:
                return RawValue.NULL;
            case START_OBJECT:
            case START_ARRAY:
                parser.skipChildren(); // still fully parsed: malformed or over-deep content is refused
                return new RawValue.Structure(token == JsonToken.START_OBJECT ? "object" : "array");
            default:
                throw new IllegalStateException("unexpected token " + token);
        }
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected content after the JSON value");
        }
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NULL:
                return "null";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            default:
                return "a number";
        }
    }
}
