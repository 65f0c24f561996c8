package io.hexmirror.files;

import java.io.IOException;

/**
 * An object that should be small (a registry file, a bookkeeping file) is over its limit: it is not
 * what hexmirror expects at that key, and reading it whole could exhaust memory.
 */
public final class ObjectTooLargeException extends IOException {
    private final String key;
    private final long limit;

    public ObjectTooLargeException(String key, String where, long limit) {
        super(key + " in " + where + " is larger than the limit of " + limit + " bytes");
        this.key = key;
        this.limit = limit;
    }

    public String key() {
        return key;
    }

    /** The limit in bytes that the object exceeds. */
    public long limit() {
        return limit;
    }
}
