package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.MirrorOptions;
import io.hexmirror.transfer.TransferRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hexmirror want}: writes the request that tells the connected side what to export. */
@Command(name = "want", mixinStandardHelpOptions = true,
        header = "Writes a request for the connected side's 'hexmirror export'.",
        description = {
            "Writes OUT, a small request (JSON) naming the generation of the mirror in TARGET and, optionally, packages to add.",
            "On the connected side, 'hexmirror export --request OUT TARGET BUNDLE' writes the bundle that answers it."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror want ./mirror want.json",
            "  hexmirror want --package 'phoenix:~> 1.7' --lock mix.lock ./mirror want.json",
            "  hexmirror want --docs-for plug@1.14.0 --docs-for ecto ./mirror want.json"
        })
final class WantCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--package", paramLabel = "NAME[:REQUIREMENT]",
            description = "A package to ask for, optionally with a requirement, e.g. phoenix, 'phoenix:~> 1.7' or "
                    + "'phoenix ~> 1.7' (repeatable).")
    List<String> packages = List.of();

    @Option(names = "--lock", paramLabel = "FILE",
            description = "A mix.lock or rebar.lock whose releases to ask for; its text goes into the request (repeatable).")
    List<Path> locks = List.of();

    @Option(names = "--docs-for", paramLabel = "NAME[@VERSION]", split = ",",
            description = "A package whose docs to ask for: NAME for its latest release's docs, NAME@VERSION for one "
                    + "release's (repeatable, or comma-separated).")
    List<String> docs = List.of();

    @Parameters(index = "0", paramLabel = "TARGET", description = "The mirror directory or storage URI that needs the bundle.")
    String target;

    @Parameters(index = "1", paramLabel = "OUT", description = "The request file to write.")
    Path out;

    @Override
    public Integer call() throws IOException, HexMirrorException {
        PrintWriter print = spec.commandLine().getOut();
        try (HexMirror mirror = HexMirror.openExistingOrEmpty(target, MirrorOptions.defaults())) {
            TransferRequest request = mirror.request(packages, locks, docs);
            request.write(out);
            print.println("wrote " + out + " (" + Files.size(out) + " bytes): " + request.describe());
            if (!request.packages().isEmpty() || !request.locks().isEmpty()) {
                print.println("  asks for " + request.packages().size() + " package(s) and the releases of "
                        + request.locks().size() + " lock file(s)");
            }
            if (!request.docs().isEmpty()) {
                print.println("  asks for the docs of " + String.join(", ", request.docs()));
            }
            print.println("  on the connected side: hexmirror export --request " + out.getFileName() + " MIRROR BUNDLE");
            print.flush();
            return ExitCodes.OK;
        }
    }
}
