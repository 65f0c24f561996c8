package io.hexmirror.cli;

import io.hexmirror.HexMirrorException;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.selection.LockFile;
import io.hexmirror.selection.PackageSelector;
import io.hexmirror.selection.SelectionFile;
import io.hexmirror.selection.SelectionNote;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.sync.RegistryMode;
import io.hexmirror.sync.SyncOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    SyncOptions toSyncOptions(int concurrency) throws IOException, HexMirrorException {
        SyncOptions options = SyncOptions.all().withConcurrency(concurrency).keepingUnselected(keepUnselected);
        if (selective()) {
            options = options.withSelection(request());
        } else if (!excludes.isEmpty() || newest != null) {
            throw new IllegalArgumentException("--exclude and --newest need a selection (--package, --lock or --selection)");
        }
        RegistryMode mode = switch (registry) {
            case "verbatim" -> RegistryMode.VERBATIM;
            case "resign" -> RegistryMode.RESIGN;
            default -> throw new IllegalArgumentException("--registry must be verbatim or resign, not '" + registry + "'");
        };
        if (mode == RegistryMode.RESIGN) {
            if (signingKey == null) {
                throw new IllegalArgumentException("--registry resign needs --signing-key (make one with hexmirror keygen)");
            }
            options = options.resigned(RepositoryKeys.readPrivateKey(signingKey));
        } else if (signingKey != null) {
            throw new IllegalArgumentException("--signing-key is only used with --registry resign");
        }
        return options;
    }

    private SelectionRequest request() throws IOException, HexMirrorException {
        SelectionRequest.Builder builder = SelectionRequest.builder();
        if (selectionFile != null) {
            SelectionFile file = SelectionFile.read(selectionFile);
            file.notes().forEach(SelectionOptions::log);
            file.addTo(builder);
        }
        for (String entry : packages) {
            PackageSelector selector = PackageSelector.parse(entry);
            selector.requirement().ifPresentOrElse(r -> builder.addPackage(selector.name(), r),
                    () -> builder.addPackage(selector.name()));
        }
        for (Path lock : locks) {
            LockFile file = LockFile.read(lock);
            file.notes().forEach(SelectionOptions::log);
            builder.addLocked(file.releases());
        }
        excludes.forEach(name -> builder.exclude(RegistryPaths.checkName(name)));
        if (noOptional) {
            builder.includeOptional(false);
        }
        if (preReleases) {
            builder.allowPreReleases(true);
        }
        Optional.ofNullable(newest).ifPresent(builder::newestN);
        return builder.build();
    }

    private static void log(SelectionNote note) {
        if (note.severity() == SelectionNote.Severity.WARNING) {
            LOG.warn(note.message());
        } else {
            LOG.info(note.message());
        }
    }
}
