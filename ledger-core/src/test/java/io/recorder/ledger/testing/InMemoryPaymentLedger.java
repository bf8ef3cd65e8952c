package io.recorder.ledger.testing;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.LedgerUnavailableException;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.ReversalLedger;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.PaymentReversed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread-safe in-memory {@link ReversalLedger} with the same append semantics as the DynamoDB
 * adapter: the append is conditional on (client, payment id), the first writer wins, and a later
 * append with the same id stores nothing and answers {@link AlreadyRecorded} with the event as stored.
 *
 * <p>Faults can be injected for the next appends, in the two positions that matter for exactly-once:
 * before the write ({@link #failNextAppends}) and after the write landed but before the caller heard
 * of it ({@link #loseNextAppendResponses}).
 */
public final class InMemoryPaymentLedger implements ReversalLedger {

    private record Key(ClientId client, PaymentId id) {
    }

    private final ConcurrentHashMap<Key, PaymentRecorded> events = new ConcurrentHashMap<>();
    /** Keyed by the payment reversed: at most one reversal each, as the table's item key makes it. */
    private final ConcurrentHashMap<Key, PaymentReversed> reversals = new ConcurrentHashMap<>();
    /** Append order of the events actually stored, for assertions on "nothing new was written". */
    private final ConcurrentLinkedQueue<PaymentRecorded> log = new ConcurrentLinkedQueue<>();
    private final AtomicInteger appendCalls = new AtomicInteger();
    private final AtomicInteger failBeforeWrite = new AtomicInteger();
    private final AtomicInteger failAfterWrite = new AtomicInteger();

    @Override
    public AppendResult append(PaymentRecorded event) {
        appendCalls.incrementAndGet();
        if (takeOne(failBeforeWrite)) {
            throw new LedgerUnavailableException("injected fault before the write", null);
        }
        Key key = new Key(event.clientId(), event.paymentId());
        PaymentRecorded existing = events.putIfAbsent(key, event);
        if (existing != null) {
            return new AlreadyRecorded(existing);
        }
        log.add(event);
        if (takeOne(failAfterWrite)) {
            throw new LedgerUnavailableException("injected fault after the write landed", null);
        }
        return new Appended();
    }

    @Override
    public Optional<PaymentRecorded> find(ClientId client, PaymentId id) {
        return Optional.ofNullable(events.get(new Key(client, id)));
    }

    @Override
    public ReversalAppendResult append(PaymentReversed event) {
        appendCalls.incrementAndGet();
        if (takeOne(failBeforeWrite)) {
            throw new LedgerUnavailableException("injected fault before the write", null);
        }
        PaymentReversed existing = reversals.putIfAbsent(new Key(event.clientId(), event.paymentId()), event);
        if (existing != null) {
            return new AlreadyReversed(existing);
        }
        if (takeOne(failAfterWrite)) {
            throw new LedgerUnavailableException("injected fault after the write landed", null);
        }
        return new ReversalAppended();
    }

    @Override
    public Optional<PaymentReversed> findReversal(ClientId client, PaymentId payment) {
        return Optional.ofNullable(reversals.get(new Key(client, payment)));
    }

    /** Every stored reversal, in no particular order. */
    public List<PaymentReversed> reversals() {
        return new ArrayList<>(reversals.values());
    }

    /** Every stored event, in the order it was appended. */
    public List<PaymentRecorded> events() {
        return new ArrayList<>(log);
    }

    /** The stored events of one client, in append order. */
    public List<PaymentRecorded> eventsOf(ClientId client) {
        return log.stream().filter(e -> e.clientId().equals(client)).toList();
    }

    public int size() {
        return events.size();
    }

    /** How many times append was called, successful or not. */
    public int appendCalls() {
        return appendCalls.get();
    }

    /** The next {@code count} appends throw {@link LedgerUnavailableException} and write nothing. */
    public InMemoryPaymentLedger failNextAppends(int count) {
        failBeforeWrite.set(count);
        return this;
    }

    /** The next {@code count} appends that do store their event then throw, as a timed-out write would. */
    public InMemoryPaymentLedger loseNextAppendResponses(int count) {
        failAfterWrite.set(count);
        return this;
    }

    private static boolean takeOne(AtomicInteger remaining) {
        return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
