package io.recorder.projections;

import io.recorder.dynamodb.SpendingRollups;
import io.recorder.dynamodb.SpendingRollups.StoredRollup;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.LedgerUnavailableException;
import io.recorder.ledger.recurring.MonthlyRollup;
import io.recorder.ledger.recurring.MonthlyRollup.Cell;
import java.util.List;
import java.util.Optional;

/**
 * Applies the events of one monthly spending cell from one batch (ADR 0011): one consistent read, one
 * version-conditional write, or none when every event was already applied. Lost races are reloaded and
 * reapplied, exactly like a series ({@link SeriesProjector}); the cell's ids make reapplying exact. The same
 * defence too: a load below the version this process last saved is reported and the cell is rebuilt from the
 * ledger (its client's payments of that month) before the batch is applied, never built on the stale item.
 */
final class RollupProjector {
    /** Rebuilds one cell from the ledger (ProjectionMaintenance in production). */
    @FunctionalInterface
    interface CellRebuild {
        void rebuild(Cell cell);
    }

    /** Told when a load returned a version lower than the one last saved here. */
    @FunctionalInterface
    interface Regressions {
        void cellWentBack(Cell cell, long loadedVersion, long lastSavedVersion);
    }

    private final SpendingRollups rollups;
    private final CellRebuild rebuild;
    private final Regressions regressions;
    private final SavedVersions<Cell> lastSaved = new SavedVersions<>();

    RollupProjector(SpendingRollups rollups, CellRebuild rebuild, Regressions regressions) {
        this.rollups = rollups;
        this.rebuild = rebuild;
        this.regressions = regressions;
    }

    /** Never throws for a store problem: the outcome says what happened. */
    SeriesProjector.Outcome apply(Cell cell, List<? extends LedgerEvent> events) {
        int conflicts = 0;
        int transientFailures = 0;
        boolean rebuilt = false;
        while (true) {
            try {
                Optional<Long> saved = lastSaved.get(cell); // before the load, as in SeriesProjector
                Optional<StoredRollup> stored = rollups.load(cell);
                long loaded = stored.map(StoredRollup::version).orElse(0L);
                if (!rebuilt && saved.isPresent() && loaded < saved.get()) {
                    regressions.cellWentBack(cell, loaded, saved.get());
                    try {
                        rebuild.rebuild(cell);
                    } catch (RuntimeException rebuildFailed) {
                        return new SeriesProjector.Failed(rebuildFailed, conflicts);
                    }
                    lastSaved.forget(cell);
                    rebuilt = true;
                    continue;
                }
                MonthlyRollup.Evolution evolution = MonthlyRollup.evolve(
                        stored.map(StoredRollup::rollup).orElse(MonthlyRollup.empty(cell)), events, SpendingRollups.CELL_OF);
                if (!evolution.changed()) {
                    return new SeriesProjector.Unchanged(evolution.beforeWindow(), conflicts);
                }
                long version = loaded + 1;
                if (rollups.save(evolution.rollup(), version)) {
                    lastSaved.saved(cell, version);
                    return new SeriesProjector.Applied(events.size() - evolution.beforeWindow(), evolution.beforeWindow(), version, conflicts);
                }
                if (++conflicts >= SeriesProjector.MAX_CONFLICTS) {
                    return new SeriesProjector.Failed(new IllegalStateException(conflicts + " lost races in a row on " + cell), conflicts);
                }
            } catch (LedgerUnavailableException unavailable) {
                if (++transientFailures >= SeriesProjector.MAX_TRANSIENT_ATTEMPTS || !SeriesProjector.pause(transientFailures)) {
                    return new SeriesProjector.Failed(unavailable, conflicts);
                }
            } catch (RuntimeException permanent) {
                return new SeriesProjector.Failed(permanent, conflicts);
            }
        }
    }
}
