package io.recorder.projections;

import io.recorder.dynamodb.SeriesProjections;
import io.recorder.dynamodb.SeriesProjections.StoredSeries;
import io.recorder.ledger.ClientId;
import io.recorder.ledger.LedgerUnavailableException;
import io.recorder.ledger.LedgerEvent;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.SeriesProjection;
import io.recorder.ledger.recurring.SeriesState;
import java.util.List;
import java.util.Optional;

/**
 * Applies the payments of one series from one batch to its projection: one consistent read, one
 * version-conditional write, or no write at all when every payment is already in the history (a
 * redelivery). A lost race with another writer (another shard's batch, a rebuild) is reloaded and
 * reapplied; the history is a function of the set of payments applied, so reapplying is exact.
 *
 * <p>Defence in depth: the projector remembers the version it last saved per series (a bounded LRU, per
 * process). A load that returns a lower version is state that went back in time (the embedded engine once
 * did; on DynamoDB only another writer restoring old items can, docs/runbook.md): folding onto it and
 * saving would drop the payments in between, so it is reported and the series is rebuilt from the ledger
 * first, at most once per apply.
 */
final class SeriesProjector {
    /** Conflicts mean someone else made progress: worth several immediate reloads. */
    static final int MAX_CONFLICTS = 8;
    /** The SDK has already retried each call with backoff; a couple more tries, then let the stream retry. */
    static final int MAX_TRANSIENT_ATTEMPTS = 3;
    private static final long BACKOFF_MILLIS = 20;

    /** Rebuilds one series' projection from the ledger (ProjectionMaintenance in production). */
    @FunctionalInterface
    interface SeriesRebuild {
        void rebuild(ClientId client, SeriesId series);
    }

    /** Told when a load returned a version lower than the one last saved here. */
    @FunctionalInterface
    interface Regressions {
        void versionWentBack(ClientId client, SeriesId series, long loadedVersion, long lastSavedVersion);
    }

    private record Key(ClientId client, SeriesId series) {
    }

    sealed interface Outcome permits Applied, Unchanged, Failed {
        /** Lost races on the way to this outcome. */
        int conflicts();
    }

    /** {@code beforeWindow}: payments taken as applied because they were recorded before the deduplication window. */
    record Applied(int added, int beforeWindow, long version, int conflicts) implements Outcome {
    }

    record Unchanged(int beforeWindow, int conflicts) implements Outcome {
    }

    /** The stored series with a batch's payments added (empty: nothing new), and how many were before the window. */
    record Folded(Optional<StoredSeries> updated, int beforeWindow) {
    }

    record Failed(RuntimeException cause, int conflicts) implements Outcome {
    }

    private final SeriesProjections projections;
    private final SeriesRebuild rebuild;
    private final Regressions regressions;
    private final SavedVersions<Key> lastSaved = new SavedVersions<>();

    SeriesProjector(SeriesProjections projections, SeriesRebuild rebuild, Regressions regressions) {
        this.projections = projections;
        this.rebuild = rebuild;
        this.regressions = regressions;
    }

    /** Never throws for a store problem: the outcome says what happened. */
    Outcome apply(ClientId client, SeriesId series, List<? extends LedgerEvent> payments) {
        int conflicts = 0;
        int transientFailures = 0;
        Key key = new Key(client, series);
        boolean rebuilt = false;
        while (true) {
            try {
                // Read before the load: a save another thread finished after the load began is no regression (shards
                // delivered concurrently through one handler, as in ProjectionDeliveryPropertiesIT); one finished before must show.
                Optional<Long> saved = lastSaved.get(key);
                Optional<StoredSeries> stored = projections.load(client, series);
                long loaded = stored.map(StoredSeries::version).orElse(0L);
                if (!rebuilt && saved.isPresent() && loaded < saved.get()) {
                    regressions.versionWentBack(client, series, loaded, saved.get());
                    try {
                        rebuild.rebuild(client, series);
                    } catch (RuntimeException rebuildFailed) {
                        // The remembered version stays: the stream's retry detects the regression again and rebuilds then.
                        return new Failed(rebuildFailed, conflicts);
                    }
                    // The rebuild wrote on top of the stale version, possibly below the remembered one: forget it, or
                    // the reload would look like another regression. The next save here remembers afresh.
                    lastSaved.forget(key);
                    rebuilt = true; // at most one rebuild per apply
                    continue;
                }
                Folded folded = fold(client, series, stored, payments);
                Optional<StoredSeries> updated = folded.updated();
                if (updated.isEmpty()) {
                    return new Unchanged(folded.beforeWindow(), conflicts);
                }
                if (projections.save(updated.get())) {
                    lastSaved.saved(key, updated.get().version());
                    int added = changedBy(stored, updated.get());
                    return new Applied(added, folded.beforeWindow(), updated.get().version(), conflicts);
                }
                conflicts++;
                if (conflicts >= MAX_CONFLICTS) {
                    return new Failed(new IllegalStateException(conflicts + " lost races in a row on " + series), conflicts);
                }
            } catch (LedgerUnavailableException unavailable) {
                transientFailures++;
                if (transientFailures >= MAX_TRANSIENT_ATTEMPTS) {
                    return new Failed(unavailable, conflicts);
                }
                if (!pause(transientFailures)) {
                    return new Failed(unavailable, conflicts);
                }
            } catch (RuntimeException permanent) {
                // Refused requests (an item over 400 KB, missing permissions) or a corrupt projection item:
                // retrying now cannot help; the stream's retries and its on-failure destination take over.
                return new Failed(permanent, conflicts);
            }
        }
    }

    /**
     * The stored series with these payments added. A duplicate (its id among the recent ones) changes
     * nothing; so does a payment recorded before the deduplication window, which under the stream's
     * retention can only be a redelivery: it is counted, and the audit is the net if it was not (ADR 0007).
     */
    static Folded fold(ClientId client, SeriesId series, Optional<StoredSeries> stored, List<? extends LedgerEvent> payments) {
        SeriesProjection.Evolution evolution = SeriesProjection.evolve(stored.flatMap(StoredSeries::state), payments);
        if (!evolution.changed()) {
            return new Folded(Optional.empty(), evolution.beforeWindow());
        }
        SeriesState state = evolution.state().orElseThrow();
        if (!state.clientId().equals(client) || !state.seriesId().equals(series)) {
            throw new IllegalArgumentException("payments of " + state.seriesId() + " applied to " + series);
        }
        return new Folded(Optional.of(StoredSeries.of(state, stored.map(StoredSeries::version).orElse(0L) + 1)),
                evolution.beforeWindow());
    }

    /**
     * How many events the write applied: new payment ids and new reversal ids (a reversal that leaves the count
     * of standing payments lower still counts as applied).
     */
    private static int changedBy(Optional<StoredSeries> before, StoredSeries after) {
        int payments = after.history().size() + after.history().reversedEntries().size()
                - before.map(s -> s.history().size() + s.history().reversedEntries().size()).orElse(0);
        long reversals = after.history().reversals().keySet().stream()
                .filter(id -> before.map(s -> !s.history().reversals().containsKey(id)).orElse(true)).count();
        return Math.max(payments, 0) + (int) reversals;
    }

    /** Backs off before the {@code attempt}-th retry after a store outage; false when interrupted. */
    static boolean pause(int attempt) {
        try {
            Thread.sleep(BACKOFF_MILLIS << (attempt - 1));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
