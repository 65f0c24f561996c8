package io.hexmirror.cli;

import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** What to mirror. */
final class SelectionOptions {
    @Option(names = "--package", paramLabel = "NAME",
            description = "Mirror only this package (repeatable). Default: every package.")
    List<String> packages = List.of();

    LinkedHashSet<String> packageNames() {
        return new LinkedHashSet<>(packages);
    }
}
