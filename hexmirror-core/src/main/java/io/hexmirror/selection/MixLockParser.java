package io.hexmirror.selection;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.version.Version;
import io.hexmirror.version.VersionParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Mix's {@code mix.lock}: an Elixir map literal from dependency name to a lock tuple. The
 * text is parsed, never evaluated.
 *
 * <p>Hex entries are tuples starting with {@code :hex}:
 * {@code {:hex, :name, "1.2.3", "inner_checksum", [:mix], [deps...], "hexpm", "outer_checksum"}}.
 * Older Hex versions wrote shorter tuples: without the outer checksum (7 elements), also without the
 * repository (6 elements), and the oldest just {@code {:hex, :name, "1.2.3"}}; every element present
 * is read. The package name is the tuple's second element (it can differ from the map key, the
 * dependency's app name). Both key styles are accepted: {@code "name": {...}} (current Mix) and
 * {@code "name" => {...}} (older Mix).
 *
 * <p>Skipped with an info note: entries of other kinds ({@code :git}, {@code :path}, ...), and Hex
 * entries whose repository is not {@code hexpm} (organisation repositories such as
 * {@code hexpm:acme} are never mirrored).
 */
public final class MixLockParser {
    private MixLockParser() {
    }

    /**
     * Parses the text of a {@code mix.lock}; {@code source} labels notes and errors. Blank text is
     * a lock without entries.
     *
     * @throws SelectionSyntaxException if the text is not a map of lock tuples, or a name, version or
     *                                  checksum in a Hex entry is invalid; the message names line and column
     */
    public static LockFile parse(String text, String source) throws SelectionSyntaxException {
        String label = java.util.Objects.requireNonNull(source, "source is null");
        List<LockedRelease> releases = new ArrayList<>();
        List<SelectionNote> notes = new ArrayList<>();
        if (text.isBlank()) {
            return new LockFile(label, LockFile.Format.MIX, releases, notes);
        }
        Term root = ElixirTermReader.read(text, label);
        if (!(root instanceof Term.MapTerm map)) {
            throw TermScanner.error(label, root, "expected a map %{...} of lock entries, found " + Term.describe(root));
        }
        for (Term.Entry entry : map.entries()) {
            String key = entry.key() instanceof Term.Str s ? s.value()
                    : entry.key() instanceof Term.Atom a ? a.name() : null;
            if (key == null) {
                throw TermScanner.error(label, entry.key(), "expected a dependency name as map key, found "
                        + Term.describe(entry.key()));
            }
            if (!(entry.value() instanceof Term.Tuple tuple) || tuple.items().isEmpty()
                    || !(tuple.items().get(0) instanceof Term.Atom kind)) {
                throw TermScanner.error(label, entry.value(), "expected a lock tuple such as {:hex, ...} for \""
                        + key + "\", found " + Term.describe(entry.value()));
            }
            String where = label + ":" + tuple.line();
            if (!kind.name().equals("hex")) {
                notes.add(SelectionNote.info(where + ": skipped \"" + key + "\": a :" + kind.name()
                        + " dependency is not a Hex package"));
                continue;
            }
            hexEntry(label, key, tuple, where, releases, notes);
        }
        return new LockFile(label, LockFile.Format.MIX, releases, notes);
    }

    private static void hexEntry(String label, String key, Term.Tuple tuple, String where,
                                 List<LockedRelease> releases, List<SelectionNote> notes)
            throws SelectionSyntaxException {
        List<Term> items = tuple.items();
        if (items.size() < 3) {
            throw TermScanner.error(label, tuple, "the :hex entry for \"" + key
                    + "\" has " + items.size() + " elements, expected at least {:hex, :name, \"version\"}");
        }
        Term nameTerm = items.get(1);
        String name = nameTerm instanceof Term.Atom a ? a.name() : nameTerm instanceof Term.Str s ? s.value() : null;
        if (name == null || !RegistryPaths.isValidName(name)) {
            throw TermScanner.error(label, nameTerm, "expected a Hex package name as second element for \""
                    + key + "\", found " + Term.describe(nameTerm));
        }
        Version version = version(label, items.get(2), key);
        Optional<String> inner = items.size() > 3 ? Optional.of(checksum(label, items.get(3), key, "inner"))
                : Optional.empty();
        if (items.size() > 6) {
            String repo = string(label, items.get(6), key, "repository");
            if (!repo.equals("hexpm")) {
                notes.add(SelectionNote.info(where + ": skipped \"" + key + "\": package " + name + " " + version
                        + " comes from repository \"" + repo + "\", which is not mirrored"));
                return;
            }
        }
        Optional<String> outer = items.size() > 7 ? Optional.of(checksum(label, items.get(7), key, "outer"))
                : Optional.empty();
        releases.add(new LockedRelease(name, version, outer, inner));
    }

    static Version version(String label, Term term, String key) throws SelectionSyntaxException {
        String text = string(label, term, key, "version");
        try {
            return Version.parse(text);
        } catch (VersionParseException e) {
            throw new SelectionSyntaxException(label, term.line(), term.column(), "version of \"" + key + "\": "
                    + e.getMessage(), e);
        }
    }

    static String checksum(String label, Term term, String key, String which) throws SelectionSyntaxException {
        String text = string(label, term, key, which + " checksum");
        if (!LockedRelease.isChecksum(text)) {
            throw TermScanner.error(label, term, "the " + which + " checksum of \"" + key
                    + "\" is not 64 hex digits: \"" + text + "\"");
        }
        return text;
    }

    static String string(String label, Term term, String key, String what) throws SelectionSyntaxException {
        if (term instanceof Term.Str s) {
            return s.value();
        }
        throw TermScanner.error(label, term, "expected a string for the " + what + " of \"" + key + "\", found "
                + Term.describe(term));
    }
}
