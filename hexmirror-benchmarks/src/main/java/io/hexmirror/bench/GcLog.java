package io.hexmirror.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap figures read from a JVM's {@code -Xlog:gc} file. Each pause line reads
 * {@code GC(7) Pause Young (Normal) (G1 Evacuation Pause) 120M->31M(256M) 4.2ms}: the heap in use
 * before the pause, after it, and the heap's committed size.
 *
 * @param collector the collector the log names ({@code G1}, {@code Serial}, ...)
 * @param pauses number of pauses that report heap sizes
 * @param fullPauses how many of them were full collections (a sign of a heap too small for the work)
 * @param peakBeforeBytes the most heap in use at any pause: the peak, garbage included
 * @param peakAfterBytes the most heap still in use after a pause: an upper bound of the live data
 * @param maxCommittedBytes the largest committed heap
 */
record GcLog(String collector, int pauses, int fullPauses, long peakBeforeBytes, long peakAfterBytes, long maxCommittedBytes) {
    private static final Pattern USING = Pattern.compile("\\[gc\\s*\\] Using (\\S+)");
    private static final Pattern PAUSE = Pattern.compile(
            "GC\\(\\d+\\) Pause (\\S+).*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    static GcLog read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static GcLog parse(List<String> lines) {
        String collector = "unknown";
        int pauses = 0;
        int full = 0;
        long before = 0;
        long after = 0;
        long committed = 0;
        for (String line : lines) {
            Matcher using = USING.matcher(line);
            if (using.find()) {
                collector = using.group(1);
                continue;
            }
            Matcher pause = PAUSE.matcher(line);
            if (pause.find()) {
                pauses++;
                if (pause.group(1).equals("Full")) {
                    full++;
                }
                before = Math.max(before, bytes(pause.group(2), pause.group(3)));
                after = Math.max(after, bytes(pause.group(4), pause.group(5)));
                committed = Math.max(committed, bytes(pause.group(6), pause.group(7)));
            }
        }
        return new GcLog(collector, pauses, full, before, after, committed);
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            default -> n << 30;
        };
    }
}
