package io.hexmirror.docs;

import io.hexmirror.VerificationException;
import io.hexmirror.transfer.BundleFileCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks the docs tarballs a bundle carries before an import publishes anything: each
 * {@code docs/...} file must be named {@code docs/NAME-VERSION.tar.gz} and pass
 * {@link DocsTarballs}' structural checks. (The bundle's own SHA-256 of each file, which the export
 * took from the exporting mirror's journal, is checked by the importer before this.)
 */
public final class DocsBundleCheck implements BundleFileCheck {
    private final DocsLimits limits;

    public DocsBundleCheck() {
        this(DocsLimits.hexdocs());
    }

    public DocsBundleCheck(DocsLimits limits) {
        this.limits = limits;
    }

    @Override
    public void check(String path, Path file) throws IOException, VerificationException {
        if (!path.startsWith(DocsRelease.TARBALLS_PREFIX)) {
            return;
        }
        DocsRelease release = DocsRelease.fromTarballKey(path).orElseThrow(() -> new VerificationException(
                path + " in the bundle is not named docs/NAME-VERSION.tar.gz"));
        try (InputStream in = Files.newInputStream(file)) {
            DocsTarballs.check(release, in, limits);
        } catch (DocsTarballException e) {
            throw new VerificationException(path + " in the bundle: " + e.getMessage(), e);
        }
    }
}
