package io.hexmirror.docs;

import java.io.FilterInputStream;
import java.io.InputStream;

/** Hands a tar entry's content to code that may close it without closing the archive. */
final class UnclosableInputStream extends FilterInputStream {
    UnclosableInputStream(InputStream in) {
        super(in);
    }

    @Override
    public void close() {
    }
}
