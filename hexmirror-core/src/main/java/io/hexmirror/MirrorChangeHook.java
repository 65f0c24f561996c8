package io.hexmirror;

import io.hexmirror.registry.RegistryReader;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * Work that follows every sync and import of a {@link HexMirror}, still under the mirror's lock, such as
 * bringing the package catalog's pages up to date for what changed. Set with
 * {@link MirrorOptions.Builder#afterChange}.
 */
@FunctionalInterface
public interface MirrorChangeHook {
    /** Does nothing. */
    MirrorChangeHook NONE = (storage, reader, upstream) -> { };

    /**
     * Called after a sync or an import ran, under the mirror's lock (a sync that could not mirror every
     * package still calls it).
     *
     * @param storage the mirror's storage
     * @param reader the reader that verified the mirror's registry files
     * @param upstream the upstream a sync came from; empty after an import
     * @throws IOException when the work fails; the operation's own changes are already published
     */
    void afterChange(Storage storage, RegistryReader reader, Optional<URI> upstream) throws IOException;
}
