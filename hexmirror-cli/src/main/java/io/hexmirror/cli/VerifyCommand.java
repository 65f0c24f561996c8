package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.concurrent.DaemonThreads;
import io.hexmirror.concurrent.Futures;
import io.hexmirror.docs.DocsVerifier;
import io.hexmirror.verify.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hexmirror verify}: checks a whole mirror as a client would. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        header = "Checks a mirror's signatures and checksums.",
        description = {
            "Checks every registry file's signature and origin, and every tarball against the checksum of the whole file"
                    + " that the signed registry lists: a match proves it is byte for byte what upstream published.",
            "With --deep, also inspects each tarball inside as a sync does before publishing it: tar structure, inner checksum,"
                    + " contents.tar.gz as gzip.",
            "Lists what is missing or corrupt; the exit status says whether the mirror is sound."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror verify ./mirror",
            "  hexmirror verify --deep ./mirror",
            "  hexmirror verify --upstream-key hex.pem s3://bucket/hex"
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    RepositoryOptions repositoryOptions;

    @Option(names = "--trust-stored-checksums",
            description = {
                "Accept a tarball without downloading it when the SHA-256 the store keeps for it (S3 object metadata)"
                        + " equals the registry's checksum. Tarballs without a stored SHA-256 are still read.",
                "Use it on a store you trust: a tarball changed behind hexmirror's back with its metadata left in place"
                        + " is not noticed."
            })
    boolean trustStoredChecksums;

    @Option(names = "--deep",
            description = {
                "Inspect each tarball inside as well (tar structure, inner checksum against its CHECKSUM member and the registry,"
                        + " contents.tar.gz as valid gzip), as a sync does before publishing it.",
                "Finds what the checksum of the whole file cannot: a tarball upstream signed though it is broken, or a mirror"
                        + " written by a tool that did not inspect tarballs. Slower: it hashes the contents twice and inflates them."
            })
    boolean deep;

    @Option(names = "--installs-key", paramLabel = "PEM",
            description = "Public key the installs CSVs (.signed) must verify with (default: the Elixir team's key, built into Mix).")
    Path installsKey;

    @Parameters(paramLabel = "TARGET", description = "Mirror directory or storage URI.")
    String target;

    @Override
    public Integer call() throws IOException, HexMirrorException {
        PrintWriter out = spec.commandLine().getOut();
        MirrorOptions options = MirrorOpener.options("hexmirror verify", null, repositoryOptions, null).toBuilder()
                .trustStoredChecksums(trustStoredChecksums)
                .deepVerify(deep)
                .installsKey(InstallsCliOptions.installsKey(installsKey)).build();
        try (HexMirror mirror = HexMirror.openExisting(target, options)) {
            // The docs are checked while the packages are, and reported after them: the docs check starts with a listing
            // of docs/ and a read of every journal on one thread, which then overlaps the packages' check instead of
            // following it with a core idle.
            ExecutorService docsStart = DaemonThreads.pool(1, "hexmirror-docs-verify-start");
            try {
                Future<DocsVerifier.Report> docsCheck = docsStart.submit(() -> new DocsVerifier(mirror.storage()).verify());
                VerifyReport report = mirror.verify();
                printPackages(out, mirror, report);
                DocsVerifier.Report docs = Futures.await(docsCheck, "verify");
                printDocs(out, mirror, docs);
                return report.sound() && docs.ok() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
            } finally {
                docsStart.shutdownNow();
            }
        }
    }

    private void printPackages(PrintWriter out, HexMirror mirror, VerifyReport report) {
        report.problems().forEach(problem -> out.println(problem));
        // Not problems of the mirror (consistent without them), but missing all the same.
        report.quarantined().forEach(q -> out.println("quarantined " + q.describe() + " since " + q.since() + ": "
                + q.subject() + ": " + q.reason()));
        // A selective mirror in verbatim mode lists releases it leaves out on purpose: say how many.
        String leftOut = report.releasesNotMirrored() > 0
                ? ", " + report.releasesNotMirrored() + " listed releases left out by the selection" : "";
        String trusted = trustStoredChecksums ? " (" + report.tarballsTrusted() + " on their stored SHA-256)" : "";
        String depth = deep ? " in depth" : "";
        String quarantined = report.quarantined().isEmpty() ? ""
                : ", " + report.quarantined().size() + " quarantined release(s) left out";
        out.printf("%s: %d package files and %d tarballs checked%s%s, %d listed packages not mirrored%s%s, %d problem(s): %s%n",
                mirror.describe(), report.packagesChecked(), report.tarballsChecked(), depth, trusted, report.packagesNotMirrored(),
                leftOut, quarantined, report.problems().size(), report.sound() ? "sound" : "NOT sound");
        out.flush();
    }

    private void printDocs(PrintWriter out, HexMirror mirror, DocsVerifier.Report docs) {
        docs.problems().forEach(problem -> out.println(problem));
        out.printf("%s: %d docs tarballs checked (structure and recorded SHA-256), %d problem(s)%n",
                mirror.describe(), docs.checked(), docs.problems().size());
        out.flush();
    }
}
