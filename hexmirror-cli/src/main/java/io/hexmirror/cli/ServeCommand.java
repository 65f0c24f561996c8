package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.InvalidInputException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.docs.DocsSearchIndex;
import io.hexmirror.docs.DocsSyncSummary;
import io.hexmirror.docs.MirroredDocs;
import io.hexmirror.generation.QuarantinedRelease;
import io.hexmirror.generation.Sha256;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.server.MirrorServer;
import io.hexmirror.server.SyncJob;
import io.hexmirror.server.SyncOutcome;
import io.hexmirror.storage.Storage;
import io.hexmirror.sync.SyncSummary;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hexmirror serve}: serves a mirror to Mix, rebar3 and browsers, optionally syncing it in the background. */
@Command(name = "serve", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Serves a mirror over HTTP, optionally syncing it in the background.",
        description = {
            "Serves the mirror in TARGET over HTTP as a Hex repository (read-only), to Mix, rebar3 and browsers.",
            "With --sync-interval, also syncs it from upstream in the background; clients never see a half-applied sync."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror serve ./mirror",
            "  hexmirror serve --bind 0.0.0.0 --port 8080 --path-prefix /hex/ /srv/hex",
            "  hexmirror serve --sync-interval 1h --package phoenix ./mirror",
            "%nThen point clients at it: HEX_MIRROR=http://HOST:PORT mix deps.get"
        })
final class ServeCommand implements Callable<Integer> {
    /** The help lists serve's options by what they are for; the rest follow under "Other options". */
    static Map<String, List<String>> optionSections() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("Serving", List.of("--bind", "--port", "--path-prefix"));
        sections.put("Syncing in the background (with --sync-interval)", List.of("--sync-interval", "--upstream",
                "--upstream-key", "--repository", "--proxy", "--concurrency", "--timeout", "--retries"));
        sections.put("What to sync (default: everything upstream)", List.of("--package", "--lock", "--selection",
                "--exclude", "--no-optional", "--pre-releases", "--newest", "--keep-unselected", "--registry",
                "--signing-key", "--installs", "--installs-elixir", "--installs-otp", "--installs-key", "--download-counts",
                "--download-counts-api", "--download-counts-pause"));
        return sections;
    }
    private static final Logger LOG = LoggerFactory.getLogger("hexmirror");

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    InetAddress bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--path-prefix", paramLabel = "PATH", defaultValue = "/",
            description = "Serve under this path, e.g. /hex/ behind a reverse proxy (default: ${DEFAULT-VALUE}).")
    String pathPrefix;

    @Option(names = "--sync-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Sync from upstream at start and then this long after each sync ends (e.g. 1h, 30m).")
    Duration syncInterval;

    @Option(names = "--memory-cache", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Memory kept for the contents of small files, so that popular ones are served without reading"
                    + " the storage (e.g. 64M, 1G; 0 keeps none; default: 64M).")
    Long memoryCache;

    @Mixin
    UpstreamOptions upstreamOptions;

    @Mixin
    RepositoryOptions repositoryOptions;

    @Mixin
    SelectionOptions selection;

    @Mixin
    DocsOptions docs;

    @Option(names = "--docs-index", paramLabel = "DIR",
            description = "Local directory for the docs search index (a cache, rebuilt from the docs tarballs when missing; "
                    + "default: a directory under the system's temporary directory, one per mirror).")
    Path docsIndex;

    @Mixin
    InstallsCliOptions installs;

    @Mixin
    DownloadCountsCliOptions downloadCounts;

    @Parameters(paramLabel = "TARGET", description = "Mirror directory or storage URI.")
    String target;

    @Override
    public Integer call() throws IOException, HexMirrorException, InterruptedException {
        MirrorOptions options = MirrorOpener.options("hexmirror serve --sync-interval", upstreamOptions, repositoryOptions,
                selection).toBuilder().installs(installs.toInstallsOptions().orElse(null))
                .downloadCounts(downloadCounts.toOptions().orElse(null)).build();
        DocsRunner docsRunner = docs.runner(selection, options.concurrency());
        options = keepingTheCatalogCurrent(options, docsRunner);
        // Serving only reads the mirror: a missing target is a mistake to report. Syncing it too may start from nothing.
        try (HexMirror mirror = syncInterval != null ? HexMirror.open(target, options) : HexMirror.openExisting(target, options);
                DocsSearchIndex index = DocsSearchIndex.open(docsIndexDir(mirror.storage()))) {
            Storage storage = mirror.storage();
            MirrorServer.Builder builder;
            try {
                builder = MirrorServer.builder(storage).bind(bind).port(port).pathPrefix(pathPrefix).docsSearch(index);
                if (memoryCache != null) {
                    builder.memoryCache(memoryCache);
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
            if (syncInterval != null) {
                builder.syncJob(backgroundSync(mirror, docsRunner, index), syncInterval);
            } else {
                // Brings the search index up to date with the docs the mirror holds, without delaying the start.
                Thread indexer = new Thread(() -> updateIndex(storage, index), "hexmirror-docs-index");
                indexer.setDaemon(true);
                indexer.start();
            }
            emptyMirrorWarning(storage, syncInterval != null).ifPresent(LOG::warn);
            MirrorServer server = builder.build();
            server.start();
            // SIGTERM (systemd stop, docker stop) and Ctrl-C: finish requests in flight, then exit.
            Thread hook = new Thread(server::stop, "hexmirror-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            // One line says where: the URL clients use, and the socket when that is not the URL's host.
            spec.commandLine().getOut().println("hexmirror: serving " + storage.describe() + " at " + server.uri()
                    + (bind.isAnyLocalAddress() ? " (listening on " + bind.getHostAddress() + " port " + server.uri().getPort()
                            + ", every interface)" : ""));
            spec.commandLine().getOut().flush();
            server.join();
            return ExitCodes.OK;
        }
    }

    /** A warning when there is nothing to serve yet and no background sync will fill the mirror. */
    static Optional<String> emptyMirrorWarning(Storage storage, boolean syncing) throws IOException {
        if (syncing || storage.stat(RegistryPaths.NAMES).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(storage.describe() + " holds no mirror yet (no /names): clients will get 404 for everything; "
                + "run 'hexmirror sync' or 'hexmirror import' on it first, or serve with --sync-interval");
    }

    private Path docsIndexDir(Storage storage) {
        if (docsIndex != null) {
            return docsIndex;
        }
        String id = Sha256.hex(storage.describe().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return Path.of(System.getProperty("java.io.tmpdir"), "hexmirror-docs-index-" + id);
    }

    private static void updateIndex(Storage storage, DocsSearchIndex index) {
        try {
            DocsSearchIndex.UpdateResult result = index.update(storage, MirroredDocs.load(storage));
            LOG.info("docs search index: {} versions indexed, {} removed, {} unchanged", result.indexed(), result.removed(),
                    result.unchanged());
            result.failures().forEach(f -> LOG.warn("docs search index: {}", f));
        } catch (IOException | RuntimeException e) {
            LOG.warn("docs search index could not be updated: {}", e.toString());
        }
    }

    /**
     * {@code options} with the hook that keeps the catalog's pages current after each background sync: after the
     * registry sync when there are no docs; with docs, none, as {@link #backgroundSync} updates the catalog once after
     * them ({@link DocsRunner#registrySyncHook}).
     */
    static MirrorOptions keepingTheCatalogCurrent(MirrorOptions options, DocsRunner docsRunner) {
        return options.toBuilder().afterChange(docsRunner.registrySyncHook(CatalogUpdates.hook(null))).build();
    }

    /**
     * The background sync: the registry through the facade (under the mirror's lock), then the docs and the
     * catalog's update for both, then the search index. A sync that left packages out for the next sync to
     * finish counts as failed, so the server shows it and retries; one that published all but quarantined
     * releases (upstream serves them wrongly, every sync retries them) is a success with a warning naming
     * them, as {@code sync}'s exit status 7 is.
     */
    static SyncJob backgroundSync(HexMirror mirror, DocsRunner docsRunner, DocsSearchIndex index) {
        return () -> {
            long generationBefore = mirror.generation();
            SyncSummary summary = mirror.sync();
            String line = String.format(Locale.ROOT, "%d packages added, %d updated, %d removed; %d tarballs downloaded; %s",
                    summary.packagesAdded(), summary.packagesUpdated(), summary.packagesRemoved(),
                    summary.tarballsDownloaded(), Units.bytes(summary.bytesDownloaded()));
            if (docsRunner.syncsDocs()) {
                DocsSyncSummary docsSummary = docsRunner.runThenUpdateCatalog(mirror, generationBefore,
                        mirror.options().upstream().toString(), null);
                line += String.format(Locale.ROOT, "; docs: %d fetched, %s", docsSummary.fetched(), Units.bytes(docsSummary.bytes()));
                if (!docsSummary.succeeded()) {
                    LOG.warn("docs: {} failure(s), first: {}", docsSummary.failures().size(), docsSummary.failures().get(0));
                }
            }
            updateIndex(mirror.storage(), index);
            if (!summary.succeeded() && !summary.publishedWithQuarantine()) {
                throw new IOException(summary.failures().size() + " failure(s), first: " + summary.failures().get(0) + " (" + line + ")");
            }
            if (!summary.quarantined().isEmpty()) {
                String releases = summary.quarantined().stream().map(QuarantinedRelease::describe).collect(Collectors.joining(", "));
                LOG.warn("published without {} quarantined release(s) that upstream serves wrongly; every sync retries them: {}",
                        summary.quarantined().size(), releases);
                line += "; " + summary.quarantined().size() + " quarantined: " + releases;
            }
            return SyncOutcome.of(line);
        };
    }

}
