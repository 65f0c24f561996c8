package io.hexmirror.selection;

import static java.util.Objects.requireNonNull;

import io.hexmirror.InvalidInputException;
import io.hexmirror.files.InputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The Hex releases pinned by one lock file, and notes about entries that were skipped (git and path
 * dependencies, packages from other repositories).
 *
 * @param source   the file name or label the lock was read from, used in notes and errors
 * @param format   which tool wrote it
 * @param releases the pinned Hex releases, in file order
 * @param notes    one info note per skipped entry
 */
public record LockFile(String source, Format format, List<LockedRelease> releases, List<SelectionNote> notes) {
    /** The largest lock or selection file read: none comes near it (a large project locks a few hundred packages). */
    public static final long MAX_BYTES = 16L << 20;

    public enum Format {
        /** Mix's {@code mix.lock}: an Elixir map literal; see {@link MixLockParser}. */
        MIX,
        /** rebar3's {@code rebar.lock}: Erlang terms; see {@link RebarLockParser}. */
        REBAR
    }

    public LockFile {
        requireNonNull(source, "source is null");
        requireNonNull(format, "format is null");
        releases = List.copyOf(releases);
        notes = List.copyOf(notes);
    }

    /**
     * Reads a lock file, choosing the parser by file name ({@code mix.lock}, {@code rebar.lock}) or,
     * for another name, by content (text starting with <code>%{</code> is a mix.lock).
     *
     * @throws IOException                if the file cannot be read
     * @throws SelectionSyntaxException   if the file is not a valid lock file; the message names the line and column
     * @throws InvalidInputException      if the path is missing, a directory, or not a text file (see {@link InputFiles})
     */
    public static LockFile read(Path path) throws IOException, InvalidInputException {
        String text = InputFiles.readText(path, "lock file", MAX_BYTES);
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        Format format = name.equals("mix.lock") ? Format.MIX
                : name.equals("rebar.lock") ? Format.REBAR
                : detect(text);
        return parse(text, path.toString(), format);
    }

    /** Parses lock file text of a known format; {@code source} labels notes and errors. */
    public static LockFile parse(String text, String source, Format format) throws SelectionSyntaxException {
        return format == Format.MIX ? MixLockParser.parse(text, source) : RebarLockParser.parse(text, source);
    }

    /** Guesses the format from the first significant characters: "%{" is Mix, a "#" comment too, anything else rebar3. */
    static Format detect(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                continue;
            }
            if (c == '#') {
                return Format.MIX;
            }
            return c == '%' && i + 1 < text.length() && text.charAt(i + 1) == '{' ? Format.MIX : Format.REBAR;
        }
        return Format.REBAR;
    }
}
