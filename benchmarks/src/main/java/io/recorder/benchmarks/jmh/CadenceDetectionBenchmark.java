package io.recorder.benchmarks.jmh;

import io.recorder.ledger.recurring.CadenceDetector;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
 * Cadence detection on ten years of payments: {@code daily} is the worst realistic case (3,653 dates,
 * every candidate cadence fitted), {@code monthly} the common one (120 dates).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class CadenceDetectionBenchmark {
    @Param({"daily", "monthly"})
    public String series;

    private List<LocalDate> dates;

    @Setup
    public void setUp() {
        LocalDate start = LocalDate.of(2015, 1, 1);
        LocalDate end = start.plusYears(10);
        dates = new ArrayList<>();
        for (LocalDate d = start; d.isBefore(end); d = series.equals("daily") ? d.plusDays(1) : d.plusMonths(1)) {
            dates.add(d);
        }
    }

    @Benchmark
    public CadenceDetector.Detection detect() {
        return CadenceDetector.detect(dates);
    }
}
