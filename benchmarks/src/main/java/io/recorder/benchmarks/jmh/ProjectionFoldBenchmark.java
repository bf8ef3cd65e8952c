package io.recorder.benchmarks.jmh;

import io.recorder.ledger.ClientId;
import io.recorder.ledger.CurrencyCode;
import io.recorder.ledger.Description;
import io.recorder.ledger.Money;
import io.recorder.ledger.PaymentId;
import io.recorder.ledger.PaymentRecorded;
import io.recorder.ledger.SeriesId;
import io.recorder.ledger.recurring.RecurringSeries;
import io.recorder.ledger.recurring.RecurringSeriesFold;
import io.recorder.ledger.recurring.SeriesPayment;
import io.recorder.ledger.recurring.SeriesHistory;
import io.recorder.ledger.recurring.SeriesProjection;
import io.recorder.ledger.recurring.SeriesState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The projection's work per payment event: add it to the series history (the deduplicating, ordered
 * {@link SeriesHistory#with}) and summarize the series ({@link RecurringSeriesFold#summarize}: totals,
 * monthly spending, amount changes, cadence, status). {@code history} is how many monthly payments the
 * series already holds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ProjectionFoldBenchmark {
    static final ClientId CLIENT = new ClientId("perf");
    static final CurrencyCode USD = CurrencyCode.of("USD");
    static final Description GYM = new Description("Gym");
    static final SeriesId SERIES = SeriesId.of(CLIENT, GYM, USD);

    @Param({"12", "120"})
    public int history;

    private Optional<SeriesState> existing;
    private PaymentRecorded next;
    private Instant asOf;

    @Setup
    public void setUp() {
        LocalDate start = LocalDate.of(2015, 1, 3);
        SeriesHistory h = SeriesHistory.empty();
        for (int i = 0; i < history; i++) {
            h = h.with(SeriesPayment.of(payment(i + 1, start.plusMonths(i), i < history / 2 ? "49.99" : "54.99")));
        }
        existing = Optional.of(new SeriesState(CLIENT, SERIES, GYM.text(), USD, h));
        next = payment(history + 1, start.plusMonths(history), "54.99");
        asOf = next.recordedAt().plusSeconds(5);
    }

    @Benchmark
    public RecurringSeries foldOneEvent() {
        SeriesState grown = SeriesProjection.evolve(existing, List.of(next)).state().orElseThrow();
        return RecurringSeriesFold.summarize(grown, asOf);
    }

    static PaymentRecorded payment(long n, LocalDate date, String amount) {
        Instant at = date.atTime(12, 0).toInstant(ZoneOffset.UTC);
        return new PaymentRecorded(paymentId(n), CLIENT, SERIES, at, GYM, Money.of(amount, "USD"), at.plusSeconds(60), "fp-" + n);
    }

    static PaymentId paymentId(long n) {
        String digits = Long.toString(n, 32).replace('i', 'x').replace('l', 'y').replace('o', 'z').replace('u', 'w');
        return new PaymentId("pay_" + "0".repeat(26 - digits.length()) + digits);
    }
}
