package io.hexmirror.cli;

import io.hexmirror.InvalidInputException;
import io.hexmirror.docs.DocsPolicy;
import io.hexmirror.docs.DocsRelease;
import io.hexmirror.docs.DocsSyncOptions;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.selection.LockFile;
import io.hexmirror.transfer.TransferRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The docs options of {@code sync}, {@code plan} and {@code serve --sync-interval}. */
final class DocsOptions {
    @Option(names = "--docs", paramLabel = "POLICY", defaultValue = "latest", converter = PolicyConverter.class,
            description = "Which docs tarballs to mirror: none, latest (the newest stable, not retired release of each "
                    + "package, plus every release a --lock names) or all (default: ${DEFAULT-VALUE}).")
    DocsPolicy policy = DocsPolicy.LATEST;

    @Option(names = "--elixir-docs", paramLabel = "VERSIONS", split = ",",
            description = "Also mirror Elixir's own docs (elixir, eex, ex_unit, iex, logger, mix) for these Elixir versions, e.g. 1.18.4,1.19.3.")
    List<String> elixirVersions = List.of();

    @Option(names = "--docs-for", paramLabel = "NAME[@VERSION]", split = ",",
            description = "Also mirror these docs whatever --docs says: NAME for the docs of the package's latest mirrored "
                    + "release, NAME@VERSION for one release's (repeatable, or comma-separated; what 'hexmirror want "
                    + "--docs-for' asks for).")
    List<String> docsFor = List.of();

    @Option(names = "--refresh-docs",
            description = "Ask upstream again for every wanted release's docs: picks up re-published docs and releases "
                    + "remembered as having none (one request per release; 304 for unchanged docs).")
    boolean refresh;

    /** Runs the docs these options ask for, next to a registry sync with this concurrency. */
    DocsRunner runner(SelectionOptions selection, int concurrency) throws IOException, InvalidInputException {
        return new DocsRunner(toOptions(selection, concurrency));
    }

    DocsSyncOptions toOptions(SelectionOptions selection, int concurrency) throws IOException, InvalidInputException {
        for (String v : elixirVersions) {
            RegistryPaths.checkVersion(v.trim());
        }
        Set<DocsRelease> named = new LinkedHashSet<>();
        if (policy != DocsPolicy.NONE && selection != null) {
            for (Path lock : selection.locks) {
                LockFile.read(lock).releases().forEach(r -> named.add(new DocsRelease(r.name(), r.version().toString())));
            }
        }
        Set<String> namedPackages = new LinkedHashSet<>();
        for (String given : docsFor) {
            String line;
            try {
                line = TransferRequest.docsLine(given);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--docs-for " + e.getMessage(), e);
            }
            int space = line.indexOf(' ');
            if (space < 0) {
                namedPackages.add(line);
            } else {
                named.add(new DocsRelease(line.substring(0, space), line.substring(space + 1)));
            }
        }
        List<String> versions = new ArrayList<>();
        elixirVersions.forEach(v -> versions.add(v.trim()));
        return DocsSyncOptions.of(policy).withElixirVersions(versions).withNamed(named).withNamedPackages(namedPackages)
                .refreshing(refresh)
                .withConcurrency(Math.max(1, Math.min(concurrency, 8)));
    }

    static final class PolicyConverter implements ITypeConverter<DocsPolicy> {
        @Override
        public DocsPolicy convert(String value) {
            return DocsPolicy.parse(value);
        }
    }
}
