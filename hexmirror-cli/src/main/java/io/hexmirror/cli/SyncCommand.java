package io.hexmirror.cli;

import io.hexmirror.HexMirrorException;
import io.hexmirror.VerificationException;
import io.hexmirror.storage.MirrorLock;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.sync.SyncEngine;
import io.hexmirror.sync.SyncOptions;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.upstream.UpstreamClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hexmirror sync}: brings a mirror up to date with upstream. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {
            "Fetches what changed upstream, verifies it and publishes it into TARGET.",
            "A sync can be interrupted at any moment: the mirror stays usable and the next sync resumes."
        })
final class SyncCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    UpstreamOptions upstreamOptions;

    @Mixin
    RepositoryOptions repositoryOptions;

    @Option(names = "--package", paramLabel = "NAME",
            description = "Mirror only this package (repeatable). Default: every package.")
    List<String> packages = List.of();

    @Option(names = "--break-lock",
            description = "Remove a lock left by a sync that died (check first that no other sync is running).")
    boolean breakLock;

    @Parameters(paramLabel = "TARGET", description = "Mirror directory or storage URI (e.g. ./mirror, file:///srv/hex).")
    String target;

    @Override
    public Integer call() throws IOException, HexMirrorException {
        SyncOptions options = new SyncOptions(new LinkedHashSet<>(packages), upstreamOptions.concurrency);
        PrintWriter out = spec.commandLine().getOut();
        try (Storage storage = Storages.open(target)) {
            if (breakLock && MirrorLock.breakLock(storage)) {
                spec.commandLine().getErr().println("hexmirror: removed the lock of " + storage.describe());
            }
            try (MirrorLock lock = MirrorLock.acquire(storage, "hexmirror sync");
                    UpstreamClient upstream = upstreamOptions.client();
                    ProgressReporter progress = ProgressReporter.create(common.quiet)) {
                return sync(storage, upstream, options, progress, out);
            }
        }
    }

    private int sync(Storage storage, UpstreamClient upstream, SyncOptions options, ProgressReporter progress, PrintWriter out)
            throws IOException, VerificationException {
        SyncEngine engine = new SyncEngine(upstream, storage, repositoryOptions.reader(), options, progress);
        SyncSummary summary = engine.run();
        progress.close();
        SummaryPrinter.print(summary, storage.describe(), out);
        return summary.succeeded() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }
}
