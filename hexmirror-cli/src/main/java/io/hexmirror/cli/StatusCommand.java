package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.generation.Generation;
import io.hexmirror.generation.MirrorStatus;
import io.hexmirror.generation.PendingChange;
import io.hexmirror.generation.QuarantinedRelease;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hexmirror status}: the mirror's generation and what it holds. */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Shows a mirror's generation and size.",
        description = {
            "Shows the mirror's current generation (each sync or import that changes it makes a new one), when it was "
                + "made, the mirror's id, how many packages and tarballs it holds, and the releases it leaves out "
                + "because upstream serves them wrongly (quarantined). Changes nothing."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror status ./mirror",
            "  hexmirror status s3://bucket/hex"
        })
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "TARGET", description = "Mirror directory or storage URI.")
    String target;

    @Override
    public Integer call() throws IOException, HexMirrorException {
        PrintWriter out = spec.commandLine().getOut();
        try (HexMirror mirror = HexMirror.openExisting(target, MirrorOptions.defaults())) {
            MirrorStatus status = mirror.status();
            out.println("mirror: " + mirror.describe());
            if (status.generation().isPresent()) {
                Generation g = status.generation().get();
                out.println("generation: " + g.number());
                out.println("generation id: " + g.id());
                out.println("made: " + g.createdAt() + " (by " + g.origin().text() + ")");
                out.println("mirror id: " + g.mirrorId() + (g.origin() == Generation.Origin.IMPORT ? " (a copy made by import)" : ""));
            } else {
                out.println("generation: 0 (nothing recorded yet)");
            }
            out.println("packages: " + status.packages());
            out.println("tarballs: " + status.tarballs() + " (" + Units.bytes(status.tarballBytes()) + ")");
            for (QuarantinedRelease q : status.quarantined()) {
                out.println("quarantined: " + q.describe() + " since " + q.since() + ", last tried " + q.lastTried()
                        + " (" + q.subject() + ": " + q.reason() + ")");
            }
            if (status.pending().isPresent()) {
                PendingChange p = status.pending().get();
                out.println("unfinished: " + p.describe() + (p.importing().isPresent()
                        ? "; unless it is still running, run that import again"
                        : "; unless it is still running, the next sync or export records its changes"));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
