package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.InvalidInputException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.transfer.BundleManifest;
import io.hexmirror.transfer.ExportOptions;
import io.hexmirror.transfer.ExportResult;
import io.hexmirror.transfer.TransferRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hexmirror export}: writes a bundle of what changed, for a mirror on the far side of a slow or absent link. */
@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Writes a bundle of a mirror's changes for 'hexmirror import'.",
        description = {
            "Writes BUNDLE: the files of the mirror in TARGET that changed after a generation (with removals), or all "
                + "of them, for 'hexmirror import' on another mirror. The bundle is a tar file that starts with a "
                + "manifest (MANIFEST.json.gz).",
            "With --request, answers a request written by 'hexmirror want' on the other mirror: everything since its "
                + "generation, and a check that this mirror holds the packages it asks for (exit status 1 and a list "
                + "when it does not)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror export --full ./mirror /media/disk/hex-full.tar",
            "  hexmirror export --since 41 --split 4095M ./mirror /media/disk/hex-42.tar",
            "  hexmirror export --request want.json ./mirror /media/disk/answer.tar"
        })
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--since", paramLabel = "GENERATION", description = "Export what changed after this generation.")
        Long since;

        @Option(names = "--full", description = "Export the whole mirror (for an empty mirror on the other side).")
        boolean full;

        @Option(names = "--request", paramLabel = "FILE", description = "Export what the request (from 'hexmirror want') needs.")
        Path request;
    }

    @Option(names = "--split", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Cut the bundle into volumes BUNDLE.001, BUNDLE.002, ... of this size (e.g. 700M, 4G; for FAT32 use 4095M).")
    Long split;

    @Option(names = "--break-lock",
            description = "Remove a lock left by a sync that died (check first that no other sync is running).")
    boolean breakLock;

    @Parameters(index = "0", paramLabel = "TARGET", description = "Mirror directory or storage URI to export from.")
    String target;

    @Parameters(index = "1", paramLabel = "BUNDLE", description = "The bundle file to write (must not exist).")
    Path bundle;

    @Override
    public Integer call() throws IOException, HexMirrorException {
        ExportOptions options;
        TransferRequest request = null;
        if (what.request != null) {
            request = TransferRequest.read(what.request);
            options = ExportOptions.answering(request);
        } else if (what.full) {
            options = ExportOptions.fullCopy();
        } else {
            if (what.since < 0) {
                throw new InvalidInputException("--since takes a generation number (0 or more), not " + what.since);
            }
            options = ExportOptions.since(what.since);
        }
        if (split != null) {
            options = options.withVolumeSize(split);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (HexMirror mirror = HexMirror.openExisting(target, MirrorOptions.builder().owner("hexmirror export").build())) {
            MirrorOpener.breakLockIfAsked(breakLock, mirror, spec.commandLine().getErr());
            ExportResult result = mirror.exportBundle(options, bundle);
            print(result, request, out);
            return result.unavailable().isEmpty() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
        }
    }

    private static void print(ExportResult result, TransferRequest request, PrintWriter out) {
        BundleManifest m = result.manifest();
        out.println("wrote " + result.files().get(0) + (result.files().size() > 1 ? " and " + (result.files().size() - 1)
                + " more volume(s)" : "") + ": " + m.describe());
        if (request != null) {
            out.println("  answers " + request.describe());
        }
        out.printf(Locale.ROOT, "  %d files (%s), %d removals%n", m.fileCount(), Units.bytes(m.contentBytes()), m.removalCount());
        // Docs are most of the bytes of a mirror that carries them: say how much.
        long docsFiles = m.entries().stream().filter(e -> !e.deleted() && e.path().startsWith("docs/")).count();
        long docsBytes = m.entries().stream().filter(e -> !e.deleted() && e.path().startsWith("docs/")).mapToLong(e -> e.size()).sum();
        out.printf(Locale.ROOT, "  of which docs: %d tarballs (%s); registry and package tarballs: %d files (%s)%n", docsFiles,
                Units.bytes(docsBytes), m.fileCount() - docsFiles, Units.bytes(m.contentBytes() - docsBytes));
        double overhead = m.contentBytes() == 0 ? 0 : 100.0 * result.overheadBytes() / m.contentBytes();
        out.printf(Locale.ROOT, "  bundle: %s in %d file(s), %s more than the files it carries (%.2f%%)%n",
                Units.bytes(result.bundleBytes()), result.files().size(), Units.bytes(result.overheadBytes()), overhead);
        out.println("  import it with: hexmirror import " + result.files().get(0).getFileName() + " TARGET");
        if (!result.unavailable().isEmpty()) {
            out.println("this mirror does not hold what the request also asks for:");
            result.unavailable().forEach(item -> out.println("  " + item));
            out.println("sync it into this mirror (for example hexmirror sync --package NAME ..., or for docs"
                    + " hexmirror sync --docs-for NAME[@VERSION] ...) and export again; this bundle does not contain it");
        }
        out.flush();
    }
}
