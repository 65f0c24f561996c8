package io.hexmirror.cli;

import io.hexmirror.InvalidInputException;
import io.hexmirror.docs.DocsPolicy;
import io.hexmirror.docs.DocsRelease;
import io.hexmirror.docs.DocsSyncOptions;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.selection.LockFile;
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
        List<String> versions = new ArrayList<>();
        elixirVersions.forEach(v -> versions.add(v.trim()));
        return DocsSyncOptions.of(policy).withElixirVersions(versions).withNamed(named).refreshing(refresh)
                .withConcurrency(Math.max(1, Math.min(concurrency, 8)));
    }

    static final class PolicyConverter implements ITypeConverter<DocsPolicy> {
        @Override
        public DocsPolicy convert(String value) {
            return DocsPolicy.parse(value);
        }
    }
}
