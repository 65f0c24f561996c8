package io.hexmirror.selection;

import io.hexmirror.version.Version;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The result of {@link DependencyClosure#compute}: the releases to mirror, by package, and the notes
 * gathered on the way. Immutable.
 */
public final class Selection {
    private final SortedMap<String, SortedSet<Version>> packages;
    private final List<SelectionNote> notes;

    Selection(Map<String, ? extends SortedSet<Version>> packages, List<SelectionNote> notes) {
        TreeMap<String, SortedSet<Version>> copy = new TreeMap<>();
        packages.forEach((name, versions) -> {
            if (!versions.isEmpty()) {
                copy.put(name, Collections.unmodifiableSortedSet(new TreeSet<>(versions)));
            }
        });
        this.packages = Collections.unmodifiableSortedMap(copy);
        this.notes = List.copyOf(notes);
    }

    /** Selected packages by name, each with its selected versions in ascending order; no empty sets. */
    public SortedMap<String, SortedSet<Version>> packages() {
        return packages;
    }

    /** The selected versions of one package, empty if none. */
    public SortedSet<Version> versions(String name) {
        return packages.getOrDefault(name, Collections.emptySortedSet());
    }

    public boolean contains(String name, Version version) {
        return versions(name).contains(version);
    }

    /** Number of selected releases over all packages. */
    public int releaseCount() {
        return packages.values().stream().mapToInt(SortedSet::size).sum();
    }

    /** Notes in the order they arose, each stated once. */
    public List<SelectionNote> notes() {
        return notes;
    }

    public boolean hasWarnings() {
        return notes.stream().anyMatch(n -> n.severity() == SelectionNote.Severity.WARNING);
    }

    @Override
    public String toString() {
        return "Selection" + packages + (notes.isEmpty() ? "" : " notes=" + notes);
    }
}
