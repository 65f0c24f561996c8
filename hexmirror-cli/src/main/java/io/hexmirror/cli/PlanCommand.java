package io.hexmirror.cli;

import io.hexmirror.HexMirrorException;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.sync.SyncPlanReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hexmirror plan}: what a sync would mirror and download, from registry files alone. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {
            "Prints what 'hexmirror sync' with the same options would mirror: packages, releases, how many are",
            "already present and the bytes still to download. Fetches registry files and sizes only; writes nothing."
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

    @Parameters(paramLabel = "TARGET", description = "Mirror directory or storage URI (need not exist yet).")
    String target;

    @Override
    public Integer call() throws IOException, HexMirrorException {
        SyncRunner runner = new SyncRunner(upstreamOptions, repositoryOptions, selection, docs);
        try (Storage storage = Storages.open(target)) {
            return printPlan(runner, storage, spec.commandLine().getOut());
        }
    }

    /** Prints what a sync would do; the exit code says whether everything asked for can be mirrored. */
    static int printPlan(SyncRunner runner, Storage storage, PrintWriter out) throws IOException, HexMirrorException {
        SyncPlanReport plan = runner.plan(storage, SyncListener.NONE);
        PlanPrinter.print(plan, storage.describe(), out);
        if (runner.syncsDocs()) {
            DocsPrinter.print(runner.planDocs(storage), out);
        }
        return plan.problems().isEmpty() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }
}
