package io.hexmirror.sync;

import io.hexmirror.internal.sync.RegistryLayout;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.storage.Storage;
import java.io.IOException;

/** What the mirror serves as its registry when it holds only part of upstream. */
public enum RegistryMode {
    /**
     * Registry files stay upstream's bytes: stock clients verify them with upstream's key. Releases
     * outside the selection are still listed, and their tarballs answer 404.
     */
    VERBATIM,
    /**
     * {@code /packages/NAME}, {@code /versions} and {@code /names} are rewritten to list only the
     * mirrored releases (every other field kept) and signed with the mirror's own key; clients are
     * given that key, and can never resolve to a release the mirror lacks.
     */
    RESIGN;

    /**
     * How the mirror in {@code storage} presents its registry, as its last sync left it: a re-signing
     * mirror keeps upstream's original {@code /names} apart from the one it serves.
     */
    public static RegistryMode of(Storage storage) throws IOException {
        return storage.stat(RegistryLayout.RESIGN.upstreamCopy(RegistryPaths.NAMES)).isPresent() ? RESIGN : VERBATIM;
    }
}
