package io.hexmirror.cli;

import io.hexmirror.HexMirrorException;
import io.hexmirror.server.MirrorServer;
import io.hexmirror.server.SyncJob;
import io.hexmirror.server.SyncOutcome;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.sync.SyncSummary;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hexmirror serve}: serves a mirror to Mix, rebar3 and browsers, optionally syncing it in the background. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
            "Serves the mirror in TARGET over HTTP as a Hex repository (read-only).",
            "With --sync-interval, also syncs it from upstream in the background; clients never see a half-applied sync."
        })
final class ServeCommand implements Callable<Integer> {
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

    @Mixin
    UpstreamOptions upstreamOptions;

    @Mixin
    RepositoryOptions repositoryOptions;

    @Mixin
    SelectionOptions selection;

    @Mixin
    InstallsCliOptions installs;

    @Parameters(paramLabel = "TARGET", description = "Mirror directory or storage URI.")
    String target;

    @Override
    public Integer call() throws IOException, HexMirrorException, InterruptedException {
        try (Storage storage = Storages.open(target)) {
            MirrorServer.Builder builder = MirrorServer.builder(storage).bind(bind).port(port).pathPrefix(pathPrefix);
            if (syncInterval != null) {
                builder.syncJob(backgroundSync(storage), syncInterval);
            }
            MirrorServer server = builder.build();
            server.start();
            // SIGTERM (systemd stop, docker stop) and Ctrl-C: finish requests in flight, then exit.
            Thread hook = new Thread(server::stop, "hexmirror-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            LOG.info("serving {} at {}", storage.describe(), server.uri());
            spec.commandLine().getOut().println("hexmirror: serving " + storage.describe() + " at " + server.uri());
            spec.commandLine().getOut().flush();
            server.join();
            return ExitCodes.OK;
        }
    }

    private SyncJob backgroundSync(Storage storage) throws IOException, HexMirrorException {
        SyncRunner runner = new SyncRunner(upstreamOptions, repositoryOptions, selection, installs);
        return () -> {
            SyncSummary summary = runner.run(storage, "hexmirror serve --sync-interval", SyncListener.NONE);
            String line = String.format(Locale.ROOT, "%d packages added, %d updated, %d removed; %d tarballs downloaded; %s",
                    summary.packagesAdded(), summary.packagesUpdated(), summary.packagesRemoved(),
                    summary.tarballsDownloaded(), Units.bytes(summary.bytesDownloaded()));
            if (!summary.succeeded()) {
                throw new IOException(summary.failures().size() + " failure(s), first: " + summary.failures().get(0) + " (" + line + ")");
            }
            return SyncOutcome.of(line);
        };
    }
}
