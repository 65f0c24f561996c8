package io.hexmirror.docs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and fails as soon as they pass a limit, so that neither a long
 * download nor a gzip stream that expands without end is ever read further than the limit allows.
 */
final class LimitedInputStream extends FilterInputStream {
    /** Thrown when the limit is passed; carries what was being counted, for the caller's message. */
    static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceededException(String what, long limit) {
            super(what + " is larger than the limit of " + limit + " bytes");
        }
    }

    private final long limit;
    private final String what;
    private long count;

    LimitedInputStream(InputStream in, long limit, String what) {
        super(in);
        this.limit = limit;
        this.what = what;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            counted(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) throws LimitExceededException {
        count += n;
        if (count > limit) {
            throw new LimitExceededException(what, limit);
        }
    }
}
