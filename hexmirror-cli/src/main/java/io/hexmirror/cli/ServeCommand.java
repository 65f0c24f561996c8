package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.InvalidInputException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.server.MirrorServer;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
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

    @Parameters(paramLabel = "TARGET", description = "Mirror directory or storage URI.")
    String target;

    @Override
    public Integer call() throws IOException, HexMirrorException, InterruptedException {
        MirrorOptions options = MirrorOpener.options("hexmirror serve --sync-interval", upstreamOptions, repositoryOptions,
                selection);
        try (HexMirror mirror = HexMirror.open(target, options)) {
            Storage storage = mirror.storage();
            MirrorServer.Builder builder;
            try {
                builder = MirrorServer.builder(storage).bind(bind).port(port).pathPrefix(pathPrefix);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
            if (syncInterval != null) {
                builder.syncFrom(mirror, syncInterval);
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
}
