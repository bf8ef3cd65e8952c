package io.recorder.query;

import static io.recorder.query.PaymentQueriesIT.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recorder.dynamodb.DynamoDbClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import io.recorder.ledger.recurring.SeriesStatus;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@code GET /recurring-payments?status=…} reads only the byDue range where series of that status can
 * be (StatusDueRanges), and answers exactly what filtering every recurring series would: compared day
 * by day over a year and more, paging three at a time, against the unfiltered listing filtered here.
 *
 * <pre>
 * acme, as of 2024-12-20:
 *   Sub 01..Sub 30  USD  monthly, 3 payments, next 2024-12-19 .. 2025-01-19        ACTIVE
 *   Weekly gym      USD  weekly to 2024-12-10, next 2024-12-17 (late after the 18th)  LATE
 *   Rent            EUR  monthly 5th to 2024-11-05, next 2024-12-05                   LATE
 *   Insurance       EUR  yearly Jun 1 2021-2023, next 2024-06-01                      LATE
 *   Netflix         EUR  monthly Jan-Jun 2024, next 2024-07-15                         STOPPED
 *   Lunch           EUR  irregular, last 2024-03-12                                    STOPPED
 *   Coffee          EUR  irregular, last 2024-12-02                                    ACTIVE
 *   Twice           GBP  paid twice in December                                        EARLY
 *   Once            GBP  paid once (not a recurring series)
 * globex: a weekly series as late as acme's, which acme never reads.
 * </pre>
 */
class StatusFilterIT {
    private static final LocalDate TODAY = LocalDate.of(2024, 12, 20);
    private static final int ACTIVE_SUBSCRIPTIONS = 30;
    private static SeededLedger ledger;
    private static final DueItemCounter counter = new DueItemCounter();
    private static DynamoDbClient counted;

    @BeforeAll
    static void seed() {
        ledger = SeededLedger.start(StatusFilterIT::record);
        counted = DynamoDbClients.build("us-east-1", ledger.engine.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), List.of(counter));
    }

    @AfterAll
    static void stop() {
        counted.close();
        ledger.close();
    }

    private static void record(SeededLedger ledger) {
        String acme = SeededLedger.ACME_KEY;
        for (int i = 1; i <= ACTIVE_SUBSCRIPTIONS; i++) {
            // 1..19: paid Oct-Dec on the i-th, next in January; 20..30: paid Sep-Nov on the 19th..29th, next in
            // December from the 19th on (overdue by a day at most, within the monthly tolerance).
            int day = i <= 19 ? i : i - 1;
            int firstMonth = i <= 19 ? 10 : 9;
            for (int month = firstMonth; month < firstMonth + 3; month++) {
                ledger.record(acme, String.format("2024-%02d-%02dT08:00:00Z", month, day), String.format("Sub %02d", i), "USD", "9.99");
            }
        }
        for (String date : List.of("2024-11-26", "2024-12-03", "2024-12-10")) {
            ledger.record(acme, date + "T06:00:00Z", "Weekly gym", "USD", "15");
            ledger.record(SeededLedger.GLOBEX_KEY, date + "T06:00:00Z", "Weekly gym", "USD", "15");
        }
        for (String date : List.of("2024-09-05", "2024-10-05", "2024-11-05")) {
            ledger.record(acme, date + "T06:00:00Z", "Rent", "EUR", "1200");
        }
        for (String date : List.of("2021-06-01", "2022-06-01", "2023-06-01")) {
            ledger.record(acme, date + "T06:00:00Z", "Insurance", "EUR", "300");
        }
        for (int month = 1; month <= 6; month++) {
            ledger.record(acme, String.format("2024-%02d-15T20:00:00Z", month), "Netflix", "EUR", "12.99");
        }
        for (String date : List.of("2024-01-03", "2024-01-09", "2024-02-20", "2024-02-21", "2024-03-12")) {
            ledger.record(acme, date + "T12:00:00Z", "Lunch", "EUR", "11.50");
        }
        for (String date : List.of("2024-09-03", "2024-09-17", "2024-10-02", "2024-10-29", "2024-11-05", "2024-12-02")) {
            ledger.record(acme, date + "T08:15:00Z", "Coffee", "EUR", "3.50");
        }
        ledger.record(acme, "2024-12-01T10:00:00Z", "Twice", "GBP", "4");
        ledger.record(acme, "2024-12-15T10:00:00Z", "Twice", "GBP", "4");
        ledger.record(acme, "2024-12-16T10:00:00Z", "Once", "GBP", "4");
    }

    @Test
    void the_seeded_ledger_holds_series_in_every_status_today() {
        List<JsonNode> all = listing(TODAY, null, 100);

        assertThat(all).hasSize(ACTIVE_SUBSCRIPTIONS + 7);
        assertThat(all).extracting(item -> item.get("status").asText())
                .containsOnly("ACTIVE", "LATE", "STOPPED", "EARLY")
                .filteredOn("LATE"::equals).hasSize(3);
        assertThat(names(all, "LATE")).containsExactly("Insurance", "Rent", "Weekly gym");
        assertThat(names(all, "STOPPED")).containsExactly("Netflix", "Lunch");
        assertThat(names(all, "EARLY")).containsExactly("Twice");
    }

    @Test
    void every_status_filter_answers_what_filtering_every_series_does_on_every_day_and_page() {
        int days = 0;
        for (LocalDate day = TODAY.minusDays(10); day.isBefore(TODAY.plusDays(420)); day = day.plusDays(day.isBefore(TODAY.plusDays(20)) ? 1 : 7)) {
            List<JsonNode> everything = listing(day, null, 100);
            for (SeriesStatus status : SeriesStatus.values()) {
                List<JsonNode> expected = everything.stream().filter(item -> item.get("status").asText().equals(status.name())).toList();
                assertThat(listing(day, status, 3)).as("%s on %s", status, day).containsExactlyElementsOf(expected);
            }
            days++;
        }
        assertThat(days).isGreaterThan(80);
    }

    @Test
    void a_late_filter_reads_the_late_range_not_the_many_active_series() {
        counter.reset();
        List<JsonNode> everything = listing(TODAY, null, 100);
        int readForEverything = counter.items.get();
        counter.reset();
        List<JsonNode> late = listing(TODAY, SeriesStatus.LATE, 100);
        int readForLate = counter.items.get();

        // LATE needs a next expected date from today − 373 days to today − 2: the three late series and Netflix.
        assertThat(late).hasSize(3);
        assertThat(everything).hasSize(ACTIVE_SUBSCRIPTIONS + 7);
        assertThat(readForEverything).isEqualTo(everything.size());
        assertThat(readForLate).isEqualTo(4);
        counter.reset();
        assertThat(listing(TODAY, SeriesStatus.STOPPED, 100)).hasSize(2);
        assertThat(counter.items.get()).as("due before today − 8: Insurance, Netflix, Rent; then the undated: Lunch, Coffee, Twice").isEqualTo(6);
    }

    @Test
    void a_cursor_of_an_earlier_or_later_day_resumes_after_its_position_within_that_day_ranges() {
        List<LocalDate[]> pairs = List.of(
                new LocalDate[] {TODAY, TODAY.plusDays(1)}, new LocalDate[] {TODAY, TODAY.plusDays(40)},
                new LocalDate[] {TODAY, TODAY.plusDays(200)}, new LocalDate[] {TODAY.plusDays(200), TODAY});
        for (LocalDate[] pair : pairs) {
            for (SeriesStatus status : SeriesStatus.values()) {
                JsonNode first = page(pair[0], status, 1, null);
                if (!first.hasNonNull("nextCursor")) {
                    continue;
                }
                String after = position(first.get("items").get(0));
                List<JsonNode> expected = listing(pair[1], null, 100).stream()
                        .filter(item -> item.get("status").asText().equals(status.name()) && position(item).compareTo(after) > 0)
                        .toList();
                assertThat(listing(pair[1], status, 2, first.get("nextCursor").asText()))
                        .as("%s from %s to %s", status, pair[0], pair[1]).containsExactlyElementsOf(expected);
            }
        }
    }

    private static String position(JsonNode item) {
        return (item.get("nextExpectedDate").isNull() ? "~" : item.get("nextExpectedDate").asText()) + "#" + item.get("seriesId").asText();
    }

    /** Every page of the listing as of {@code day}, {@code limit} at a time, following the cursors. */
    private static List<JsonNode> listing(LocalDate day, SeriesStatus status, int limit) {
        return listing(day, status, limit, null);
    }

    private static List<JsonNode> listing(LocalDate day, SeriesStatus status, int limit, String cursor) {
        List<JsonNode> items = new ArrayList<>();
        int pages = 0;
        do {
            JsonNode page = page(day, status, limit, cursor);
            page.get("items").forEach(items::add);
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            assertThat(++pages).isLessThan(100);
        } while (cursor != null);
        return items;
    }

    private static JsonNode page(LocalDate day, SeriesStatus status, int limit, String cursor) {
        QueryHandler handler = new QueryHandler(counted, Clock.fixed(day.atTime(10, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC),
                ledger.tableName, new FunctionTelemetry(MetricNames.SERVICE_QUERY),
                new StderrQueryEvents(new PrintStream(OutputStream.nullOutputStream())));
        ApiGatewayEvent event = ApiGatewayEvent.listSeries().noQuery().query("limit", Integer.toString(limit));
        if (status != null) {
            event.query("status", status.name());
        }
        if (cursor != null) {
            event.query("cursor", cursor);
        }
        ApiResponse response = Contract.check(event.resource(), event.sendTo(handler));
        return body(response);
    }

    private static List<String> names(List<JsonNode> items, String status) {
        return items.stream().filter(item -> item.get("status").asText().equals(status))
                .map(item -> item.get("description").asText()).toList();
    }

    /** Counts the items byDue Queries return, whatever reads them. */
    private static final class DueItemCounter implements ExecutionInterceptor {
        final AtomicInteger items = new AtomicInteger();

        void reset() {
            items.set(0);
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof QueryRequest query && LedgerTable.GSI3.equals(query.indexName())
                    && context.response() instanceof QueryResponse response) {
                items.addAndGet(response.count());
            }
        }
    }
}
