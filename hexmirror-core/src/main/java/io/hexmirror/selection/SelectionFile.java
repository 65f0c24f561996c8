package io.hexmirror.selection;

import static java.util.Objects.requireNonNull;

import io.hexmirror.InvalidInputException;
import io.hexmirror.files.InputFiles;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.version.Requirement;
import io.hexmirror.version.VersionParseException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A selection file, as given to {@code --selection FILE}: which packages to mirror, in a simple
 * line-based text format.
 *
 * <h2>Format</h2>
 * UTF-8 text, one directive per line. Blank lines are ignored; {@code #} at the start of a line, or
 * after a space or tab, starts a comment that runs to the end of the line. Words are separated by
 * spaces or tabs.
 * <pre>
 * # Phoenix 1.7 and what it needs, plus one exact Jason release
 * package phoenix ~&gt; 1.7
 * package jason 1.4.1
 * package plug_cowboy                 # every release
 * lock ../app/mix.lock                # every Hex release pinned there
 * exclude telemetry_poller ranch
 * option include-optional false
 * option prereleases false
 * option newest 3
 * </pre>
 * <dl>
 *   <dt>{@code package NAME [REQUIREMENT]}</dt>
 *   <dd>Selects the releases of {@code NAME} matching {@code REQUIREMENT} (the rest of the line, in
 *       Hex syntax: {@code ~> 1.7}, {@code >= 1.0.0 and < 2.0.0}, a bare version for exactly that
 *       one), or all its releases when none is given; see {@link PackageSelector}.</dd>
 *   <dt>{@code lock PATH}</dt>
 *   <dd>Pins every Hex release of a {@code mix.lock} or {@code rebar.lock} (see {@link LockFile#read}).
 *       {@code PATH} is the rest of the line; a relative path is resolved against the directory of
 *       the selection file.</dd>
 *   <dt>{@code exclude NAME...}</dt>
 *   <dd>Never selects these packages, neither as roots nor as dependencies.</dd>
 *   <dt>{@code option include-optional true|false}, {@code option prereleases true|false},
 *       {@code option newest N}</dt>
 *   <dd>Set the matching {@link SelectionRequest} options. Each option may appear once; an option
 *       that is absent leaves the request's setting (or the command line's) alone.</dd>
 * </dl>
 * Errors name the file, line and column. Instances are immutable.
 */
public final class SelectionFile {
    private final String source;
    private final List<PackageSelector> packages;
    private final List<LockFile> locks;
    private final Set<String> excludes;
    private final Optional<Boolean> includeOptional;
    private final Optional<Boolean> allowPreReleases;
    private final Optional<Integer> newestN;

    private SelectionFile(Parser p) {
        this.source = p.source;
        this.packages = List.copyOf(p.packages);
        this.locks = List.copyOf(p.locks);
        this.excludes = Collections.unmodifiableSet(new TreeSet<>(p.excludes));
        this.includeOptional = Optional.ofNullable((Boolean) p.options.get("include-optional"));
        this.allowPreReleases = Optional.ofNullable((Boolean) p.options.get("prereleases"));
        this.newestN = Optional.ofNullable((Integer) p.options.get("newest"));
    }

    /**
     * Reads a selection file and the lock files it names.
     *
     * @throws IOException              if the file or a lock file cannot be read
     * @throws SelectionSyntaxException if a line, or a lock file, is invalid
     * @throws InvalidInputException    if the path is missing, a directory, or not a text file (see {@link InputFiles})
     */
    public static SelectionFile read(Path file) throws IOException, InvalidInputException {
        Path parent = file.toAbsolutePath().getParent();
        return parse(InputFiles.readText(file, "selection file", LockFile.MAX_BYTES), file.toString(), parent);
    }

    /**
     * Parses selection file text.
     *
     * @param source        label for errors, usually the file name
     * @param baseDirectory the directory relative {@code lock} paths are resolved against
     * @throws IOException              if a lock file cannot be read
     * @throws SelectionSyntaxException if a line, or a lock file, is invalid
     */
    public static SelectionFile parse(String text, String source, Path baseDirectory)
            throws IOException, SelectionSyntaxException {
        requireNonNull(text, "text is null");
        requireNonNull(source, "source is null");
        requireNonNull(baseDirectory, "baseDirectory is null");
        Parser parser = new Parser(source, baseDirectory);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            parser.line(lines[i], i + 1);
        }
        return new SelectionFile(parser);
    }

    public String source() {
        return source;
    }

    public List<PackageSelector> packages() {
        return packages;
    }

    /** The lock files named by {@code lock} lines, in order, already parsed. */
    public List<LockFile> locks() {
        return locks;
    }

    public Set<String> excludes() {
        return excludes;
    }

    public Optional<Boolean> includeOptional() {
        return includeOptional;
    }

    public Optional<Boolean> allowPreReleases() {
        return allowPreReleases;
    }

    public Optional<Integer> newestN() {
        return newestN;
    }

    /** The notes of the lock files (skipped git and path entries, other repositories). */
    public List<SelectionNote> notes() {
        List<SelectionNote> notes = new ArrayList<>();
        locks.forEach(lock -> notes.addAll(lock.notes()));
        return List.copyOf(notes);
    }

    /** Adds this file's packages, pinned releases and excludes to {@code builder}, and the options it sets. */
    public SelectionRequest.Builder addTo(SelectionRequest.Builder builder) {
        packages.forEach(builder::addPackage);
        locks.forEach(lock -> builder.addLocked(lock.releases()));
        excludes.forEach(builder::exclude);
        includeOptional.ifPresent(builder::includeOptional);
        allowPreReleases.ifPresent(builder::allowPreReleases);
        newestN.ifPresent(builder::newestN);
        return builder;
    }

    private static final class Parser {
        final String source;
        final Path baseDirectory;
        final List<PackageSelector> packages = new ArrayList<>();
        final List<LockFile> locks = new ArrayList<>();
        final Set<String> excludes = new TreeSet<>();
        final Map<String, Object> options = new HashMap<>();
        final Map<String, Integer> optionLines = new HashMap<>();

        Parser(String source, Path baseDirectory) {
            this.source = source;
            this.baseDirectory = baseDirectory;
        }

        void line(String raw, int lineNumber) throws IOException, SelectionSyntaxException {
            String line = stripComment(raw);
            int start = skipSpaces(line, 0);
            if (start == line.length()) {
                return;
            }
            int end = wordEnd(line, start);
            String directive = line.substring(start, end);
            int argStart = skipSpaces(line, end);
            String rest = line.substring(argStart).strip();
            switch (directive) {
                case "package" -> packageLine(rest, lineNumber, argStart + 1);
                case "exclude" -> excludeLine(line, argStart, lineNumber);
                case "lock" -> lockLine(rest, lineNumber, argStart + 1);
                case "option" -> optionLine(line, argStart, lineNumber);
                default -> throw error(lineNumber, start + 1, "unknown directive \"" + abbreviate(directive)
                        + "\", expected package, lock, exclude or option");
            }
        }

        private void packageLine(String rest, int line, int column) throws SelectionSyntaxException {
            if (rest.isEmpty()) {
                throw error(line, column, "expected a package name after \"package\"");
            }
            int nameEnd = wordEnd(rest, 0);
            String name = checkName(rest.substring(0, nameEnd), line, column);
            int requirementStart = skipSpaces(rest, nameEnd);
            if (requirementStart == rest.length()) {
                packages.add(PackageSelector.of(name));
                return;
            }
            String requirement = rest.substring(requirementStart);
            try {
                packages.add(PackageSelector.of(name, Requirement.parse(requirement)));
            } catch (VersionParseException e) {
                throw error(line, column + requirementStart + e.column() - 1, "requirement for " + name + ": "
                        + e.getMessage());
            }
        }

        private void excludeLine(String line, int from, int lineNumber) throws SelectionSyntaxException {
            if (from == line.length()) {
                throw error(lineNumber, from + 1, "expected at least one package name after \"exclude\"");
            }
            int pos = from;
            while (pos < line.length()) {
                int end = wordEnd(line, pos);
                excludes.add(checkName(line.substring(pos, end), lineNumber, pos + 1));
                pos = skipSpaces(line, end);
            }
        }

        private void lockLine(String path, int line, int column) throws IOException, SelectionSyntaxException {
            if (path.isEmpty()) {
                throw error(line, column, "expected the path of a mix.lock or rebar.lock after \"lock\"");
            }
            Path resolved = baseDirectory.resolve(path);
            try {
                locks.add(LockFile.read(resolved));
            } catch (SelectionSyntaxException e) {
                throw e;
            } catch (InvalidInputException e) {
                // Missing, a directory, not text: say which line named it.
                throw error(line, column, e.getMessage());
            }
        }

        private void optionLine(String line, int from, int lineNumber) throws SelectionSyntaxException {
            int nameEnd = wordEnd(line, from);
            String name = line.substring(from, nameEnd);
            int valueStart = skipSpaces(line, nameEnd);
            int valueEnd = wordEnd(line, valueStart);
            String value = line.substring(valueStart, valueEnd);
            if (name.isEmpty()) {
                throw error(lineNumber, from + 1, "expected an option name: include-optional, prereleases or newest");
            }
            if (value.isEmpty()) {
                throw error(lineNumber, valueStart + 1, "expected a value for option " + name);
            }
            if (skipSpaces(line, valueEnd) != line.length()) {
                throw error(lineNumber, skipSpaces(line, valueEnd) + 1, "unexpected text after the value of option " + name);
            }
            Object parsed = switch (name) {
                case "include-optional", "prereleases" -> bool(value, lineNumber, valueStart + 1, name);
                case "newest" -> positive(value, lineNumber, valueStart + 1);
                default -> throw error(lineNumber, from + 1, "unknown option \"" + name
                        + "\", expected include-optional, prereleases or newest");
            };
            Integer previous = optionLines.putIfAbsent(name, lineNumber);
            if (previous != null) {
                throw error(lineNumber, from + 1, "option " + name + " is already set on line " + previous);
            }
            options.put(name, parsed);
        }

        private Boolean bool(String value, int line, int column, String name) throws SelectionSyntaxException {
            return switch (value) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw error(line, column, "option " + name + " takes true or false, not \"" + value + "\"");
            };
        }

        private Integer positive(String value, int line, int column) throws SelectionSyntaxException {
            if (value.matches("[1-9][0-9]{0,8}")) {
                return Integer.valueOf(value);
            }
            throw error(line, column, "option newest takes a whole number of at least 1, not \"" + value + "\"");
        }

        private String checkName(String name, int line, int column) throws SelectionSyntaxException {
            if (!RegistryPaths.isValidName(name)) {
                throw error(line, column, "invalid package name \"" + name
                        + "\": letters, digits and underscores, starting with a letter");
            }
            return name;
        }

        /** A line of garbage (a binary file, a deeply nested term) is quoted by its start only: the error stays one line. */
        private static String abbreviate(String text) {
            return text.length() <= 40 ? text : text.substring(0, 40) + "...";
        }

        private SelectionSyntaxException error(int line, int column, String detail) {
            return new SelectionSyntaxException(source, line, column, detail);
        }

        /** Cuts a comment: {@code #} at the start of the line or after a space or tab. */
        private static String stripComment(String line) {
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == '#' && (i == 0 || isSpace(line.charAt(i - 1)))) {
                    return line.substring(0, i);
                }
            }
            return line;
        }

        private static int skipSpaces(String s, int from) {
            int i = from;
            while (i < s.length() && isSpace(s.charAt(i))) {
                i++;
            }
            return i;
        }

        private static int wordEnd(String s, int from) {
            int i = from;
            while (i < s.length() && !isSpace(s.charAt(i))) {
                i++;
            }
            return i;
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t';
        }
    }
}
