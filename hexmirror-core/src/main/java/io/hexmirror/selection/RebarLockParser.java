package io.hexmirror.selection;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.version.Version;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Reads rebar3's {@code rebar.lock}: Erlang terms, parsed and never evaluated.
 *
 * <p>Current format (rebar3 3.x since lock version "1.1.0"), two terms:
 * <pre>
 * {"1.2.0",
 *  [{&lt;&lt;"cowboy"&gt;&gt;,{pkg,&lt;&lt;"cowboy"&gt;&gt;,&lt;&lt;"2.9.0"&gt;&gt;},0},
 *   {&lt;&lt;"x"&gt;&gt;,{git,"https://...",{ref,"..."}},0}]}.
 * [{pkg_hash,[{&lt;&lt;"cowboy"&gt;&gt;,&lt;&lt;"INNER-HEX"&gt;&gt;}]},
 *  {pkg_hash_ext,[{&lt;&lt;"cowboy"&gt;&gt;,&lt;&lt;"OUTER-HEX"&gt;&gt;}]}].
 * </pre>
 * The old format is the bare list of lock entries. Hashes are keyed by the lock entry's name (the
 * app), {@code pkg_hash} is the inner checksum and {@code pkg_hash_ext} the outer one; other
 * attributes and any further terms are ignored, as rebar3 does. The Hex package name is the one in
 * the {@code pkg} tuple. Non-{@code pkg} sources ({@code git}, {@code hg}, ...) are skipped with an
 * info note.
 */
public final class RebarLockParser {
    private RebarLockParser() {
    }

    /**
     * Parses the text of a {@code rebar.lock}; {@code source} labels notes and errors. Blank text is
     * a lock without entries.
     *
     * @throws SelectionSyntaxException if the text is not a rebar3 lock, or a name, version or
     *                                  checksum in it is invalid; the message names line and column
     */
    public static LockFile parse(String text, String source) throws SelectionSyntaxException {
        requireNonNull(source, "source is null");
        List<LockedRelease> releases = new ArrayList<>();
        List<SelectionNote> notes = new ArrayList<>();
        List<Term> terms = ErlangTermReader.readAll(text, source);
        if (terms.isEmpty()) {
            return new LockFile(source, LockFile.Format.REBAR, releases, notes);
        }
        Term first = terms.get(0);
        Term.ListTerm locks;
        if (first instanceof Term.ListTerm list) {
            locks = list;
        } else if (first instanceof Term.Tuple t && t.items().size() == 2 && t.items().get(0) instanceof Term.Str
                && t.items().get(1) instanceof Term.ListTerm list) {
            locks = list;
        } else {
            throw TermScanner.error(source, first, "expected {\"VERSION\", [Locks]} or a list of locks, found "
                    + Term.describe(first));
        }
        Map<String, String> inner = new HashMap<>();
        Map<String, String> outer = new HashMap<>();
        if (terms.size() > 1 && terms.get(1) instanceof Term.ListTerm attributes) {
            for (Term attribute : attributes.items()) {
                if (attribute instanceof Term.Tuple t && t.items().size() == 2
                        && t.items().get(0) instanceof Term.Atom key && t.items().get(1) instanceof Term.ListTerm hashes) {
                    if (key.name().equals("pkg_hash")) {
                        readHashes(source, hashes, inner, "pkg_hash");
                    } else if (key.name().equals("pkg_hash_ext")) {
                        readHashes(source, hashes, outer, "pkg_hash_ext");
                    }
                }
            }
        }
        for (Term lock : locks.items()) {
            if (!(lock instanceof Term.Tuple t) || t.items().size() < 2 || !(t.items().get(1) instanceof Term.Tuple src)
                    || src.items().isEmpty() || !(src.items().get(0) instanceof Term.Atom kind)) {
                throw TermScanner.error(source, lock, "expected a lock entry {<<\"name\">>, {pkg, ...}, Level}, found "
                        + Term.describe(lock));
            }
            if (!kind.name().equals("pkg")) {
                Term key = t.items().get(0);
                String label = key instanceof Term.Str s ? s.value() : key instanceof Term.Atom a ? a.name()
                        : Term.describe(key);
                notes.add(SelectionNote.info(source + ":" + t.line() + ": skipped \"" + label + "\": a " + kind.name()
                        + " dependency is not a Hex package"));
                continue;
            }
            String app = name(source, t.items().get(0), "lock entry name");
            if (src.items().size() < 3) {
                throw TermScanner.error(source, src, "expected {pkg, <<\"name\">>, <<\"version\">>} for \"" + app
                        + "\", found " + Term.describe(src));
            }
            String name = name(source, src.items().get(1), "package name of \"" + app + "\"");
            Version version = MixLockParser.version(source, src.items().get(2), app);
            releases.add(new LockedRelease(name, version, Optional.ofNullable(outer.get(app)),
                    Optional.ofNullable(inner.get(app))));
        }
        return new LockFile(source, LockFile.Format.REBAR, releases, notes);
    }

    private static void readHashes(String source, Term.ListTerm hashes, Map<String, String> into, String what)
            throws SelectionSyntaxException {
        for (Term entry : hashes.items()) {
            if (!(entry instanceof Term.Tuple t) || t.items().size() != 2) {
                throw TermScanner.error(source, entry, "expected {<<\"name\">>, <<\"HEX\">>} in " + what + ", found "
                        + Term.describe(entry));
            }
            String app = name(source, t.items().get(0), "name in " + what);
            into.put(app, MixLockParser.checksum(source, t.items().get(1), app, what));
        }
    }

    private static String name(String source, Term term, String what) throws SelectionSyntaxException {
        String name = term instanceof Term.Str s ? s.value() : term instanceof Term.Atom a ? a.name() : null;
        if (name == null || !RegistryPaths.isValidName(name)) {
            throw TermScanner.error(source, term, "expected a package name as " + what + ", found " + Term.describe(term));
        }
        return name;
    }
}
