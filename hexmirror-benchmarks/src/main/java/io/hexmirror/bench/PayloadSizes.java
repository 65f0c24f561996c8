package io.hexmirror.bench;

import java.util.Random;

/**
 * Sizes of the incompressible payloads that make generated tarballs as large as hex.pm's: log-normal around a
 * mean, so that most tarballs are small and a few are megabytes, as on hex.pm, whose mean (about 60 KB) is
 * some twice its median. A pure function of the mean and the seed.
 */
final class PayloadSizes {
    /** Spread of the distribution (sigma of the log-normal). */
    private static final double SPREAD = 1.2;
    /** hex.pm refuses tarballs over 16 MiB; payloads stay well under that. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    /**
     * The mean payload in bytes for a {@code --payload-kb} value (KB of 1000 bytes).
     *
     * @throws IllegalArgumentException when it is negative or its mean exceeds {@link #MAX_BYTES}
     */
    static int meanBytesOfKb(int kb) {
        if (kb < 0 || kb > MAX_BYTES / 1000) {
            throw new IllegalArgumentException("--payload-kb: need 0 to " + MAX_BYTES / 1000);
        }
        return kb * 1000;
    }

    private final int meanBytes;
    private final double mu;
    private final Random random;

    /**
     * @param meanBytes the mean payload, 0 for none (then {@link #next()} is always 0 and draws nothing)
     * @throws IllegalArgumentException when the mean is negative
     */
    PayloadSizes(int meanBytes, long seed) {
        if (meanBytes < 0) {
            throw new IllegalArgumentException("negative mean payload size " + meanBytes);
        }
        this.meanBytes = meanBytes;
        // The log-normal's mean is exp(mu + sigma^2 / 2): choose mu so that it is meanBytes.
        this.mu = Math.log(Math.max(1, meanBytes)) - SPREAD * SPREAD / 2;
        this.random = new Random(seed);
    }

    /** The next payload's size in bytes. */
    int next() {
        if (meanBytes == 0) {
            return 0;
        }
        return (int) Math.min(MAX_BYTES, Math.exp(mu + SPREAD * random.nextGaussian()));
    }
}
