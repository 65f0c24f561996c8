package io.hexmirror.server;

import static java.util.Objects.requireNonNull;

import io.hexmirror.catalog.Catalog;
import io.hexmirror.catalog.CatalogLayout;
import io.hexmirror.catalog.CatalogOptions;
import io.hexmirror.catalog.CatalogSearch;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.util.Optional;

/**
 * The package catalog as the server reads it: opened when the mirror has one, and opened again with a
 * fresh search index whenever {@code catalog/index.json} changes (a sync or import updated it, in this
 * process or another). Thread-safe; a request sees one consistent catalog and index.
 */
final class WebCatalog {
    /** A catalog and the search index built from it. */
    record Snapshot(Catalog catalog, CatalogSearch search) {
    }

    private final Storage storage;
    private volatile Optional<ObjectInfo> seen = Optional.empty();
    private volatile Snapshot current;

    WebCatalog(Storage storage) {
        this.storage = requireNonNull(storage, "storage is null");
    }

    /** The catalog as stored now, or empty when the mirror has none. */
    Optional<Snapshot> snapshot() throws IOException {
        Optional<ObjectInfo> index = storage.stat(CatalogLayout.INDEX);
        if (index.isEmpty()) {
            return Optional.empty();
        }
        Snapshot snapshot = current;
        if (snapshot == null || !sameVersion(seen, index.get())) {
            synchronized (this) {
                if (current == null || !sameVersion(seen, index.get())) {
                    // The fallback reader is never used to verify here: serving only reads the catalog.
                    Catalog catalog = Catalog.open(storage, RegistryReader.hexpm(), CatalogOptions.defaults());
                    current = new Snapshot(catalog, CatalogSearch.of(catalog));
                    seen = index;
                }
                snapshot = current;
            }
        }
        return Optional.of(snapshot);
    }

    private static boolean sameVersion(Optional<ObjectInfo> seen, ObjectInfo now) {
        return seen.isPresent() && seen.get().size() == now.size() && seen.get().lastModified().equals(now.lastModified());
    }
}
