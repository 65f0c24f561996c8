package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.docs.DocsBundleCheck;
import io.hexmirror.docs.HexDocs;
import io.hexmirror.transfer.ImportResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hexmirror import}: verifies a bundle completely, then applies it. */
@Command(name = "import", mixinStandardHelpOptions = true,
        header = "Applies a bundle from 'hexmirror export' to a mirror.",
        description = {
            "Applies a bundle written by 'hexmirror export' to the mirror in TARGET. First checks everything: that every "
                + "volume is there, every file matches the manifest, every registry file's signature and origin verify, "
                + "and every tarball matches the registry; only then publishes, in the order a sync uses.",
            "The mirror must be at the generation the bundle starts from (or already contain it: then nothing happens). "
                + "An interrupted import can be run again."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror import /media/disk/hex-42.tar ./mirror",
            "  hexmirror import /media/disk/hex-42.tar.001 /media/disk/hex-42.tar.002 ./mirror",
            "  hexmirror import --upstream-key hex.pem hex-42.tar s3://bucket/hex"
        })
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    RepositoryOptions repositoryOptions;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where to unpack the bundle while checking it; needs as much free space as the bundle"
                    + " (default: the system's temporary directory).")
    Path workDir;

    @Option(names = "--break-lock",
            description = "Remove a lock left by a sync or import that died (check first that none is running).")
    boolean breakLock;

    @Option(names = "--installs-key", paramLabel = "PEM",
            description = "Public key the bundle's installs CSVs (.signed) must verify with (default: the Elixir team's key, built into Mix).")
    Path installsKey;

    @Parameters(arity = "2..*", paramLabel = "BUNDLE... TARGET", hideParamSyntax = true,
            description = "The bundle (its file, its name when split, or its volumes), then the mirror directory or storage URI.")
    List<String> arguments;

    @Override
    public Integer call() throws IOException, HexMirrorException {
        if (arguments.size() < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "expected BUNDLE... TARGET");
        }
        String target = arguments.get(arguments.size() - 1);
        List<Path> bundle = arguments.subList(0, arguments.size() - 1).stream().map(Path::of).toList();
        MirrorOptions.Builder options = MirrorOpener.options("hexmirror import", null, repositoryOptions, null).toBuilder();
        if (workDir != null) {
            options.workDir(workDir);
        }
        options.installsKey(InstallsCliOptions.installsKey(installsKey));
        PrintWriter out = spec.commandLine().getOut();
        options.bundleFileCheck(new DocsBundleCheck());
        try (HexMirror mirror = HexMirror.open(target, options.build())) {
            MirrorOpener.breakLockIfAsked(breakLock, mirror, spec.commandLine().getErr());
            long generationBefore = mirror.generation();
            ImportResult result = mirror.importBundle(bundle);
            // Bundles carry neither browsable docs nor catalog pages: the docs are derived here from the docs tarballs
            // the mirror now holds, then the catalog is brought up to date for what the bundle and the docs changed.
            HexDocs.TreeUpdate docs = mirror.write(storage -> CatalogUpdates.afterDocs(storage, mirror.registryReader(), null,
                    generationBefore, () -> new HexDocs(storage).catchUp(), HexDocs.TreeUpdate::packages, out));
            if (result.outcome() == ImportResult.Outcome.ALREADY_APPLIED) {
                out.println(mirror.describe() + " is at generation " + result.generation()
                        + " and already has everything this bundle brings; nothing changed");
            } else {
                out.println("imported into " + mirror.describe() + ": generation " + result.previousGeneration() + " -> "
                        + result.generation() + " of mirror " + result.mirrorId());
                out.println("  " + result.filesWritten() + " files written (" + Units.bytes(result.bytesWritten()) + "), "
                        + result.filesRemoved() + " removed");
                out.println("generation: " + result.generation());
            }
            if (!docs.derived().isEmpty() || docs.removed() > 0) {
                out.println("  browsable docs: " + docs.derived().size() + " versions derived (" + docs.files() + " files, "
                        + Units.bytes(docs.bytes()) + "), " + docs.removed() + " removed");
            }
            docs.refused().forEach(e -> out.println("  docs failed: " + e.getMessage()));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
