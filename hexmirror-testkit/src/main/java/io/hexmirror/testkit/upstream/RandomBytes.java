package io.hexmirror.testkit.upstream;

import java.util.SplittableRandom;

/**
 * Incompressible, deterministic bytes for tarball payloads, at the cost of a copy: slices of one block of
 * pseudo-random bytes made once. Generating them per tarball ran at under 1 GB/s, which at hex.pm's size (9 GB of
 * tarballs, each built again on every request) costs the benchmark's upstream many seconds of CPU per pass.
 *
 * <p>A slice no longer than the block has no repeat inside it; a longer one repeats the block, further apart (16 MiB)
 * than gzip (32 KB) or a tarball (hex.pm's limit is 16 MiB) reaches. Tarballs share stretches of the block, which
 * nothing compares across files.
 */
final class RandomBytes {
    static final int BLOCK_BYTES = 16 * 1024 * 1024;

    private RandomBytes() {
    }

    /** The block, made on first use only: tests without payloads never pay for it. */
    private static final class Block {
        static final byte[] BYTES = make();

        private static byte[] make() {
            byte[] bytes = new byte[BLOCK_BYTES];
            new SplittableRandom(0x6865786d6972726fL).nextBytes(bytes);
            return bytes;
        }
    }

    /** {@code size} bytes of the block, starting at a place chosen by {@code seed} and wrapping round its end. */
    static byte[] slice(long seed, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        byte[] block = Block.BYTES;
        byte[] out = new byte[size];
        int from = (int) Math.floorMod(new SplittableRandom(seed).nextLong(), (long) BLOCK_BYTES);
        for (int filled = 0; filled < size; ) {
            int n = Math.min(size - filled, BLOCK_BYTES - from);
            System.arraycopy(block, from, out, filled, n);
            filled += n;
            from = 0;
        }
        return out;
    }
}
