package io.hexmirror;

import io.hexmirror.storage.Storage;
import java.io.IOException;

/**
 * A step that writes a mirror beside the facade's own operations (derived files such as the browsable docs or
 * the package catalog), run by {@link HexMirror#write} under the mirror's lock.
 *
 * @param <T> what the step returns
 */
@FunctionalInterface
public interface MirrorWrite<T> {
    /**
     * Writes the mirror; called while the lock is held, which is released when this returns or throws.
     *
     * @param storage the mirror's storage
     */
    T apply(Storage storage) throws IOException, HexMirrorException;
}
