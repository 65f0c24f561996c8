package io.hexmirror.server;

import io.hexmirror.docs.DocsRelease;
import io.hexmirror.docs.DocsSearchIndex;
import io.hexmirror.docs.DocsTarballException;
import io.hexmirror.docs.HexDocs;
import io.hexmirror.storage.Storage;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a docs sync leaves in a mirror, for the serving tests: docs tarballs stored, browsable and indexed. */
final class MirroredDocsFixture {
    private MirroredDocsFixture() {
    }

    /**
     * Stores upstream's docs tarballs at {@code tarballKeys} (such as {@code docs/plug-1.14.0.tar.gz}) in
     * {@code storage}, derives their browsable trees, and returns the search index over them, opened in
     * {@code indexDir}; the caller closes it.
     */
    static DocsSearchIndex store(Storage storage, FakeHexRepository upstream, Path indexDir, String... tarballKeys)
            throws IOException, DocsTarballException {
        HexDocs docs = new HexDocs(storage);
        List<DocsRelease> releases = new ArrayList<>();
        for (String key : tarballKeys) {
            DocsRelease release = DocsRelease.fromTarballKey(key).orElseThrow();
            docs.store(release, upstream.file(key).orElseThrow());
            releases.add(release);
        }
        docs.refresh(releases, List.of());
        DocsSearchIndex index = DocsSearchIndex.open(indexDir);
        index.update(storage, docs.mirrored());
        return index;
    }
}
