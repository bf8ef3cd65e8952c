package io.recorder.projections;

import io.recorder.dynamodb.DynamoDbPaymentLedger;
import io.recorder.dynamodb.LedgerScans;
import io.recorder.dynamodb.SpendingRollups;
import io.recorder.dynamodb.SpendingRollups.StoredRollup;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import io.recorder.ledger.recurring.MonthlyRollup;
import io.recorder.ledger.recurring.MonthlyRollup.Cell;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Rebuild and audit of the monthly spending cells (ADR 0011), with the series' rules (ProjectionMaintenance):
 * safe while traffic flows (version-conditional writes; an event among a cell's stored recent ids that the
 * ledger read missed is looked up by key and kept if the ledger has it), cells with no event behind them deleted.
 */
final class RollupMaintenance {
    private static final int MAX_ATTEMPTS = 10;
    static final Comparator<Cell> ORDER = Comparator.comparing((Cell c) -> c.clientId().value())
            .thenComparing(Cell::month).thenComparing(c -> c.currency().code()).thenComparingInt(Cell::index);

    private final SpendingRollups rollups;
    private final LedgerScans scans;
    private final DynamoDbPaymentLedger ledger;

    RollupMaintenance(SpendingRollups rollups, LedgerScans scans, DynamoDbPaymentLedger ledger) {
        this.rollups = rollups;
        this.scans = scans;
        this.ledger = ledger;
    }

    ProjectionMaintenance.CellsRebuilt rebuild(Optional<ClientId> client, List<LedgerEvent> events) {
        Map<Cell, List<LedgerEvent>> expected = byCell(events);
        Set<Cell> cells = new java.util.TreeSet<>(ORDER);
        cells.addAll(expected.keySet());
        readStored(client, stored -> cells.add(stored.rollup().cell()));
        int written = 0;
        int unchanged = 0;
        int deleted = 0;
        for (Cell cell : cells) {
            switch (rebuild(cell, expected.getOrDefault(cell, List.of()))) {
                case WRITTEN -> written++;
                case UNCHANGED -> unchanged++;
                case DELETED -> deleted++;
            }
        }
        return new ProjectionMaintenance.CellsRebuilt(expected.size(), written, unchanged, deleted);
    }

    enum Outcome { WRITTEN, UNCHANGED, DELETED }

    /** Rebuilds one cell from the ledger events read for it (any order, duplicates allowed). */
    Outcome rebuild(Cell cell, List<LedgerEvent> read) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<StoredRollup> stored = rollups.load(cell);
            MonthlyRollup target = target(cell, read, stored);
            if (target.recent().isEmpty() && target.payments() == 0) {
                if (stored.isEmpty()) {
                    return Outcome.UNCHANGED;
                }
                if (rollups.delete(cell, stored.get().version())) {
                    return Outcome.DELETED;
                }
                continue;
            }
            if (stored.isPresent() && stored.get().rollup().equals(target)) {
                return Outcome.UNCHANGED;
            }
            if (rollups.save(target, stored.map(StoredRollup::version).orElse(0L) + 1)) {
                return Outcome.WRITTEN;
            }
        }
        throw new IllegalStateException("gave up on " + cell + " after " + MAX_ATTEMPTS + " lost races: is something else rewriting it?");
    }

    /** The cells that differ from the ledger; the caller looks at them once more after its settle time. */
    /** The cells that differ from the ledger, and how many are stored. */
    record Suspects(List<Cell> cells, int stored) {
    }

    Suspects suspects(Optional<ClientId> client, Map<Cell, List<LedgerEvent>> expected) {
        Map<Cell, StoredRollup> stored = new TreeMap<>(ORDER);
        readStored(client, s -> stored.put(s.rollup().cell(), s));
        Set<Cell> cells = new java.util.TreeSet<>(ORDER);
        cells.addAll(expected.keySet());
        cells.addAll(stored.keySet());
        List<Cell> out = new ArrayList<>();
        for (Cell cell : cells) {
            if (difference(cell, expected.getOrDefault(cell, List.of()), Optional.ofNullable(stored.get(cell))).isPresent()) {
                out.add(cell);
            }
        }
        return new Suspects(out, stored.size());
    }

    /** How the stored cell differs from the ledger's, re-read now; empty when it does not. */
    Optional<ProjectionMaintenance.Difference> difference(Cell cell, List<LedgerEvent> read) {
        return difference(cell, read, rollups.load(cell));
    }

    static Map<Cell, List<LedgerEvent>> byCell(List<LedgerEvent> events) {
        Map<Cell, List<LedgerEvent>> out = new TreeMap<>(ORDER);
        events.forEach(e -> out.computeIfAbsent(Cell.of(e, SpendingRollups.CELL_OF), c -> new ArrayList<>()).add(e));
        return out;
    }

    private Optional<ProjectionMaintenance.Difference> difference(Cell cell, List<LedgerEvent> read, Optional<StoredRollup> stored) {
        MonthlyRollup want = target(cell, read, stored);
        boolean nothing = want.recent().isEmpty() && want.payments() == 0;
        if (stored.isEmpty()) {
            return nothing ? Optional.empty() : Optional.of(new ProjectionMaintenance.Difference(describe(cell), "MISSING",
                    "ledger: " + want.payments() + " payments, total " + want.total()
                            + "; no cell stored (payments recorded before rollups existed: rebuild stores it)"));
        }
        MonthlyRollup have = stored.get().rollup();
        if (nothing) {
            return Optional.of(new ProjectionMaintenance.Difference(describe(cell), "EXTRA", "stored: " + have.payments()
                    + " payments, total " + have.total() + ", but no payment of this cell is in the ledger"));
        }
        List<String> details = new ArrayList<>();
        if (want.payments() != have.payments()) {
            details.add("count " + want.payments() + " → stored " + have.payments());
        }
        if (want.total().compareTo(have.total()) != 0) {
            details.add("total " + want.total().toPlainString() + " → stored " + have.total().toPlainString());
        }
        if (details.isEmpty() && !want.recent().equals(have.recent())) {
            details.add("recent ids differ");
        }
        return details.isEmpty() ? Optional.empty()
                : Optional.of(new ProjectionMaintenance.Difference(describe(cell), "DIFFERS", String.join("; ", details)));
    }

    /**
     * The ledger's view of the cell, plus every event among the stored recent ids that the ledger read missed
     * but the ledger holds (strongly consistent reads by key): recorded after the read passed, applied by the stream.
     */
    private MonthlyRollup target(Cell cell, List<LedgerEvent> read, Optional<StoredRollup> stored) {
        List<LedgerEvent> events = new ArrayList<>(read);
        if (stored.isPresent()) {
            Set<PaymentId> payments = new HashSet<>();
            Set<PaymentId> reversals = new HashSet<>();
            read.forEach(e -> {
                if (e instanceof PaymentRecorded p) {
                    payments.add(p.paymentId());
                } else if (e instanceof PaymentReversed r) {
                    reversals.add(r.paymentId());
                }
            });
            for (PaymentId id : stored.get().rollup().recent().payments().keySet()) {
                if (!payments.contains(id)) {
                    ledger.find(cell.clientId(), id).filter(p -> Cell.of(p, SpendingRollups.CELL_OF).equals(cell)).ifPresent(events::add);
                }
            }
            for (PaymentId id : stored.get().rollup().recent().reversals().keySet()) {
                if (!reversals.contains(id)) {
                    ledger.findReversal(cell.clientId(), id).filter(r -> Cell.of(r, SpendingRollups.CELL_OF).equals(cell)).ifPresent(events::add);
                }
            }
        }
        return MonthlyRollup.evolve(MonthlyRollup.empty(cell), events, SpendingRollups.CELL_OF).rollup();
    }

    private void readStored(Optional<ClientId> client, Consumer<StoredRollup> action) {
        if (client.isPresent()) {
            rollups.forClient(client.get(), action);
        } else {
            scans.forEachRollup(action);
        }
    }

    static String describe(Cell cell) {
        return "client=" + cell.clientId().value() + " month=" + cell.month() + " currency=" + cell.currency().code()
                + " cell=" + cell.index();
    }
}
