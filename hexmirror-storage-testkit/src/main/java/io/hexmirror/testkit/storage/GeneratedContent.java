package io.hexmirror.testkit.storage;

import java.io.InputStream;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A stream of pseudo-random bytes made as they are read, so a test can write a large object without
 * holding it in memory. The same size and seed give the same bytes, however the stream is read.
 */
public final class GeneratedContent extends InputStream {
    /** Bytes are drawn a block at a time so that the sequence does not depend on the callers' read sizes. */
    private static final int BLOCK = 8192;

    private final SplittableRandom random;
    private final long size;
    private final byte[] block = new byte[BLOCK];
    private int blockPosition = BLOCK;
    private long position;

    /**
     * @param size how many bytes the stream gives before its end
     * @param seed which bytes
     */
    public GeneratedContent(long size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
        this.size = size;
        this.random = new SplittableRandom(seed);
    }

    /** The whole content as an array, for small sizes. */
    public static byte[] bytes(int size, long seed) {
        byte[] content = new byte[size];
        int filled = new GeneratedContent(size, seed).read(content, 0, size);
        if (filled != size && size > 0) {
            throw new IllegalStateException("generated " + filled + " of " + size + " bytes");
        }
        return content;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position == size) {
            return -1;
        }
        int total = 0;
        while (total < len && position < size) {
            if (blockPosition == BLOCK) {
                random.nextBytes(block);
                blockPosition = 0;
            }
            int n = (int) Math.min(Math.min(len - total, BLOCK - blockPosition), size - position);
            System.arraycopy(block, blockPosition, b, off + total, n);
            blockPosition += n;
            position += n;
            total += n;
        }
        return total;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position);
    }
}
