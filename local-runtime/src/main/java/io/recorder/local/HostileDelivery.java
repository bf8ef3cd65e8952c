package io.recorder.local;

import io.recorder.local.LocalStream.Delivery;
import io.recorder.local.LocalStream.Fault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The local stream's faults, injected on purpose: duplicated records and replayed batches, shuffled
 * batches and halves delivered out of order, failed invocations (before or after the handler ran) and,
 * through {@link StoreFaults}, failed store calls under the projection. With no faults on, every answer
 * is the plain one and deliveries are as the deployed event source mapping makes them.
 */
final class HostileDelivery {
    /** An invocation that fails as Lambda's can: before the handler ran, or after it did its work (a timeout). */
    enum Crash { NONE, BEFORE_HANDLER, AFTER_HANDLER }

    private final Set<Fault> faults;
    private final Random random;

    HostileDelivery(Set<Fault> faults, long seed) {
        this.faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
        this.random = new Random(seed);
    }

    /** Whether the projection's store calls are made to fail (then its client must not retry them away). */
    boolean failsStoreCalls() {
        return faults.contains(Fault.FAILURES);
    }

    /** The interceptor for the projection's client. */
    StoreFaults storeFaults() {
        return new StoreFaults(failsStoreCalls(), random.nextLong());
    }

    /** Whether this batch goes in two halves, the second first. */
    boolean splitsBatch(List<Delivery> batch) {
        return faults.contains(Fault.REORDER) && batch.size() > 1 && random.nextInt(100) < 30;
    }

    /** Whether a batch just delivered is delivered again (a retried poll). */
    boolean replaysBatch() {
        return faults.contains(Fault.DUPLICATES) && random.nextInt(100) < 20;
    }

    /** How the next invocation fails, if it does. */
    Crash crash() {
        if (!(faults.contains(Fault.FAILURES) && random.nextInt(100) < 10)) {
            return Crash.NONE;
        }
        return random.nextBoolean() ? Crash.BEFORE_HANDLER : Crash.AFTER_HANDLER;
    }

    /** The batch as this delivery sends it: records duplicated, order shuffled. */
    List<Delivery> reshape(List<Delivery> pending) {
        if (!faults.contains(Fault.DUPLICATES) && !faults.contains(Fault.REORDER)) {
            return pending;
        }
        List<Delivery> out = new ArrayList<>(pending);
        if (faults.contains(Fault.DUPLICATES)) {
            for (Delivery record : pending) {
                if (random.nextInt(100) < 20) {
                    out.add(random.nextInt(out.size() + 1), record);
                }
            }
        }
        if (faults.contains(Fault.REORDER)) {
            Collections.shuffle(out, random);
        }
        return out;
    }
}
