package io.hexmirror.transfer;

import static java.util.Objects.requireNonNull;

import io.hexmirror.InvalidInputException;
import io.hexmirror.files.InputFiles;
import io.hexmirror.generation.Generation;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.selection.LockFile;
import io.hexmirror.selection.PackageSelector;
import io.hexmirror.selection.SelectionSyntaxException;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a mirror on the far side of a slow link needs: the generation it is at, so that the
 * connected side exports exactly what came after, and optionally packages it would like added.
 * Written by {@code hexmirror want}, read by {@code hexmirror export --request}; a few hundred
 * bytes of JSON (see {@link #write}), small enough for e-mail.
 *
 * @param mirrorId the id of the mirror the requesting mirror is a copy of; empty when it has no
 *     generation yet (it is empty, and needs everything)
 * @param generation its generation; 0 when it has none
 * @param generationId that generation's id; empty when it is 0
 * @param createdAt when the request was written
 * @param packages packages to add, each {@code NAME} or {@code NAME REQUIREMENT} (for example
 *     {@code phoenix ~> 1.7}), as given
 * @param locks lock files ({@code mix.lock}, {@code rebar.lock}) whose releases to add, their
 *     text as it was
 * @param docs packages whose docs to add, each {@code NAME} (the docs of its latest release) or
 *     {@code NAME VERSION}
 */
public record TransferRequest(Optional<String> mirrorId, long generation, Optional<String> generationId, Instant createdAt,
        List<String> packages, List<Lock> locks, List<String> docs) {

    public static final String FORMAT = "hexmirror-request";
    public static final int FORMAT_VERSION = 1;

    /**
     * A lock file carried in a request.
     *
     * @param name its file name ({@code mix.lock} or {@code rebar.lock} pick the parser)
     * @param content its text
     */
    public record Lock(String name, String content) {
        public Lock {
            requireNonNull(name, "name is null");
            requireNonNull(content, "content is null");
        }

        /**
         * Parses the lock file.
         *
         * @throws SelectionSyntaxException when it is not a valid lock file
         */
        public LockFile parse() throws SelectionSyntaxException {
            return parse(name);
        }

        /** Parses the lock file, naming {@code source} in errors. */
        private LockFile parse(String source) throws SelectionSyntaxException {
            LockFile.Format format = name.endsWith("mix.lock") ? LockFile.Format.MIX
                    : name.endsWith("rebar.lock") ? LockFile.Format.REBAR
                    : content.stripLeading().startsWith("%{") || content.stripLeading().startsWith("#")
                    ? LockFile.Format.MIX : LockFile.Format.REBAR;
            return LockFile.parse(content, source, format);
        }
    }

    public TransferRequest {
        requireNonNull(mirrorId, "mirrorId is null");
        requireNonNull(generationId, "generationId is null");
        requireNonNull(createdAt, "createdAt is null");
        packages = List.copyOf(packages);
        locks = List.copyOf(locks);
        docs = List.copyOf(docs);
        if (generation < 0) {
            throw new IllegalArgumentException("generation is negative: " + generation);
        }
        if ((generation == 0) != mirrorId.isEmpty() || (generation == 0) != generationId.isEmpty()) {
            throw new IllegalArgumentException("a request names a mirror and a generation id exactly when its generation is not 0");
        }
        packages.forEach(TransferRequest::checkPackage);
        docs.forEach(TransferRequest::checkDocs);
    }

    /** A request that asks for no docs. */
    public TransferRequest(Optional<String> mirrorId, long generation, Optional<String> generationId, Instant createdAt,
            List<String> packages, List<Lock> locks) {
        this(mirrorId, generation, generationId, createdAt, packages, locks, List.of());
    }

    /**
     * The request of the mirror in {@code target}: its generation, and the packages and lock files
     * to ask for.
     *
     * @param packages {@code NAME}, {@code NAME:REQUIREMENT} or {@code NAME REQUIREMENT} (see
     *     {@link PackageSelector#parse}); the request holds them in the last form
     * @throws IllegalArgumentException when a package name or requirement is invalid
     * @throws SelectionSyntaxException when a lock file is not valid
     * @throws InvalidInputException when a lock file is missing, a directory, or not a text file
     */
    public static TransferRequest of(Storage target, List<String> packages, List<Path> lockFiles)
            throws IOException, InvalidInputException {
        return of(target, packages, lockFiles, List.of());
    }

    /**
     * The request of the mirror in {@code target}, also asking for the docs of named packages.
     *
     * @param docs {@code NAME}, {@code NAME@VERSION} or {@code NAME VERSION}; the request holds them in
     *     the last form
     * @throws IllegalArgumentException when a package name, requirement or version is invalid
     * @throws SelectionSyntaxException when a lock file is not valid
     */
    public static TransferRequest of(Storage target, List<String> packages, List<Path> lockFiles, List<String> docs)
            throws IOException, InvalidInputException {
        Optional<Generation> current = new GenerationStore(target).current();
        List<Lock> locks = new ArrayList<>();
        for (Path file : lockFiles) {
            Lock lock = new Lock(file.getFileName().toString(), InputFiles.readText(file, "lock file", LockFile.MAX_BYTES));
            lock.parse(file.toString());
            locks.add(lock);
        }
        return new TransferRequest(current.map(Generation::mirrorId), current.map(Generation::number).orElse(0L),
                current.map(Generation::id), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                packages.stream().map(p -> PackageSelector.parse(p).toString()).toList(), locks,
                docs.stream().map(TransferRequest::docsLine).toList());
    }

    /**
     * {@code NAME} or {@code NAME VERSION} from {@code NAME}, {@code NAME@VERSION} or {@code NAME VERSION}.
     *
     * @throws IllegalArgumentException when the name or version is not valid
     */
    public static String docsLine(String given) {
        String stripped = given.strip();
        int at = stripped.indexOf('@');
        String line = at < 0 ? stripped : stripped.substring(0, at).strip() + " " + stripped.substring(at + 1).strip();
        checkDocs(line);
        return line;
    }

    /** The version of a docs line, empty for {@code NAME} alone. */
    public static Optional<String> docsVersion(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? Optional.empty() : Optional.of(line.substring(space + 1));
    }

    /** Writes the request as JSON. */
    public void write(Path file) throws IOException {
        RequestCodec.write(this, file);
    }

    /**
     * Reads a request file.
     *
     * @throws InvalidInputException when it is missing, not a file, or not a valid request (the message names it)
     */
    public static TransferRequest read(Path file) throws IOException, InvalidInputException {
        return RequestCodec.read(file);
    }

    /** For messages. */
    public String describe() {
        return generation == 0 ? "a request from an empty mirror"
                : "a request from a copy of mirror " + mirrorId.orElseThrow() + " at generation " + generation;
    }

    /** The package name of a {@code NAME [REQUIREMENT]} line. */
    public static String packageName(String line) {
        String stripped = line.strip();
        int space = stripped.indexOf(' ');
        return space < 0 ? stripped : stripped.substring(0, space);
    }

    private static void checkPackage(String line) {
        PackageSelector.parse(line);
    }

    private static void checkDocs(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length > 2 || !RegistryPaths.isValidName(parts[0])
                || (parts.length == 2 && !RegistryPaths.isValidVersion(parts[1]))) {
            throw new IllegalArgumentException("docs of '" + line + "': expected NAME or NAME@VERSION with a valid Hex package "
                    + "name and version");
        }
    }
}
