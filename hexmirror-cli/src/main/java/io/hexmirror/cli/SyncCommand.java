package io.hexmirror.cli;

import io.hexmirror.HexMirrorException;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.storage.MirrorLock;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.sync.SyncSummary;
import java.io.IOException;
import java.io.PrintWriter;
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

    @Mixin
    SelectionOptions selection;

    @Option(names = "--dry-run", description = "Print what the sync would mirror and download, and change nothing (same as hexmirror plan).")
    boolean dryRun;

    @Option(names = "--break-lock",
            description = "Remove a lock left by a sync that died (check first that no other sync is running).")
    boolean breakLock;

    @Parameters(paramLabel = "TARGET", description = "Mirror directory or storage URI (e.g. ./mirror, file:///srv/hex).")
    String target;

    @Override
    public Integer call() throws IOException, HexMirrorException {
        SyncRunner runner = new SyncRunner(upstreamOptions, repositoryOptions, selection);
        PrintWriter out = spec.commandLine().getOut();
        try (Storage storage = Storages.open(target)) {
            if (dryRun) {
                return PlanCommand.printPlan(runner, storage, out);
            }
            if (breakLock && MirrorLock.breakLock(storage)) {
                spec.commandLine().getErr().println("hexmirror: removed the lock of " + storage.describe());
            }
            SyncSummary summary;
            try (ProgressReporter progress = ProgressReporter.create(common.quiet)) {
                summary = runner.run(storage, "hexmirror sync", progress, out);
            }
            SummaryPrinter.print(summary, storage.describe(), new GenerationStore(storage).currentNumber(), out);
            return summary.succeeded() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
        }
    }
}
