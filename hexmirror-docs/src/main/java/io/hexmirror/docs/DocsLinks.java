package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The record of which derived docs versions link to which other packages' docs, so that when a
 * package's mirrored docs change (its first docs arrive, a version is added or removed) only the
 * versions whose links now lead somewhere else are derived again, not the whole tree.
 *
 * <p>For each derived version {@code A}, every {@code hexdocs.pm} link target its pages hold, as
 * {@code DEP VSN RESOLVED} lines: {@code VSN} is the version the link names ({@code -} for none),
 * {@code RESOLVED} the mirrored version it was rewritten to ({@code -} when it stayed external).
 * Kept twice, never served: forward at {@value #FORWARD}{@code A-VERSION} (all of A's lines, to
 * clean up when A is derived again or removed) and reverse at
 * {@value #REVERSE}{@code DEP/A-VERSION} (A's lines for DEP, to find A from DEP).
 */
final class DocsLinks {
    static final String FORWARD = ".hexmirror/docs/links/";
    static final String REVERSE = ".hexmirror/docs/linked-from/";
    private static final String NONE = "-";

    /**
     * One link target as a page names it.
     *
     * @param dep the package the link leads to
     * @param version the version it names, if any
     */
    record Link(String dep, Optional<String> version) implements Comparable<Link> {
        Link {
            requireNonNull(dep, "dep is null");
            requireNonNull(version, "version is null");
        }

        @Override
        public int compareTo(Link o) {
            int c = dep.compareTo(o.dep);
            return c != 0 ? c : version.orElse("").compareTo(o.version.orElse(""));
        }
    }

    private final Storage storage;

    DocsLinks(Storage storage) {
        this.storage = requireNonNull(storage, "storage is null");
    }

    /**
     * The mirrored version a link leads to: the version it names when that is mirrored, else the
     * package's latest mirrored version; empty when the package has no mirrored docs (the link stays
     * external).
     */
    static Optional<String> resolve(Link link, MirroredDocs docs) {
        if (!docs.hasDocs(link.dep())) {
            return Optional.empty();
        }
        if (link.version().isPresent() && docs.hasDocs(link.dep(), link.version().get())) {
            return link.version();
        }
        return docs.latest(link.dep());
    }

    /** Records the links of a version just derived against {@code docs}, replacing what was recorded for it. */
    void record(DocsRelease from, Set<Link> links, MirroredDocs docs) throws IOException {
        Map<String, StringBuilder> byDep = new TreeMap<>();
        for (Link link : new TreeSet<>(links)) {
            if (!RegistryPaths.isValidName(link.dep())) {
                continue;
            }
            byDep.computeIfAbsent(link.dep(), d -> new StringBuilder()).append(line(link, resolve(link, docs)));
        }
        for (String dep : recordedDeps(from)) {
            if (!byDep.containsKey(dep)) {
                storage.delete(reverseKey(dep, from));
            }
        }
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, StringBuilder> e : byDep.entrySet()) {
            write(reverseKey(e.getKey(), from), e.getValue().toString());
            all.append(e.getValue());
        }
        write(forwardKey(from), all.toString());
    }

    /** Whether the links of a derived version were recorded (versions derived by older hexmirrors were not). */
    boolean isRecorded(DocsRelease from) throws IOException {
        return storage.stat(forwardKey(from)).isPresent();
    }

    /** Forgets the links of a version whose tree was removed. */
    void forget(DocsRelease from) throws IOException {
        for (String dep : recordedDeps(from)) {
            storage.delete(reverseKey(dep, from));
        }
        storage.delete(forwardKey(from));
    }

    /** The derived versions with a link to {@code dep} that would now lead elsewhere than when they were derived. */
    List<DocsRelease> outdated(String dep, MirroredDocs docs) throws IOException {
        String prefix = REVERSE + dep + "/";
        List<String> keys = new ArrayList<>();
        try (Stream<ObjectInfo> listing = storage.list(prefix)) {
            listing.map(ObjectInfo::key).forEach(keys::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<DocsRelease> out = new ArrayList<>();
        for (String key : keys) {
            Optional<DocsRelease> from = DocsRelease.fromTarballKey(
                    DocsRelease.TARBALLS_PREFIX + key.substring(prefix.length()) + ".tar.gz");
            if (from.isEmpty()) {
                continue;
            }
            for (String line : read(key).orElse("").split("\n")) {
                String[] f = line.split(" ");
                if (f.length != 3) {
                    continue;
                }
                Link link = new Link(f[0], f[1].equals(NONE) ? Optional.empty() : Optional.of(f[1]));
                if (!resolve(link, docs).orElse(NONE).equals(f[2])) {
                    out.add(from.get());
                    break;
                }
            }
        }
        return out;
    }

    private Set<String> recordedDeps(DocsRelease from) throws IOException {
        Set<String> deps = new TreeSet<>();
        for (String line : read(forwardKey(from)).orElse("").split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && RegistryPaths.isValidName(line.substring(0, space))) {
                deps.add(line.substring(0, space));
            }
        }
        return deps;
    }

    private static String line(Link link, Optional<String> resolved) {
        return link.dep() + " " + link.version().orElse(NONE) + " " + resolved.orElse(NONE) + "\n";
    }

    private static String forwardKey(DocsRelease from) {
        return FORWARD + from.name() + "-" + from.version();
    }

    private static String reverseKey(String dep, DocsRelease from) {
        return REVERSE + dep + "/" + from.name() + "-" + from.version();
    }

    private Optional<String> read(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return Optional.of(new String(in.readAllBytes(), UTF_8));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private void write(String key, String text) throws IOException {
        // Synced with the tree it describes, before that tree's marker (see DocsTree#deriveAll).
        storage.write(key, text.getBytes(UTF_8), DocsTree.DEFERRED);
    }
}
