package io.hexmirror.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an update of the catalog did.
 *
 * @param packagesRead packages whose entry was read again from the mirror
 * @param packagesRemoved packages no longer in the mirror, removed from the catalog
 * @param pagesWritten package pages written: those whose content changed or was missing (lists, front page and search
 *     index come on top)
 * @param problems files the catalog could not show, with the reason (the rest of the catalog is still written)
 * @param elapsed wall time
 */
public record CatalogUpdate(int packagesRead, int packagesRemoved, int pagesWritten, List<String> problems, Duration elapsed) {
    public CatalogUpdate {
        problems = List.copyOf(problems);
    }

    /** This update and {@code then}, one after the other, reported as one. */
    public CatalogUpdate plus(CatalogUpdate then) {
        List<String> all = new ArrayList<>(problems);
        all.addAll(then.problems());
        return new CatalogUpdate(packagesRead + then.packagesRead(), packagesRemoved + then.packagesRemoved(),
                pagesWritten + then.pagesWritten(), all, elapsed.plus(then.elapsed()));
    }
}
