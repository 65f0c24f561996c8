package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.MirrorChangeHook;
import io.hexmirror.MirrorOptions;
import io.hexmirror.sync.SyncSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hexmirror sync}: brings a mirror up to date with upstream. */
@Command(name = "sync", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Brings a mirror up to date with upstream.",
        description = {
            "Fetches what changed upstream, verifies it and publishes it into TARGET.",
            "A sync can be interrupted at any moment: the mirror stays usable and the next sync resumes."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror sync ./mirror",
            "  hexmirror sync --package phoenix --package 'ecto:~> 3.10' ./mirror",
            "  hexmirror sync --lock mix.lock --registry resign --signing-key keys/private_key.pem ./mirror",
            "  hexmirror sync --max-rate 80k ./mirror",
            "  hexmirror sync --download-counts ./mirror",
            "  hexmirror sync --upstream https://hex.example.org --upstream-key hex.pem s3://bucket/hex"
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

    @Mixin
    DocsOptions docs;

    @Mixin
    InstallsCliOptions installs;

    @Mixin
    DownloadCountsCliOptions downloadCounts;

    @Option(names = "--dry-run", description = "Print what the sync would mirror and download, and change nothing (same as hexmirror plan).")
    boolean dryRun;

    @Option(names = "--break-lock",
            description = "Remove a lock left by a sync that died (check first that no other sync is running).")
    boolean breakLock;

    @Parameters(paramLabel = "TARGET", description = "Mirror directory or storage URI (e.g. ./mirror, file:///srv/hex).")
    String target;

    @Override
    public Integer call() throws IOException, HexMirrorException {
        PrintWriter out = spec.commandLine().getOut();
        // Made first, as the catalog hook writes while the bar is up; it shows nothing until the sync reports.
        try (ProgressReporter progress = ProgressReporter.create(common.quiet)) {
            MirrorOptions options = MirrorOpener.options("hexmirror sync", upstreamOptions, repositoryOptions, selection)
                    .toBuilder().installs(installs.toInstallsOptions().orElse(null))
                    .downloadCounts(downloadCounts.toOptions().orElse(null)).build();
            DocsRunner docsRunner = docs.runner(selection, options.concurrency());
            // The catalog's pages follow every sync, for what it changed; the bar says so meanwhile. With docs,
            // the catalog is updated once, after them (DocsRunner.registrySyncHook).
            MirrorChangeHook catalog = CatalogUpdates.hook(progress.erasingBefore(out));
            options = options.toBuilder().afterChange(docsRunner.registrySyncHook((storage, reader, upstream) -> {
                progress.stage("updating the catalog's pages");
                catalog.afterChange(storage, reader, upstream);
            })).build();
            try (HexMirror mirror = HexMirror.open(target, options)) {
                if (dryRun) {
                    return PlanCommand.printPlan(mirror, docsRunner, out, options.maxRate());
                }
                MirrorOpener.breakLockIfAsked(breakLock, mirror, spec.commandLine().getErr());
                long generationBefore = mirror.generation();
                SyncSummary summary = mirror.sync(progress.withRateCap(options.maxRate()));
                // The bar goes for good before the docs sync and the summary.
                progress.close();
                return finish(summary, mirror, docsRunner, generationBefore, options.upstream().toString(), out);
            }
        }
    }

    private static int finish(SyncSummary summary, HexMirror mirror, DocsRunner docsRunner, long generationBefore,
            String upstream, PrintWriter out) throws IOException, HexMirrorException {
        boolean docsOk = true;
        if (docsRunner.syncsDocs()) {
            docsOk = docsRunner.runThenUpdateCatalog(mirror, generationBefore, upstream, out).succeeded();
        }
        SummaryPrinter.print(summary, mirror.describe(), mirror.generation(), out);
        return exitCode(summary, docsOk);
    }

    /**
     * 0 when everything went through; 7 when everything but quarantined releases did (the mirror is
     * up to date without them); 1 when anything else was left out, for the next sync to finish.
     */
    static int exitCode(SyncSummary summary, boolean docsOk) {
        if (!docsOk) {
            return ExitCodes.INCOMPLETE;
        }
        if (summary.succeeded()) {
            return summary.quarantined().isEmpty() ? ExitCodes.OK : ExitCodes.QUARANTINED;
        }
        return summary.publishedWithQuarantine() ? ExitCodes.QUARANTINED : ExitCodes.INCOMPLETE;
    }
}
