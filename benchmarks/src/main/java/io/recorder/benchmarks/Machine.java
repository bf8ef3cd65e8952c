package io.recorder.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The line every result table carries: when, on what, and how busy the machine was. */
public final class Machine {
    private Machine() {
    }

    public static String describe() {
        return String.format("date %s · nproc %d · memory %s · load average %s · java %s",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).substring(0, 16) + "Z",
                Runtime.getRuntime().availableProcessors(), memory(), loadAverage(), System.getProperty("java.version"));
    }

    /** The 1-, 5- and 15-minute load averages from /proc/loadavg ("n/a" elsewhere). */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "n/a";
    }
}
