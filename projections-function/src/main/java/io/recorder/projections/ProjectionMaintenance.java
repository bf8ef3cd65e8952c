package io.recorder.projections;

import io.recorder.dynamodb.DynamoDbPaymentLedger;
import io.recorder.dynamodb.LedgerReads;
import io.recorder.dynamodb.LedgerReads.PaymentQuery;
import io.recorder.dynamodb.LedgerScans;
import io.recorder.dynamodb.LedgerTable;
import io.recorder.dynamodb.SeriesProjections;
import io.recorder.dynamodb.SpendingRollups;
import io.recorder.ledger.recurring.MonthlyRollup.Cell;
import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.LedgerEntry;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.recurring.SeriesEntry;
import io.recorder.ledger.recurring.SeriesState;
import io.recorder.ledger.recurring.SeriesSummary;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesReversal;
import io.recorder.ledger.recurring.SeriesHistory;
import io.recorder.projections.LedgerFold.Expected;
import io.recorder.projections.LedgerFold.SeriesKey;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Rebuilds the projections (series and monthly spending cells) from the ledger, or audits them against it
 * (ADR 0006, 0007, 0011).
 *
 * <p>Safe while traffic flows. Each series is written with the projection's version condition, so a
 * stream update landing meanwhile makes the write fail and the series is re-read and redone. And a
 * payment the ledger read missed (recorded after the scan passed, or not yet in the index) but that
 * the stream already applied is kept: an id among the stored history's recent ones that the ledger
 * read does not have is looked up in the ledger by key (a strongly consistent read) and kept if it
 * is there. Only entries with no event behind them are dropped. Any payment recorded later arrives
 * through the stream and is applied on top.
 */
public final class ProjectionMaintenance {
    private static final int MAX_ATTEMPTS = 10;
    private static final int PROGRESS_EVERY = 1_000;
    private static final int IDS_SHOWN = 5;

    /** {@code cells}: the monthly spending cells' rebuild (ADR 0011). */
    public record RebuildReport(long events, int ledgerSeries, int written, int unchanged, int deleted, Duration elapsed,
                                CellsRebuilt cells) {
    }

    /** What the rebuild did to the monthly spending cells (ADR 0011). */
    public record CellsRebuilt(int ledgerCells, int written, int unchanged, int deleted) {
    }

    /** One audit finding: which series or monthly spending cell, what kind of difference, the details. */
    record Difference(String subject, String kind, String detail) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-8s %s %s", kind, subject, detail);
        }
    }

    record AuditReport(long events, int ledgerSeries, int storedSeries, int ledgerCells, int storedCells, List<Difference> differences,
                       Duration elapsed) {
    }

    /** What a series should be stored as; an empty history means "no projection". */
    private record Target(SeriesHistory history, String description, CurrencyCode currency) {
    }

    private final SeriesProjections projections;
    private final RollupMaintenance rollups;
    private final LedgerScans scans;
    private final DynamoDbPaymentLedger ledger;
    private final LedgerReads reads;
    private final PrintStream progress;

    public ProjectionMaintenance(DynamoDbClient dynamo, String tableName, PrintStream progress) {
        this(new LedgerTable(dynamo, tableName), progress);
    }

    ProjectionMaintenance(LedgerTable table, PrintStream progress) {
        this.projections = new SeriesProjections(table);
        this.scans = new LedgerScans(table);
        this.ledger = new DynamoDbPaymentLedger(table);
        this.reads = new LedgerReads(table);
        this.rollups = new RollupMaintenance(new SpendingRollups(table), scans, ledger);
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Rebuilds one series from its events in the ledger (every page of the bySeries index), with the same
     * version-conditional write and the same keeping of payments the index does not show yet as the full rebuild.
     * What the projections function does when a series' stored version went back (SeriesProjector).
     */
    void rebuildSeries(ClientId client, SeriesId series) {
        LedgerFold fold = new LedgerFold();
        forEachEvent(client, new PaymentQuery(Optional.empty(), Optional.empty(), Optional.of(series), LedgerReads.MAX_PAGE,
                Optional.empty(), LedgerReads.Reversals.INCLUDE), fold::add);
        SeriesKey key = new SeriesKey(client, series);
        rebuild(key, Optional.ofNullable(fold.result().get(key)));
    }

    /**
     * Rebuilds one monthly spending cell from its client's events of that month (the byTime index, every page),
     * with the full rebuild's version-conditional write. What the projections function does when a cell's stored
     * version went back (RollupProjector).
     */
    void rebuildCell(Cell cell) {
        List<LedgerEvent> events = new ArrayList<>();
        java.time.Instant from = cell.month().atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        java.time.Instant to = cell.month().plusMonths(1).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        forEachEvent(cell.clientId(), new PaymentQuery(Optional.of(from), Optional.of(to), Optional.empty(), LedgerReads.MAX_PAGE,
                Optional.empty(), LedgerReads.Reversals.INCLUDE), events::add);
        rollups.rebuild(cell, events.stream().filter(e -> Cell.of(e, SpendingRollups.CELL_OF).equals(cell)).toList());
    }

    /** Every payment and reversal the query finds, page after page. */
    private void forEachEvent(ClientId client, PaymentQuery first, Consumer<LedgerEvent> action) {
        PaymentQuery query = first;
        while (true) {
            LedgerReads.Page page = reads.payments(client, query);
            for (LedgerEntry entry : page.items()) {
                action.accept(entry.payment());
                entry.reversal().ifPresent(action);
            }
            if (page.next().isEmpty()) {
                return;
            }
            query = query.after(page.next());
        }
    }

    public RebuildReport rebuild(Optional<ClientId> client) {
        long started = System.nanoTime();
        LedgerFold fold = readLedger(client, started);
        Map<SeriesKey, Expected> expected = fold.result();
        Set<SeriesKey> keys = new TreeSet<>(SeriesKey.ORDER);
        keys.addAll(expected.keySet());
        readProjections(client, stored -> keys.add(new SeriesKey(stored.client(), stored.series())));
        int written = 0;
        int unchanged = 0;
        int deleted = 0;
        int done = 0;
        for (SeriesKey key : keys) {
            switch (rebuild(key, Optional.ofNullable(expected.get(key)))) {
                case WRITTEN -> written++;
                case UNCHANGED -> unchanged++;
                case DELETED -> deleted++;
            }
            if (++done % PROGRESS_EVERY == 0) {
                progress.printf(Locale.ROOT, "rebuild: %,d of %,d series done (%s)%n", done, keys.size(), elapsed(started));
            }
        }
        CellsRebuilt cells = rollups.rebuild(client, fold.ledger());
        return new RebuildReport(fold.events(), expected.size(), written, unchanged, deleted, Duration.ofNanos(System.nanoTime() - started),
                cells);
    }

    private enum Rebuilt { WRITTEN, UNCHANGED, DELETED }

    private Rebuilt rebuild(SeriesKey key, Optional<Expected> expected) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<StoredSeries> stored = projections.load(key.client(), key.series());
            Target target = target(key, expected, stored);
            if (target.history().isBlank()) {
                if (stored.isEmpty()) {
                    return Rebuilt.UNCHANGED;
                }
                if (scans.deleteProjection(stored.get())) {
                    return Rebuilt.DELETED;
                }
                continue;
            }
            if (stored.isPresent() && describe(target, stored).isEmpty()) {
                return Rebuilt.UNCHANGED;
            }
            long version = stored.map(StoredSeries::version).orElse(0L) + 1;
            if (projections.save(new StoredSeries(key.client(), key.series(), target.description(), target.currency(),
                    target.history(), version))) {
                return Rebuilt.WRITTEN;
            }
        }
        throw new IllegalStateException("gave up on " + key + " after " + MAX_ATTEMPTS + " lost races: is something else rewriting it?");
    }

    /**
     * Compares every series with the ledger. Series that differ are looked at once more after
     * {@code settle} (when positive), with the ledger re-checked key by key, so payments in flight
     * (recorded but not yet projected, or projected after the ledger was read) are not reported.
     */
    AuditReport audit(Optional<ClientId> client, Duration settle) {
        long started = System.nanoTime();
        LedgerFold fold = readLedger(client, started);
        Map<SeriesKey, Expected> expected = fold.result();
        Map<SeriesKey, StoredSeries> stored = new TreeMap<>(SeriesKey.ORDER);
        readProjections(client, s -> stored.put(new SeriesKey(s.client(), s.series()), s));
        Set<SeriesKey> keys = new TreeSet<>(SeriesKey.ORDER);
        keys.addAll(expected.keySet());
        keys.addAll(stored.keySet());
        Map<Cell, List<LedgerEvent>> expectedCells = RollupMaintenance.byCell(fold.ledger());
        RollupMaintenance.Suspects cells = rollups.suspects(client, expectedCells);
        List<Cell> suspectCells = cells.cells();
        List<SeriesKey> suspects = new ArrayList<>();
        for (SeriesKey key : keys) {
            Optional<Expected> e = Optional.ofNullable(expected.get(key));
            Target target = e.map(x -> new Target(x.history(), x.description(), x.currency()))
                    .orElse(new Target(SeriesHistory.empty(), null, null));
            if (describe(target, Optional.ofNullable(stored.get(key))).isPresent()) {
                suspects.add(key);
            }
        }
        if ((!suspects.isEmpty() || !suspectCells.isEmpty()) && !settle.isZero() && !settle.isNegative()) {
            progress.printf(Locale.ROOT, "audit: %d series and %d monthly spending cells differ; checking them again in %s%n",
                    suspects.size(), suspectCells.size(), settle);
            pause(settle);
        }
        List<Difference> differences = new ArrayList<>();
        for (SeriesKey key : suspects) {
            Optional<StoredSeries> now = projections.load(key.client(), key.series());
            Target target = target(key, Optional.ofNullable(expected.get(key)), now);
            describe(target, now).ifPresent(d -> differences.add(new Difference(key.toString(), d.kind(), d.detail())));
        }
        for (Cell cell : suspectCells) {
            rollups.difference(cell, expectedCells.getOrDefault(cell, List.of())).ifPresent(differences::add);
        }
        return new AuditReport(fold.events(), expected.size(), stored.size(), expectedCells.size(), cells.stored(), differences,
                Duration.ofNanos(System.nanoTime() - started));
    }

    // ------------------------------------------------------------------------------------------

    private LedgerFold readLedger(Optional<ClientId> client, long started) {
        LedgerFold fold = new LedgerFold();
        Consumer<LedgerEvent> counting = event -> {
            fold.add(event);
            if (fold.events() % PROGRESS_EVERY == 0) {
                progress.printf(Locale.ROOT, "ledger: %,d events read (%s)%n", fold.events(), elapsed(started));
            }
        };
        if (client.isPresent()) {
            scans.forEachEvent(client.get(), counting);
        } else {
            scans.forEachEvent(counting);
        }
        progress.printf(Locale.ROOT, "ledger: %,d events read, done (%s)%n", fold.events(), elapsed(started));
        return fold;
    }

    private void readProjections(Optional<ClientId> client, Consumer<StoredSeries> action) {
        if (client.isPresent()) {
            projections.listForClient(client.get()).forEach(action);
        } else {
            scans.forEachProjection(action);
        }
    }

    /**
     * The ledger's view of the series, plus every payment whose id is among the stored recent ones,
     * that the ledger read missed but the ledger holds (checked by key, strongly consistent): those
     * were recorded after the read passed them, and the stream applied them already. The stored
     * history keeps ids only for the deduplication window, and only there can a payment be that new.
     */
    private Target target(SeriesKey key, Optional<Expected> expected, Optional<StoredSeries> stored) {
        List<SeriesPayment> payments = new ArrayList<>(expected.map(Expected::payments).orElse(List.of()));
        List<SeriesReversal> reversals = new ArrayList<>(expected.map(Expected::reversals).orElse(List.of()));
        CurrencyCode currency = expected.map(Expected::currency).orElse(null);
        Map<PaymentId, String> descriptions = new HashMap<>();
        expected.ifPresent(e -> e.history().latestPaymentId().ifPresent(id -> descriptions.put(id, e.description())));
        String fallbackDescription = expected.map(Expected::description).orElse(null);
        if (stored.isPresent()) {
            Set<PaymentId> read = payments.stream().map(SeriesPayment::paymentId).collect(Collectors.toSet());
            for (PaymentId id : stored.get().history().recent().keySet()) {
                if (!read.contains(id)) {
                    Optional<PaymentRecorded> inLedger = ledger.find(key.client(), id)
                            .filter(p -> p.seriesId().equals(key.series()));
                    if (inLedger.isPresent()) {
                        payments.add(SeriesPayment.of(inLedger.get()));
                        descriptions.put(id, inLedger.get().description().text());
                        currency = inLedger.get().currency();
                    }
                }
            }
            // Reversals too: one the read missed but the stream applied is among the stored recent reversal ids.
            Set<PaymentId> readReversals = reversals.stream().map(SeriesReversal::paymentId).collect(Collectors.toSet());
            for (PaymentId id : stored.get().history().reversals().keySet()) {
                if (!readReversals.contains(id)) {
                    Optional<PaymentReversed> inLedger = ledger.findReversal(key.client(), id)
                            .filter(r -> r.seriesId().equals(key.series()));
                    if (inLedger.isPresent()) {
                        reversals.add(SeriesReversal.of(inLedger.get()));
                        currency = inLedger.get().amount().currency();
                        fallbackDescription = fallbackDescription != null ? fallbackDescription : inLedger.get().description().text();
                    }
                }
            }
        }
        SeriesHistory history = SeriesHistory.of(payments, reversals);
        String description = history.latestPaymentId().map(descriptions::get).orElse(fallbackDescription);
        return new Target(history, description, currency);
    }

    /** How the stored series differs from the target, or empty when it does not. */
    private static Optional<Difference> describe(Target target, Optional<StoredSeries> stored) {
        if (target.history().isBlank()) {
            return stored.map(s -> new Difference(null, "EXTRA", "stored: " + s.history().size()
                    + " payments, but no payment of this series is in the ledger"));
        }
        if (stored.isEmpty()) {
            return Optional.of(new Difference(null, "MISSING", "ledger: " + target.history().size() + " payments, total "
                    + total(target.history()).toPlainString() + " " + target.currency() + "; no projection stored"));
        }
        StoredSeries s = stored.get();
        List<String> details = new ArrayList<>();
        if (!target.currency().equals(s.currency())) {
            details.add("currency " + target.currency() + " → stored " + s.currency());
        }
        if (!target.description().equals(s.description())) {
            details.add("description " + quoted(target.description()) + " → stored " + quoted(s.description()));
        }
        SeriesHistory want = target.history();
        SeriesHistory have = s.history();
        if (!want.equals(have)) {
            if (want.size() != have.size()) {
                details.add("count " + want.size() + " → stored " + have.size());
            }
            BigDecimal expectedTotal = total(want);
            BigDecimal storedTotal = total(have);
            if (expectedTotal.compareTo(storedTotal) != 0) {
                details.add("total " + expectedTotal.toPlainString() + " → stored " + storedTotal.toPlainString());
            }
            shown("missing payments", missingFrom(have.entries(), want.entries()), details);
            shown("unexpected payments", missingFrom(want.entries(), have.entries()), details);
            shown("missing recent ids", want.recent().keySet().stream().filter(id -> !have.recent().containsKey(id)).toList(), details);
            shown("unexpected recent ids", have.recent().keySet().stream().filter(id -> !want.recent().containsKey(id)).toList(), details);
            if (!want.latestPaymentId().equals(have.latestPaymentId())) {
                details.add("latest payment " + want.latestPaymentId().map(PaymentId::value).orElse("none")
                        + " → stored " + have.latestPaymentId().map(PaymentId::value).orElse("none"));
            }
            if (details.isEmpty()) {
                details.add("recording times of recent ids differ");
            }
        }
        // The stored summary (and the byDue index entry written with it) must be the summary of the target (ADR 0008).
        if (details.isEmpty() && target.history().isEmpty() && s.storedSummary().isPresent()) {
            details.add("a stored summary, but every payment of the series is reversed");
        }
        if (details.isEmpty() && !target.history().isEmpty()) {
            SeriesSummary expected = new SeriesState(s.client(), s.series(), target.description(), target.currency(),
                    target.history()).summary().summary();
            if (s.storedSummary().isEmpty()) {
                details.add("no stored summary (an item written before summaries were stored; rebuild stores it)");
            } else if (!s.storedSummary().get().equals(expected)) {
                details.add("stored summary differs: " + summaryDifference(expected, s.storedSummary().get()));
            }
        }
        return details.isEmpty() ? Optional.empty() : Optional.of(new Difference(null, "DIFFERS", String.join("; ", details)));
    }

    /** The first summary fields that differ, as "field expected → stored". */
    private static String summaryDifference(SeriesSummary want, SeriesSummary have) {
        List<String> out = new ArrayList<>();
        compare("count", want.count(), have.count(), out);
        compare("total", want.total(), have.total(), out);
        compare("average", want.averageAmount(), have.averageAmount(), out);
        compare("last amount", want.lastAmount(), have.lastAmount(), out);
        compare("first payment", want.firstPaymentAt(), have.firstPaymentAt(), out);
        compare("last payment", want.lastPaymentAt(), have.lastPaymentAt(), out);
        compare("cadence", want.cadence(), have.cadence(), out);
        compare("confidence", want.confidence(), have.confidence(), out);
        compare("next expected", want.nextExpectedDate(), have.nextExpectedDate(), out);
        compare("late after", want.lateAfter(), have.lateAfter(), out);
        compare("stopped after", want.stoppedAfter(), have.stoppedAfter(), out);
        compare("description", quoted(want.description()), quoted(have.description()), out);
        return out.isEmpty() ? "in currency" : String.join(", ", out);
    }

    private static void compare(String field, Object want, Object have, List<String> out) {
        if (!want.equals(have)) {
            out.add(field + " " + want + " → stored " + have);
        }
    }

    /** The entries of {@code of} that {@code in} lacks, counting equal entries (a multiset difference); both sorted. */
    private static List<String> missingFrom(List<SeriesEntry> in, List<SeriesEntry> of) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (SeriesEntry entry : of) {
            while (i < in.size() && SeriesEntry.PAYMENT_ORDER.compare(in.get(i), entry) < 0) {
                i++;
            }
            if (i < in.size() && in.get(i).equals(entry)) {
                i++;
            } else {
                out.add(entry.paymentTimestamp() + " " + entry.amount());
            }
        }
        return out;
    }

    private static void shown(String label, List<?> items, List<String> details) {
        if (items.isEmpty()) {
            return;
        }
        String shown = items.stream().limit(IDS_SHOWN).map(Object::toString).collect(Collectors.joining(", "));
        details.add(label + " " + shown + (items.size() > IDS_SHOWN ? " and " + (items.size() - IDS_SHOWN) + " more" : ""));
    }

    private static BigDecimal total(SeriesHistory history) {
        return history.entries().stream().map(e -> e.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Descriptions are client text: quoted with control characters escaped, so output lines stay lines. */
    private static String quoted(String text) {
        return "\"" + io.recorder.telemetry.lambda.JsonLines.escaped(text) + "\"";
    }

    private static String elapsed(long startedNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
