package io.recorder.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.recorder.dynamodb.ApiKeyClients;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.PaymentItems;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.dynamodb.SpendingRollups;
import io.recorder.ledger.recurring.MonthlyRollup;
import io.recorder.http.ApiGatewayEvent;
import io.recorder.http.ApiResponse;
import io.recorder.ingest.IngestHandler;
import io.recorder.ingest.PowertoolsIngestEvents;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesHistory;
import io.recorder.localengine.Dynalite;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One engine and one table holding two clients' ledgers, recorded through the real ingest handler,
 * and their recurring-series projections (saved as the projection function would). Read-only for
 * the tests that share it.
 *
 * <pre>
 * acme (key k7q2m9x4ab), 64 payments:
 *   Gym      USD  12 monthly, 5th of each month 2024; 500.00 Jan-Aug, 550.00 Sep-Dec
 *   Netflix  EUR   6 monthly, 15th Jan-Jun 2024, 12.99 (stopped)
 *   Coffee   EUR   6 irregular, 2024-03-02 .. 2024-11-30
 *   Snack    GBP  40 = 10 instants (Oct 1-10, 12:00Z) x 4 payments with identical timestamps, 1.25 each
 * globex (key g1obex0key), 4 payments:
 *   Gym      USD   3 monthly, 1st Feb-Apr 2024, 30.00
 *   Tea      GBP   1, 2024-05-05, 2.00
 * </pre>
 */
final class SeededLedger implements AutoCloseable {
    static final String ACME_KEY = "k7q2m9x4ab"; // the fixtures' apiKeyId
    static final String GLOBEX_KEY = "g1obex0key";
    static final ClientId ACME = new ClientId("acme");
    static final ClientId GLOBEX = new ClientId("globex");
    /** When the payments were recorded, and "now" for the read API (status evaluation). */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-12-20T10:00:00Z"), ZoneOffset.UTC);

    final Dynalite engine;
    final DynamoDbClient dynamo;
    final String tableName = "ledger-" + UUID.randomUUID();
    final LedgerTable table;
    final QueryHandler query;
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final IngestHandler ingest;
    private final List<PaymentRecorded> payments = new ArrayList<>();
    private int keys;

    private SeededLedger() {
        engine = Dynalite.inMemory();
        dynamo = engine.client();
        table = new LedgerTable(dynamo, tableName);
        table.createIfMissing();
        ApiKeyClients directory = new ApiKeyClients(table, CLOCK);
        directory.bind(ACME_KEY, ACME);
        directory.bind(GLOBEX_KEY, GLOBEX);
        FunctionTelemetry ingestTelemetry = new FunctionTelemetry(MetricNames.SERVICE_INGEST);
        ingest = new IngestHandler(dynamo, CLOCK, tableName, ingestTelemetry, new PowertoolsIngestEvents(ingestTelemetry));
        query = new QueryHandler(dynamo, CLOCK, tableName, new FunctionTelemetry(MetricNames.SERVICE_QUERY), new StderrQueryEvents(new PrintStream(logs, true, StandardCharsets.UTF_8)));
    }

    static SeededLedger start() {
        SeededLedger ledger = new SeededLedger();
        ledger.seed();
        return ledger;
    }

    /** The same engine, table and API keys, with the payments {@code seed} records (then projected) instead of the fixture's. */
    static SeededLedger start(Consumer<SeededLedger> seed) {
        SeededLedger ledger = new SeededLedger();
        seed.accept(ledger);
        ledger.project();
        return ledger;
    }

    private void seed() {
        for (int month = 1; month <= 12; month++) {
            record(ACME_KEY, String.format("2024-%02d-05T07:00:00Z", month), "Gym", "Dollars", month <= 8 ? "500" : "550.00");
        }
        for (int month = 1; month <= 6; month++) {
            record(ACME_KEY, String.format("2024-%02d-15T21:00:00+01:00", month), "Netflix", "EUR", "12.99");
        }
        record(ACME_KEY, "2024-03-02T08:15:00Z", "Coffee", "EUR", "3.50");
        record(ACME_KEY, "2024-03-09T08:20:00Z", "coffee", "EUR", "4.2");
        record(ACME_KEY, "2024-04-21T09:00:00Z", "Coffee", "EUR", "2.80");
        record(ACME_KEY, "2024-06-03T08:15:00.123456789Z", "Coffee", "EUR", "3.50");
        record(ACME_KEY, "2024-09-17T16:45:00Z", "Coffee", "EUR", "4.20");
        record(ACME_KEY, "2024-11-30T10:00:00Z", "Coffee", "EUR", "3.10");
        for (int day = 1; day <= 10; day++) {
            for (int same = 0; same < 4; same++) {
                record(ACME_KEY, String.format("2024-10-%02dT12:00:00Z", day), "Snack", "GBP", "1.25");
            }
        }
        for (int month = 2; month <= 4; month++) {
            record(GLOBEX_KEY, String.format("2024-%02d-01T06:00:00Z", month), "Gym", "USD", "30");
        }
        record(GLOBEX_KEY, "2024-05-05T15:00:00Z", "Tea", "GBP", "2.00");
        project();
    }

    /** Records one payment through the ingest handler (its own Idempotency-Key: identical payments are distinct). */
    void record(String apiKeyId, String timestamp, String description, String currency, String amount) {
        String body = "{\"paymentTimestamp\":\"" + timestamp + "\",\"paymentDescription\":\"" + description
                + "\",\"currency\":\"" + currency + "\",\"amount\":\"" + amount + "\"}";
        ApiResponse response = ApiGatewayEvent.postPayment().apiKeyId(apiKeyId).body(body)
                .header("Idempotency-Key", "seed-" + (++keys)).sendTo(ingest);
        assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(201);
    }

    /** Reads the ledger back and saves every series' projection and monthly spending cell, as the projection function would. */
    private void project() {
        dynamo.scanPaginator(r -> r.tableName(tableName)).items().forEach(item -> {
            if (PaymentItems.isPayment(item)) {
                payments.add(PaymentItems.fromItem(item));
            }
        });
        Map<SeriesId, List<PaymentRecorded>> bySeries = new LinkedHashMap<>();
        payments.forEach(p -> bySeries.computeIfAbsent(p.seriesId(), s -> new ArrayList<>()).add(p));
        SeriesProjections projections = new SeriesProjections(table);
        bySeries.forEach((series, members) -> {
            SeriesHistory history = SeriesHistory.of(members.stream().map(SeriesPayment::of).toList());
            PaymentRecorded latest = members.stream()
                    .filter(p -> p.paymentId().equals(history.latestPaymentId().orElseThrow())).findFirst().orElseThrow();
            assertThat(projections.save(new SeriesProjections.StoredSeries(latest.clientId(), series,
                    latest.description().text(), latest.currency(), history, 1))).isTrue();
        });
        SpendingRollups rollups = new SpendingRollups(table);
        MonthlyRollup.foldLedger(payments, SpendingRollups.CELL_OF).values()
                .forEach(cell -> assertThat(rollups.save(cell, 1)).isTrue());
    }

    /** One client's payments in the API's order: newest first, ties by payment id descending. */
    List<PaymentRecorded> newestFirst(ClientId client) {
        return payments.stream().filter(p -> p.clientId().equals(client))
                .sorted(Comparator.comparing(PaymentRecorded::paymentTimestamp)
                        .thenComparing(p -> p.paymentId().value()).reversed())
                .toList();
    }

    SeriesId seriesOf(ClientId client, String description) {
        return payments.stream().filter(p -> p.clientId().equals(client) && p.description().text().equalsIgnoreCase(description))
                .map(PaymentRecorded::seriesId).findFirst().orElseThrow();
    }

    /** Sends a GET to the query handler and checks the answer against the contract. */
    ApiResponse get(ApiGatewayEvent event) {
        return Contract.check(event.resource(), event.sendTo(query));
    }

    /** Sends a GET to a query handler whose clock reads {@code now}, and checks the answer against the contract. */
    ApiResponse getAsOf(Instant now, ApiGatewayEvent event) {
        QueryHandler later = new QueryHandler(dynamo, Clock.fixed(now, ZoneOffset.UTC), tableName,
                new FunctionTelemetry(MetricNames.SERVICE_QUERY), new StderrQueryEvents(new PrintStream(logs, true, StandardCharsets.UTF_8)));
        return Contract.check(event.resource(), event.sendTo(later));
    }

    @Override
    public void close() {
        dynamo.close();
        engine.close();
    }
}
