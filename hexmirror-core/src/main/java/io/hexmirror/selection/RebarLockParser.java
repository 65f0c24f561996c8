package io.hexmirror.selection;

import static java.util.Objects.requireNonNull;

import io.hexmirror.erlang.ErlangAtom;
import io.hexmirror.erlang.ErlangDocument;
import io.hexmirror.erlang.ErlangSyntaxException;
import io.hexmirror.erlang.ErlangTermParser;
import io.hexmirror.erlang.ErlangTerms;
import io.hexmirror.erlang.ErlangTuple;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.version.Version;
import io.hexmirror.version.VersionParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * info note. The terms are read by the project's one Erlang parser, {@link ErlangTermParser}.
 */
public final class RebarLockParser {
    private final ErlangDocument document;
    private final String source;

    private RebarLockParser(ErlangDocument document, String source) {
        this.document = document;
        this.source = source;
    }

    /**
     * Parses the text of a {@code rebar.lock}; {@code source} labels notes and errors. Blank text is
     * a lock without entries.
     *
     * @throws SelectionSyntaxException if the text is not a rebar3 lock, or a name, version or
     *                                  checksum in it is invalid; the message names line and column
     */
    public static LockFile parse(String text, String source) throws SelectionSyntaxException {
        requireNonNull(text, "text is null");
        requireNonNull(source, "source is null");
        ErlangDocument document;
        try {
            document = ErlangTermParser.parse(text, source);
        } catch (ErlangSyntaxException e) {
            throw new SelectionSyntaxException(source, e.line(), e.column(), e.detail(), e);
        }
        return new RebarLockParser(document, source).read();
    }

    private LockFile read() throws SelectionSyntaxException {
        List<LockedRelease> releases = new ArrayList<>();
        List<SelectionNote> notes = new ArrayList<>();
        List<Object> terms = document.terms();
        if (terms.isEmpty()) {
            return new LockFile(source, LockFile.Format.REBAR, releases, notes);
        }
        Object first = terms.get(0);
        List<?> locks;
        if (first instanceof List<?> list) {
            locks = list;
        } else if (first instanceof ErlangTuple t && t.size() == 2 && ErlangTerms.asText(t.get(0)) != null
                && t.get(1) instanceof List<?> list) {
            locks = list;
        } else {
            throw error(first, "expected {\"VERSION\", [Locks]} or a list of locks, found " + ErlangTerms.describe(first));
        }
        Map<String, String> inner = new HashMap<>();
        Map<String, String> outer = new HashMap<>();
        if (terms.size() > 1 && terms.get(1) instanceof List<?> attributes) {
            for (Object attribute : attributes) {
                if (attribute instanceof ErlangTuple t && t.size() == 2
                        && t.get(0) instanceof ErlangAtom key && t.get(1) instanceof List<?> hashes) {
                    if (key.name().equals("pkg_hash")) {
                        readHashes(hashes, inner, "pkg_hash");
                    } else if (key.name().equals("pkg_hash_ext")) {
                        readHashes(hashes, outer, "pkg_hash_ext");
                    }
                }
            }
        }
        for (Object lock : locks) {
            if (!(lock instanceof ErlangTuple t) || t.size() < 2 || !(t.get(1) instanceof ErlangTuple src)
                    || src.size() == 0 || !(src.get(0) instanceof ErlangAtom kind)) {
                throw error(lock, "expected a lock entry {<<\"name\">>, {pkg, ...}, Level}, found "
                        + ErlangTerms.describe(lock));
            }
            if (!kind.name().equals("pkg")) {
                Object key = t.get(0);
                String label = key instanceof ErlangAtom a ? a.name() : ErlangTerms.asText(key);
                notes.add(SelectionNote.info(source + ":" + position(t).line() + ": skipped \""
                        + (label != null ? label : ErlangTerms.describe(key)) + "\": a " + kind.name()
                        + " dependency is not a Hex package"));
                continue;
            }
            String app = name(t.get(0), "lock entry name");
            if (src.size() < 3) {
                throw error(src, "expected {pkg, <<\"name\">>, <<\"version\">>} for \"" + app
                        + "\", found " + ErlangTerms.describe(src));
            }
            String name = name(src.get(1), "package name of \"" + app + "\"");
            Version version = version(src.get(2), app);
            releases.add(new LockedRelease(name, version, Optional.ofNullable(outer.get(app)),
                    Optional.ofNullable(inner.get(app))));
        }
        return new LockFile(source, LockFile.Format.REBAR, releases, notes);
    }

    private void readHashes(List<?> hashes, Map<String, String> into, String what) throws SelectionSyntaxException {
        for (Object entry : hashes) {
            if (!(entry instanceof ErlangTuple t) || t.size() != 2) {
                throw error(entry, "expected {<<\"name\">>, <<\"HEX\">>} in " + what + ", found "
                        + ErlangTerms.describe(entry));
            }
            String app = name(t.get(0), "name in " + what);
            String checksum = text(t.get(1), app, what + " checksum");
            if (!LockedRelease.isChecksum(checksum)) {
                throw error(t.get(1), "the " + what + " checksum of \"" + app + "\" is not 64 hex digits: \""
                        + checksum + "\"");
            }
            into.put(app, checksum);
        }
    }

    private String name(Object term, String what) throws SelectionSyntaxException {
        String name = term instanceof ErlangAtom a ? a.name() : ErlangTerms.asText(term);
        if (name == null || !RegistryPaths.isValidName(name)) {
            throw error(term, "expected a package name as " + what + ", found " + ErlangTerms.describe(term));
        }
        return name;
    }

    private Version version(Object term, String app) throws SelectionSyntaxException {
        String text = text(term, app, "version");
        try {
            return Version.parse(text);
        } catch (VersionParseException e) {
            ErlangDocument.Position at = position(term);
            throw new SelectionSyntaxException(source, at.line(), at.column(), "version of \"" + app + "\": "
                    + e.getMessage(), e);
        }
    }

    private String text(Object term, String app, String what) throws SelectionSyntaxException {
        String text = ErlangTerms.asText(term);
        if (text == null) {
            throw error(term, "expected a string for the " + what + " of \"" + app + "\", found "
                    + ErlangTerms.describe(term));
        }
        return text;
    }

    /** Where a term starts; numbers are not tracked, and a lock has no place where one is wanted alone. */
    private ErlangDocument.Position position(Object term) {
        return document.position(term).orElse(new ErlangDocument.Position(1, 1));
    }

    private SelectionSyntaxException error(Object at, String detail) {
        ErlangDocument.Position position = position(at);
        return new SelectionSyntaxException(source, position.line(), position.column(), detail);
    }
}
