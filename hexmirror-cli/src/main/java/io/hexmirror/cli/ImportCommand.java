package io.hexmirror.cli;

import io.hexmirror.HexMirrorException;
import io.hexmirror.storage.MirrorLock;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.transfer.BundleImporter;
import io.hexmirror.transfer.ImportResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hexmirror import}: verifies a bundle completely, then applies it. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {
            "Applies a bundle written by 'hexmirror export' to the mirror in TARGET. First checks everything: that every volume",
            "is there, every file matches the manifest, every registry file's signature and origin verify, and every tarball",
            "matches the registry; only then publishes, in the order a sync uses. The mirror must be at the generation the",
            "bundle starts from (or already contain it: then nothing happens). An interrupted import can be run again."
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

    @Parameters(arity = "2..*", paramLabel = "BUNDLE... TARGET",
            description = "The bundle (its file, its name when split, or its volumes), then the mirror directory or storage URI.")
    List<String> arguments;

    @Override
    public Integer call() throws IOException, HexMirrorException {
        if (arguments.size() < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "expected BUNDLE... TARGET");
        }
        String target = arguments.get(arguments.size() - 1);
        List<Path> bundle = arguments.subList(0, arguments.size() - 1).stream().map(Path::of).toList();
        Path work = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));
        PrintWriter out = spec.commandLine().getOut();
        try (Storage storage = Storages.open(target)) {
            if (breakLock && MirrorLock.breakLock(storage)) {
                spec.commandLine().getErr().println("hexmirror: removed the lock of " + storage.describe());
            }
            ImportResult result;
            try (MirrorLock lock = MirrorLock.acquire(storage, "hexmirror import")) {
                result = new BundleImporter(storage, repositoryOptions.reader(), work).importBundle(bundle);
                // Bundles carry no catalog pages: they are regenerated here for what the bundle changed.
                CatalogUpdates.refresh(storage, repositoryOptions.reader(), null, out);
            }
            if (result.outcome() == ImportResult.Outcome.ALREADY_APPLIED) {
                out.println(storage.describe() + " is at generation " + result.generation()
                        + " and already has everything this bundle brings; nothing changed");
            } else {
                out.println("imported into " + storage.describe() + ": generation " + result.previousGeneration() + " -> "
                        + result.generation() + " of mirror " + result.mirrorId());
                out.println("  " + result.filesWritten() + " files written (" + Units.bytes(result.bytesWritten()) + "), "
                        + result.filesRemoved() + " removed");
                out.println("generation: " + result.generation());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
