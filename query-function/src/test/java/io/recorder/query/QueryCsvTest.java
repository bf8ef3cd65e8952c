package io.recorder.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.http.ApiRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryCsvTest {
    @Test
    void fields_with_a_comma_a_quote_or_a_line_break_are_quoted_with_quotes_doubled() {
        assertThat(QueryCsv.field("Gym")).isEqualTo("Gym");
        assertThat(QueryCsv.field("Rent, flat 2")).isEqualTo("\"Rent, flat 2\"");
        assertThat(QueryCsv.field("The \"big\" one")).isEqualTo("\"The \"\"big\"\" one\"");
        assertThat(QueryCsv.field("a\nb")).isEqualTo("\"a\nb\"");
        assertThat(QueryCsv.field("")).isEmpty();
    }

    @Test
    void a_cell_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_a_quote() {
        assertThat(QueryCsv.field("=1+1")).isEqualTo("'=1+1");
        assertThat(QueryCsv.field("+44 phone")).isEqualTo("'+44 phone");
        assertThat(QueryCsv.field("-2+3")).isEqualTo("'-2+3");
        assertThat(QueryCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(QueryCsv.field("\tcmd")).isEqualTo("'\tcmd");
        assertThat(QueryCsv.field("\r=cmd")).isEqualTo("\"'\r=cmd\"");
        assertThat(QueryCsv.field("=HYPERLINK(\"http://x\",\"a, b\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\"");
    }

    @Test
    void plain_decimal_numbers_are_left_as_numbers_even_when_negative() {
        assertThat(QueryCsv.field("-12.50")).isEqualTo("-12.50");
        assertThat(QueryCsv.field("500.00")).isEqualTo("500.00");
        assertThat(QueryCsv.field("-1e5")).isEqualTo("'-1e5");
    }

    @Test
    void a_table_is_a_header_row_then_one_record_per_row_each_ending_in_crlf() {
        String csv = QueryCsv.table(List.of("month", "currency", "total"),
                List.of(Map.of("month", "2026-01", "currency", "USD", "total", "500.00"), Map.of("month", "2026-02")));

        assertThat(csv).isEqualTo("month,currency,total\r\n2026-01,USD,500.00\r\n2026-02,,\r\n");
    }

    @Test
    void csv_is_chosen_when_accept_ranks_it_at_least_as_high_as_json_on_the_three_listings() {
        assertThat(QueryCsv.wanted(accept("text/csv"), QueryEndpoint.PAYMENTS)).isTrue();
        assertThat(QueryCsv.wanted(accept("text/csv, application/json;q=0.5"), QueryEndpoint.SERIES_LIST)).isTrue();
        assertThat(QueryCsv.wanted(accept("application/json;q=0.9, text/csv"), QueryEndpoint.MONTHLY_SPENDING)).isTrue();
        assertThat(QueryCsv.wanted(accept("application/json, text/csv;q=0.5"), QueryEndpoint.PAYMENTS)).isFalse();
        assertThat(QueryCsv.wanted(accept("*/*"), QueryEndpoint.PAYMENTS)).isFalse();
        assertThat(QueryCsv.wanted(accept("text/csv;q=0"), QueryEndpoint.PAYMENTS)).isFalse();
        assertThat(QueryCsv.wanted(accept("text/csv"), QueryEndpoint.PAYMENT)).isFalse();
        assertThat(QueryCsv.wanted(accept(null), QueryEndpoint.PAYMENTS)).isFalse();
    }

    private static ApiRequest accept(String value) {
        Map<String, List<String>> headers = value == null ? Map.of() : Map.of("Accept", List.of(value));
        return new ApiRequest("GET", QueryEndpoint.PAYMENTS, headers, Map.of(), Map.of(), null, false, "r-1", "key");
    }
}
