package io.hexmirror.storage;

import java.io.IOException;

/** An exclusive write found the key taken. The message names it. */
public class ObjectAlreadyExistsException extends IOException {
    private final String key;

    public ObjectAlreadyExistsException(String key, String where) {
        super("object '" + key + "' already exists in " + where);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
