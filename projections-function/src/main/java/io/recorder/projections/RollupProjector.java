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
 * reapplied, exactly like a series ({@link SeriesProjector}); the cell's ids make reapplying exact.
 */
final class RollupProjector {
    private final SpendingRollups rollups;

    RollupProjector(SpendingRollups rollups) {
        this.rollups = rollups;
    }

    /** Never throws for a store problem: the outcome says what happened. */
    SeriesProjector.Outcome apply(Cell cell, List<? extends LedgerEvent> events) {
        int conflicts = 0;
        int transientFailures = 0;
        while (true) {
            try {
                Optional<StoredRollup> stored = rollups.load(cell);
                MonthlyRollup.Evolution evolution = MonthlyRollup.evolve(
                        stored.map(StoredRollup::rollup).orElse(MonthlyRollup.empty(cell)), events, SpendingRollups.CELL_OF);
                if (!evolution.changed()) {
                    return new SeriesProjector.Unchanged(evolution.beforeWindow(), conflicts);
                }
                long version = stored.map(StoredRollup::version).orElse(0L) + 1;
                if (rollups.save(evolution.rollup(), version)) {
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
