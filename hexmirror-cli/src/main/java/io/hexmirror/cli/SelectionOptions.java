package io.hexmirror.cli;

import io.hexmirror.HexMirrorException;
import io.hexmirror.InvalidInputException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.selection.LockFile;
import io.hexmirror.selection.PackageSelector;
import io.hexmirror.selection.SelectionFile;
import io.hexmirror.selection.SelectionNote;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.sync.RegistryMode;
import io.hexmirror.version.VersionParseException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** What to mirror, and how a partial mirror presents its registry. */
final class SelectionOptions {
    private static final Logger LOG = LoggerFactory.getLogger("hexmirror");

    @Option(names = "--package", paramLabel = "NAME[:REQUIREMENT]",
            description = "Mirror this package with its dependencies (repeatable): every release, or those matching "
                    + "the requirement, e.g. phoenix, 'phoenix:~> 1.7' or 'phoenix ~> 1.7'. Default: everything upstream.")
    List<String> packages = List.of();

    @Option(names = "--lock", paramLabel = "PATH", description = "Mirror the exact releases of a mix.lock or rebar.lock (repeatable).")
    List<Path> locks = List.of();

    @Option(names = "--selection", paramLabel = "FILE", description = "Read packages, locks and excludes from a selection file.")
    Path selectionFile;

    @Option(names = "--exclude", paramLabel = "NAME", description = "Never mirror this package (repeatable).")
    List<String> excludes = List.of();

    @Option(names = "--no-optional", description = "Do not follow optional dependencies.")
    boolean noOptional;

    @Option(names = "--pre-releases", description = "Let requirements match pre-releases (Hex does not by default).")
    boolean preReleases;

    @Option(names = "--newest", paramLabel = "N", description = "Keep only the newest N matching versions per requirement.")
    Integer newest;

    @Option(names = "--keep-unselected", description = "Keep packages and releases the selection no longer needs.")
    boolean keepUnselected;

    @Option(names = "--registry", paramLabel = "MODE", defaultValue = "verbatim",
            description = "verbatim: serve hex.pm's registry files as they are (default); "
                    + "resign: list only mirrored releases, signed with --signing-key.")
    String registry;

    @Option(names = "--signing-key", paramLabel = "PEM_FILE", description = "The mirror's private key, for --registry resign (see hexmirror keygen).")
    Path signingKey;

    /** Whether any selection option was given: otherwise the mirror holds everything. */
    boolean selective() {
        return !packages.isEmpty() || !locks.isEmpty() || selectionFile != null;
    }

    /** Sets what to mirror and how the registry is presented; contradicting options are the user's to fix. */
    void applyTo(MirrorOptions.Builder options) throws IOException, HexMirrorException {
        options.keepUnselected(keepUnselected);
        if (selective()) {
            options.selection(request());
        } else if (!excludes.isEmpty() || newest != null) {
            throw new InvalidInputException("--exclude and --newest need a selection (--package, --lock or --selection)");
        }
        RegistryMode mode = switch (registry) {
            case "verbatim" -> RegistryMode.VERBATIM;
            case "resign" -> RegistryMode.RESIGN;
            default -> throw new InvalidInputException("--registry must be verbatim or resign, not '" + registry + "'");
        };
        if (mode == RegistryMode.RESIGN) {
            if (signingKey == null) {
                throw new InvalidInputException("--registry resign needs --signing-key (make one with hexmirror keygen)");
            }
            if (!selective()) {
                throw new InvalidInputException("--registry resign is for a partial mirror: give a selection (--package, --lock or --selection)");
            }
            options.signingKey(RepositoryKeys.readPrivateKey(signingKey));
        } else if (signingKey != null) {
            throw new InvalidInputException("--signing-key is only used with --registry resign");
        }
    }

    private SelectionRequest request() throws IOException, HexMirrorException {
        SelectionRequest.Builder builder = SelectionRequest.builder();
        if (selectionFile != null) {
            SelectionFile file = SelectionFile.read(selectionFile);
            file.notes().forEach(SelectionOptions::log);
            file.addTo(builder);
        }
        for (String entry : packages) {
            PackageSelector selector;
            try {
                selector = PackageSelector.parse(entry);
            } catch (IllegalArgumentException e) {
                // A bad requirement names the option it came from; a bad name says so on its own.
                throw e.getCause() instanceof VersionParseException bad
                        ? new InvalidInputException("--package " + entry + ": " + bad.getMessage(), e)
                        : new InvalidInputException(e.getMessage(), e);
            }
            selector.requirement().ifPresentOrElse(r -> builder.addPackage(selector.name(), r),
                    () -> builder.addPackage(selector.name()));
        }
        for (Path lock : locks) {
            LockFile file = LockFile.read(lock);
            file.notes().forEach(SelectionOptions::log);
            builder.addLocked(file.releases());
        }
        for (String name : excludes) {
            builder.exclude(packageName(name));
        }
        if (noOptional) {
            builder.includeOptional(false);
        }
        if (preReleases) {
            builder.allowPreReleases(true);
        }
        if (newest != null) {
            if (newest < 1) {
                throw new InvalidInputException("--newest takes a number of versions (1 or more), not " + newest);
            }
            builder.newestN(newest);
        }
        return builder.build();
    }

    private static String packageName(String name) throws InvalidInputException {
        try {
            return RegistryPaths.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    private static void log(SelectionNote note) {
        if (note.severity() == SelectionNote.Severity.WARNING) {
            LOG.warn(note.message());
        } else {
            LOG.info(note.message());
        }
    }
}
