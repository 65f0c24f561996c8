package io.hexmirror.docs;

import static java.util.Objects.requireNonNull;

import io.hexmirror.concurrent.OrderedWork;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.generation.JournalEntry;
import io.hexmirror.generation.Sha256;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a mirror's docs tarballs: each must pass the structural checks and hold the bytes whose
 * SHA-256 the mirror's journals recorded when it was stored (docs are not signed by anyone, so
 * the mirror's own record is what a later change is detected against).
 */
public final class DocsVerifier {
    private final Storage storage;
    private final DocsLimits limits;

    public DocsVerifier(Storage storage) {
        this(storage, DocsLimits.hexdocs());
    }

    public DocsVerifier(Storage storage, DocsLimits limits) {
        this.storage = requireNonNull(storage, "storage is null");
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** What verification found. */
    public record Report(int checked, List<String> problems) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public Report verify() throws IOException {
        List<DocsRelease> releases = MirroredDocs.load(storage).releases();
        if (releases.isEmpty()) {
            // A mirror without docs: reading every journal (one line per file ever stored) would find nothing to compare.
            return new Report(0, List.of());
        }
        Map<String, JournalEntry> recorded = new GenerationStore(storage).files();
        List<String> problems = new ArrayList<>();
        // Tarballs are checked on every core; their findings are taken in the releases' order, as from one thread.
        OrderedWork.forEach(releases, "docs-verify", release -> check(release, recorded), (release, problem) ->
                problem.ifPresent(problems::add));
        int checked = releases.size();
        return new Report(checked, problems);
    }

    /** What is wrong with one release's tarball, if anything. */
    private Optional<String> check(DocsRelease release, Map<String, JournalEntry> recorded) throws IOException {
        String key = release.tarballKey();
        DocsContents contents;
        try (InputStream in = storage.read(key)) {
            contents = DocsTarballs.check(release, in, limits);
        } catch (DocsTarballException e) {
            return Optional.of(key + ": " + e.getMessage());
        }
        JournalEntry entry = recorded.get(key);
        if (entry == null || entry.deleted()) {
            return Optional.of(key + ": no SHA-256 recorded for it in the mirror's journals");
        }
        if (!entry.sha256().equals(contents.sha256()) || entry.size() != contents.compressedSize()) {
            return Optional.of(key + ": SHA-256 " + contents.sha256() + " differs from the recorded " + entry.sha256());
        }
        return Optional.empty();
    }

    static String sha256(InputStream in) throws IOException {
        return Sha256.of(in).sha256();
    }
}
