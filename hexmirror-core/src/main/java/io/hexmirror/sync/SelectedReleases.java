package io.hexmirror.sync;

import io.hexmirror.internal.sync.MirroredReleases;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.util.Optional;

/**
 * The releases a selective mirror holds, as its last sync recorded them: the registry files of a mirror that
 * is not re-signed list every upstream release, and this tells those it holds from those left out on purpose
 * (for the docs sync, the catalog, a verifier). Read-only.
 */
public final class SelectedReleases {
    private final MirroredReleases releases;

    private SelectedReleases(MirroredReleases releases) {
        this.releases = releases;
    }

    /** The mirror's selection, or empty when it holds every release (or never was selective). */
    public static Optional<SelectedReleases> load(Storage storage) throws IOException {
        return MirroredReleases.load(storage).map(SelectedReleases::new);
    }

    /** Whether the mirror holds this release. */
    public boolean contains(String name, String version) {
        return releases.contains(name, version);
    }
}
