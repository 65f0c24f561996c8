package io.hexmirror.storage;

import java.io.FileNotFoundException;

/** No object has the key. The message names it. */
public class ObjectNotFoundException extends FileNotFoundException {
    private final String key;

    public ObjectNotFoundException(String key, String where) {
        super("no object '" + key + "' in " + where);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
