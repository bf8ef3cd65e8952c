package io.recorder.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CSV for spreadsheets ({@code Accept: text/csv}) on the three listings. A representation of the JSON
 * answer, made from it: the columns are the JSON fields, amounts the same exact decimal strings, pages
 * the same pages (the next cursor moves to a {@code Next-Cursor} header). Built from the JSON rather
 * than from the read model so that the model's internals can change without this class noticing.
 *
 * <p>RFC 4180: CRLF after every record, a header row, fields quoted when they hold a comma, a quote, CR
 * or LF, quotes doubled. Formula injection: a cell a spreadsheet would run as a formula (first
 * character {@code = + - @}, tab or CR) is prefixed with {@code '}, except a plain decimal number.
 */
final class QueryCsv {
    static final String MEDIA_TYPE = "text/csv; charset=utf-8; header=present";
    static final String NEXT_CURSOR = "Next-Cursor";

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final List<String> PAYMENT_COLUMNS = List.of("paymentId", "paymentTimestamp", "paymentDescription",
            "currency", "amount", "seriesId", "recordedAt", "reversed");
    private static final List<String> SERIES_COLUMNS = List.of("seriesId", "description", "currency", "count", "total",
            "averageAmount", "lastAmount", "firstPaymentAt", "lastPaymentAt", "cadence", "confidence",
            "nextExpectedDate", "status");
    private static final List<String> SPENDING_COLUMNS = List.of("month", "currency", "total");

    private QueryCsv() {
    }

    /** Whether {@code resource} has a CSV form and the request's Accept ranks text/csv at least as high as JSON. */
    static boolean wanted(ApiRequest request, String resource) {
        if (!resource.equals(QueryEndpoint.PAYMENTS) && !resource.equals(QueryEndpoint.SERIES_LIST)
                && !resource.equals(QueryEndpoint.MONTHLY_SPENDING)) {
            return false;
        }
        double csv = 0;
        double json = 0;
        for (String accept : request.headerValues("Accept")) {
            for (String range : accept.split(",")) {
                String[] parts = range.split(";");
                String media = parts[0].strip().toLowerCase(Locale.ROOT);
                double q = quality(parts);
                if (media.equals("text/csv")) {
                    csv = Math.max(csv, q);
                } else if (media.equals("application/json") || media.equals("application/*") || media.equals("*/*")) {
                    json = Math.max(json, q);
                }
            }
        }
        return csv > 0 && csv >= json;
    }

    private static double quality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String[] parameter = parameters[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].strip().equalsIgnoreCase("q")) {
                try {
                    return Double.parseDouble(parameter[1].strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** The CSV form of a successful JSON answer for {@code resource}; anything else (problems) unchanged. */
    static ApiResponse of(String resource, ApiResponse json) {
        if (json.statusCode() != 200) {
            return json;
        }
        Map<String, String> headers = new HashMap<>(json.headers());
        headers.remove("Content-Type");
        headers.put("Content-Type", MEDIA_TYPE);
        String body;
        try {
            if (resource.equals(QueryEndpoint.MONTHLY_SPENDING)) {
                body = table(SPENDING_COLUMNS, spendingRows(json.body()));
                headers.put("Content-Disposition", "attachment; filename=\"monthly-spending.csv\"");
            } else {
                Page page = page(json.body());
                boolean payments = resource.equals(QueryEndpoint.PAYMENTS);
                body = table(payments ? PAYMENT_COLUMNS : SERIES_COLUMNS, page.items());
                page.nextCursor().ifPresent(cursor -> headers.put(NEXT_CURSOR, cursor));
                headers.put("Content-Disposition", "attachment; filename=\"" + (payments ? "payments" : "recurring-payments") + ".csv\"");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the JSON this function wrote is not readable", e);
        }
        return new ApiResponse(200, headers, body);
    }

    /** RFC 4180 text: the header row, then one record per row, every record ending in CRLF. */
    static String table(List<String> columns, List<Map<String, String>> rows) {
        StringBuilder csv = new StringBuilder(64 + rows.size() * 128);
        record(csv, columns);
        for (Map<String, String> row : rows) {
            List<String> cells = new ArrayList<>(columns.size());
            for (String column : columns) {
                cells.add(row.getOrDefault(column, ""));
            }
            record(csv, cells);
        }
        return csv.toString();
    }

    private static void record(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(cells.get(i)));
        }
        csv.append("\r\n");
    }

    /** One field: neutralized if a spreadsheet would run it, quoted if RFC 4180 requires it. */
    static String field(String value) {
        String cell = value;
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 && !DECIMAL.matcher(cell).matches()) {
            cell = "'" + cell;
        }
        if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\r') >= 0 || cell.indexOf('\n') >= 0) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }

    private record Page(List<Map<String, String>> items, Optional<String> nextCursor) {
    }

    /** {"items":[{flat object}…],"nextCursor":…}: scalar fields as text, null as empty. */
    private static Page page(String body) throws IOException {
        List<Map<String, String>> items = new ArrayList<>();
        Optional<String> next = Optional.empty();
        try (JsonParser json = JSON.createParser(body)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (name.equals("items") && value == JsonToken.START_ARRAY) {
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        items.add(flatObject(json));
                    }
                } else if (name.equals("nextCursor") && value == JsonToken.VALUE_STRING) {
                    next = Optional.of(json.getText());
                } else {
                    json.skipChildren();
                }
            }
        }
        return new Page(items, next);
    }

    /** {"months":[{"month":"2026-01","totals":{"USD":"500.00",…}}…]}: one row per month and currency. */
    private static List<Map<String, String>> spendingRows(String body) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (JsonParser json = JSON.createParser(body)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (!name.equals("months") || value != JsonToken.START_ARRAY) {
                    json.skipChildren();
                    continue;
                }
                while (json.nextToken() == JsonToken.START_OBJECT) {
                    String month = "";
                    Map<String, String> totals = new LinkedHashMap<>();
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String field = json.currentName();
                        JsonToken fieldValue = json.nextToken();
                        if (field.equals("month")) {
                            month = json.getText();
                        } else if (field.equals("totals") && fieldValue == JsonToken.START_OBJECT) {
                            while (json.nextToken() == JsonToken.FIELD_NAME) {
                                String currency = json.currentName();
                                json.nextToken();
                                totals.put(currency, json.getText());
                            }
                        } else {
                            json.skipChildren();
                        }
                    }
                    for (Map.Entry<String, String> total : totals.entrySet()) {
                        rows.add(Map.of("month", month, "currency", total.getKey(), "total", total.getValue()));
                    }
                }
            }
        }
        return rows;
    }

    private static Map<String, String> flatObject(JsonParser json) throws IOException {
        Map<String, String> fields = new HashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            if (value.isScalarValue()) {
                fields.put(name, value == JsonToken.VALUE_NULL ? "" : json.getText());
            } else {
                json.skipChildren(); // nested values have no column
            }
        }
        return fields;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }
}
