package io.hexmirror.bench;

import java.util.Arrays;

/** Figures over the rounds of a benchmark. */
final class Stats {
    private Stats() {
    }

    /** The median of {@code values}, the mean of the middle two for an even count; NaN for none. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
