package io.hexmirror.storage;

import java.io.FileNotFoundException;

/**
 * The store itself does not exist: no directory at the path, no bucket of that name. Thrown by
 * {@link StorageProvider#openExisting}, which creates nothing, and by providers that never create a
 * store unless told to. The message names the location.
 */
public class StorageNotFoundException extends FileNotFoundException {
    private final String location;

    /**
     * @param location the store's location as {@link Storage#describe()} would give it (no secrets)
     * @param detail what is missing there, for example "the directory does not exist"
     */
    public StorageNotFoundException(String location, String detail) {
        super(location + ": " + detail);
        this.location = location;
    }

    /** The location that holds no store. */
    public String location() {
        return location;
    }
}
