package io.hexmirror.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Samples a running process's CPU time and peak resident set size. The figures are those of the
 * last sample before the process ended, so they miss at most the last half second. Linux's
 * {@code /proc} gives the peak RSS; elsewhere it reads 0.
 */
final class ProcessSampler {
    private final long pid;
    private long peakRssBytes;
    private Duration cpu = Duration.ZERO;

    ProcessSampler(long pid) {
        this.pid = pid;
    }

    void sample() {
        ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration()).ifPresent(d -> cpu = d);
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    // "VmHWM:    123456 kB"
                    long kib = Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim());
                    peakRssBytes = Math.max(peakRssBytes, kib * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or the process just ended: keep the last figure.
        }
    }

    long peakRssBytes() {
        return peakRssBytes;
    }

    Duration cpu() {
        return cpu;
    }

    /** The 1, 5 and 15 minute load averages, or "?" where {@code /proc/loadavg} is missing. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "?";
        }
    }
}
