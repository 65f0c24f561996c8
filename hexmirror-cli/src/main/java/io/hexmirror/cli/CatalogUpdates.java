package io.hexmirror.cli;

import io.hexmirror.HexMirrorException;
import io.hexmirror.MirrorChangeHook;
import io.hexmirror.catalog.Catalog;
import io.hexmirror.catalog.CatalogOptions;
import io.hexmirror.catalog.CatalogUpdate;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.generation.JournalEntry;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Brings the package catalog and its web pages up to date after a command changed the mirror (sync,
 * import): only the packages that changed, found from the mirror's journals and package files.
 */
final class CatalogUpdates {
    private CatalogUpdates() {
    }

    /**
     * The hook that refreshes the catalog after each sync and import, under the mirror's lock; a sync names
     * its upstream on the front page, an import keeps the recorded one (bundles carry no catalog pages).
     *
     * @param out where the update reports; null for nowhere
     */
    static MirrorChangeHook hook(PrintWriter out) {
        return (storage, reader, upstream) -> refresh(storage, reader, upstream.map(Object::toString).orElse(null), out);
    }

    /**
     * Refreshes the catalog; prints one line when anything changed and every file it could not show.
     *
     * @param upstream the upstream a sync came from, shown on the front page; null keeps the recorded one
     */
    static CatalogUpdate refresh(Storage storage, RegistryReader reader, String upstream, PrintWriter out) throws IOException {
        CatalogUpdate update = Catalog.open(storage, reader, options(upstream)).refresh();
        print(update, "updated", out);
        return update;
    }

    /** The catalog's options, naming {@code upstream} on the front page, or keeping the recorded one when null. */
    private static CatalogOptions options(String upstream) {
        return upstream == null ? CatalogOptions.defaults() : CatalogOptions.defaults().withUpstream(upstream);
    }

    /** A step that derives browsable docs, such as a docs sync or an import's catch-up of the docs tree. */
    interface DocsStep<T> {
        T run() throws IOException, HexMirrorException;
    }

    /**
     * Runs {@code docs} after a command changed the mirror's registry files (a sync, an import), then brings the
     * catalog up to date for both at once, rather than before the docs and again for the packages whose docs
     * arrived: the refresh finds the packages the registry changes touched (from the journals and the package
     * files) and writes their pages with the links to the docs now derived; then only the packages whose docs
     * changed while their package file did not are read again (derived docs are not in the journals a refresh
     * reads). One line reports both. When the docs step fails, the registry's changes
     * still reach the catalog. Call under the mirror's lock.
     *
     * @param upstream the upstream a sync came from, shown on the front page; null keeps the recorded one
     * @param generationBefore the mirror's generation before the command
     * @param docsPackages the packages whose browsable docs the step changed
     * @param out where the updates report; null for nowhere
     */
    static <T> T afterDocs(Storage storage, RegistryReader reader, String upstream, long generationBefore, DocsStep<T> docs,
            Function<T, Collection<String>> docsPackages, PrintWriter out) throws IOException, HexMirrorException {
        T result;
        try {
            result = docs.run();
        } catch (IOException | HexMirrorException | RuntimeException e) {
            try {
                refresh(storage, reader, upstream, out);
            } catch (IOException | RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        Catalog catalog = Catalog.open(storage, reader, options(upstream));
        CatalogUpdate registry = catalog.refresh();
        Set<String> docsOnly = new TreeSet<>(docsPackages.apply(result));
        docsOnly.removeAll(packageFilesChangedAfter(storage, generationBefore));
        // One line for both, as for one update.
        print(docsOnly.isEmpty() ? registry : registry.plus(catalog.update(docsOnly)), "updated", out);
        return result;
    }

    /**
     * The packages whose registry file the changes after generation {@code after} wrote or removed. A catalog
     * refresh after those changes reads each of them again (a package file written since the catalog's last
     * update differs from it in time), whatever else changed with them.
     */
    private static Set<String> packageFilesChangedAfter(Storage storage, long after) throws IOException {
        Set<String> names = new TreeSet<>();
        GenerationStore generations = new GenerationStore(storage);
        // One journal at a time: a first sync's holds an entry for every file of the mirror.
        for (long number : generations.journalNumbers()) {
            if (number > after) {
                generations.journal(number).ifPresent(journal -> journal.entries().stream().map(JournalEntry::path)
                        .filter(path -> path.startsWith(RegistryPaths.PACKAGES_PREFIX))
                        .forEach(path -> names.add(path.substring(RegistryPaths.PACKAGES_PREFIX.length()))));
            }
        }
        return names;
    }

    static void print(CatalogUpdate update, String verb, PrintWriter out) {
        if (out == null) {
            return;
        }
        if (update.packagesRead() > 0 || update.packagesRemoved() > 0 || "rebuilt".equals(verb)) {
            out.println("catalog " + verb + ": " + update.packagesRead() + " packages read, " + update.packagesRemoved() + " removed, "
                    + update.pagesWritten() + " pages written in " + Units.duration(update.elapsed()));
        }
        update.problems().forEach(problem -> out.println("catalog: " + problem));
        out.flush();
    }
}
