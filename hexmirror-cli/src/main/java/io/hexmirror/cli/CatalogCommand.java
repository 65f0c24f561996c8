package io.hexmirror.cli;

import io.hexmirror.HexMirror;
import io.hexmirror.HexMirrorException;
import io.hexmirror.catalog.Catalog;
import io.hexmirror.catalog.CatalogOptions;
import io.hexmirror.catalog.CatalogUpdate;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hexmirror catalog}: the package catalog and its web pages (see docs/web.md). */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        header = "Builds a mirror's package catalog and its web pages.",
        description = {
            "The package catalog and its static web pages, built from what the mirror holds. sync and import keep it "
                + "up to date; 'rebuild' starts it again from scratch, 'update' catches up."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  hexmirror catalog rebuild ./mirror",
            "  hexmirror catalog update --mirror-url https://hex.example.org ./mirror"
        },
        subcommands = {CatalogCommand.Rebuild.class, CatalogCommand.Update.class})
final class CatalogCommand {

    /** Options both subcommands take. */
    static final class Target {
        @Mixin
        CommonOptions common;

        @Mixin
        RepositoryOptions repositoryOptions;

        @Option(names = "--mirror-url", paramLabel = "URL",
                description = "The URL clients use for this mirror, for the set-up lines of the static front page.")
        String mirrorUrl;

        @Parameters(paramLabel = "TARGET", description = "Mirror directory or storage URI.")
        String target;

        CatalogOptions options() {
            return mirrorUrl == null ? CatalogOptions.defaults() : CatalogOptions.defaults().withMirrorUrl(mirrorUrl);
        }

        /**
         * Opens the mirror with the command's repository options and, under its lock ({@code owner} names the
         * command there), runs one operation on its catalog.
         */
        CatalogUpdate run(String owner, CatalogOperation operation) throws IOException, HexMirrorException {
            try (HexMirror mirror = HexMirror.open(target, MirrorOpener.options(owner, null, repositoryOptions, null))) {
                return mirror.write(storage -> operation.apply(Catalog.open(storage, mirror.registryReader(), options())));
            }
        }
    }

    /** What a subcommand does to the catalog. */
    @FunctionalInterface
    interface CatalogOperation {
        CatalogUpdate apply(Catalog catalog) throws IOException;
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Builds the catalog and every page again from the mirror's registry files, tarballs and docs.")
    static final class Rebuild implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Override
        public Integer call() throws IOException, HexMirrorException {
            CatalogUpdates.print(target.run("hexmirror catalog rebuild", Catalog::rebuild), "rebuilt", spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Reads again only the packages that changed since the catalog was last updated.")
    static final class Update implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Override
        public Integer call() throws IOException, HexMirrorException {
            PrintWriter out = spec.commandLine().getOut();
            CatalogUpdate update = target.run("hexmirror catalog update", Catalog::refresh);
            CatalogUpdates.print(update, "updated", out);
            if (update.packagesRead() == 0 && update.packagesRemoved() == 0) {
                out.println("catalog: up to date");
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
