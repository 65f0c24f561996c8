package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.sync.SyncPlanReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hexmirror plan}: what a sync would mirror and download, from registry files alone. */
@Command(name = "plan", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Prints what a sync with the same options would do.",
        description = {
            "Prints what 'hexmirror sync' with the same options would mirror: packages, releases, how many are already "
                + "present and the bytes still to download. Fetches registry files and sizes only; writes nothing."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror plan --package phoenix ./mirror",
            "  hexmirror plan --lock mix.lock --newest 1 ./mirror",
            "  hexmirror plan --rate 80k ./mirror"
        })
final class PlanCommand implements Callable<Integer> {
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

    @Option(names = "--rate", paramLabel = "RATE", converter = SizeConverter.class,
            description = "Also print how long the download takes at this rate, in bytes per second (e.g. 80k, 2M)."
                    + " Default: the --max-rate, if given.")
    Long rate;

    @Parameters(paramLabel = "TARGET", description = "Mirror directory or storage URI (need not exist yet).")
    String target;

    @Override
    public Integer call() throws IOException, HexMirrorException {
        MirrorOptions options = MirrorOpener.options("hexmirror plan", upstreamOptions, repositoryOptions, selection);
        DocsRunner docsRunner = docs.runner(selection, options.concurrency());
        try (HexMirror mirror = HexMirror.openExistingOrEmpty(target, options)) {
            OptionalLong at = rate != null ? OptionalLong.of(rate) : options.maxRate();
            return printPlan(mirror, docsRunner, spec.commandLine().getOut(), at);
        }
    }

    /**
     * Prints what a sync would do, and how long its download takes at {@code rate} (bytes per second) if given;
     * the exit code says whether everything asked for can be mirrored.
     */
    static int printPlan(HexMirror mirror, DocsRunner docsRunner, PrintWriter out, OptionalLong rate)
            throws IOException, HexMirrorException {
        SyncPlanReport plan = mirror.plan();
        PlanPrinter.print(plan, mirror.describe(), out, rate);
        if (docsRunner.syncsDocs()) {
            DocsPrinter.print(docsRunner.plan(mirror, plan), out);
        }
        return plan.problems().isEmpty() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }
}
