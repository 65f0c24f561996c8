package io.hexmirror.internal.sync;

import static java.util.Objects.requireNonNull;

import io.hexmirror.VerificationException;
import io.hexmirror.files.LocalFiles;
import io.hexmirror.generation.Sha256;
import io.hexmirror.installs.InstallsBuilds;
import io.hexmirror.installs.InstallsCsv;
import io.hexmirror.installs.InstallsIndex;
import io.hexmirror.installs.InstallsOptions;
import io.hexmirror.installs.InstallsRow;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.upstream.FetchResult;
import io.hexmirror.upstream.UpstreamNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors {@code /installs/}: each CSV index with its {@code .signed} file, byte for byte, and the
 * builds it lists for the chosen Elixir and OTP versions ({@link InstallsOptions}).
 *
 * <p>Per CSV: fetch it and its signature, check the signature with the installs key and every row
 * (no row may point outside {@code /installs/}); download each chosen build that the mirror does not
 * already hold with the right SHA-512 into a scratch directory, and check it against its row; only
 * when all of that passes publish the builds, then the signature, then the CSV. Anything that fails
 * leaves that CSV's files in the mirror exactly as they were (the last good installs) and is
 * reported; the other CSVs go on. Builds are never deleted: a CSV the mirror published earlier may
 * still list them.
 */
final class InstallsSync {
    private static final Logger LOG = LoggerFactory.getLogger(InstallsSync.class);

    private final UpstreamClient upstream;
    private final Storage storage;
    private final InstallsOptions options;

    InstallsSync(UpstreamClient upstream, Storage storage, InstallsOptions options) {
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.options = requireNonNull(options, "options is null");
    }

    /** What one run did: builds downloaded, CSVs mirrored, and what was refused or failed. */
    public record Report(int buildsDownloaded, List<String> indexesMirrored, List<String> indexesAbsentUpstream,
            Map<String, String> failures) {
        public Report {
            indexesMirrored = List.copyOf(indexesMirrored);
            indexesAbsentUpstream = List.copyOf(indexesAbsentUpstream);
            failures = Map.copyOf(failures);
        }
    }

    /**
     * Runs once over the four CSVs.
     *
     * @throws IOException when the storage or the scratch directory cannot be used; upstream errors
     *     are reported per CSV instead
     */
    public Report run() throws IOException {
        int downloaded = 0;
        List<String> mirrored = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Path scratch = Files.createTempDirectory("hexmirror-installs-");
        try {
            for (InstallsIndex index : InstallsIndex.values()) {
                try {
                    Optional<Integer> builds = sync(index, scratch);
                    if (builds.isEmpty()) {
                        absent.add(index.key());
                    } else {
                        downloaded += builds.get();
                        mirrored.add(index.key());
                    }
                } catch (VerificationException e) {
                    LOG.warn("{}: refused, the mirror keeps its last good copy: {}", index.key(), e.getMessage());
                    failures.put(index.key(), "refused, the mirror keeps its last good copy: " + e.getMessage());
                } catch (UpstreamNotFoundException e) {
                    // The CSV and its signature were found: a build it lists is missing.
                    failures.put(index.key(), "refused, the mirror keeps its last good copy: a build it lists is missing: "
                            + e.getMessage());
                } catch (IOException e) {
                    if (e instanceof java.io.InterruptedIOException) {
                        throw e;
                    }
                    if (UpstreamClient.isUpstreamFailure(e)) {
                        failures.put(index.key(), e.getMessage() + "; the mirror keeps its last good copy");
                    } else {
                        throw e;
                    }
                }
            }
        } finally {
            LocalFiles.deleteAsFarAsPossible(scratch);
        }
        return new Report(downloaded, mirrored, absent, failures);
    }

    /** @return the number of builds downloaded, or empty when upstream has no such CSV */
    private Optional<Integer> sync(InstallsIndex index, Path scratch) throws IOException, VerificationException {
        FetchResult csvFile;
        try {
            csvFile = upstream.fetch(index.key(), null, InstallsCsv.MAX_BYTES);
        } catch (UpstreamNotFoundException e) {
            LOG.info("upstream has no {}", index.key());
            return Optional.empty();
        }
        FetchResult signed;
        try {
            signed = upstream.fetch(index.signatureKey(), null, 64 * 1024);
        } catch (UpstreamNotFoundException e) {
            throw new VerificationException(index.key() + " from upstream has no signature "
                    + index.signatureKey() + ": it cannot be verified");
        }
        InstallsCsv csv = InstallsCsv.verify(index, csvFile.body(), signed.body(), options.key(), "from upstream");
        List<InstallsRow> chosen = options.select(csv);
        Map<InstallsRow, Path> fetched = new LinkedHashMap<>();
        for (InstallsRow row : chosen) {
            if (!holds(row)) {
                Path file = scratch.resolve("build-" + fetched.size());
                upstream.download(row.key(), file, InstallsBuilds.MAX_BYTES);
                InstallsBuilds.verify(csv, row, file, "downloaded from upstream");
                fetched.put(row, file);
            }
        }
        // Everything checked: builds first, so the CSV never lists a file the mirror lacks.
        for (Map.Entry<InstallsRow, Path> build : fetched.entrySet()) {
            publish(build.getKey().key(), build.getValue());
        }
        writeIfChanged(index.signatureKey(), signed.body());
        writeIfChanged(index.key(), csvFile.body());
        LOG.info("{}: {} build(s) for the chosen versions, {} downloaded", index.key(), chosen.size(), fetched.size());
        return Optional.of(fetched.size());
    }

    /** Whether the mirror already holds the row's build with its SHA-512 (checked locally, not trusted). */
    private boolean holds(InstallsRow row) throws IOException {
        try (InputStream in = storage.read(row.key())) {
            return InstallsBuilds.sha512(in).equals(row.sha512());
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    private void publish(String key, Path file) throws IOException {
        String sha256;
        try (InputStream in = Files.newInputStream(file)) {
            sha256 = Sha256.of(in).sha256();
        }
        try (ObjectWrite write = storage.write(key, WriteOptions.defaults().withSha256(sha256))) {
            Files.copy(file, write.stream());
            write.commit();
        }
    }

    private void writeIfChanged(String key, byte[] bytes) throws IOException {
        if (!storage.contentEquals(key, bytes)) {
            storage.write(key, bytes, WriteOptions.defaults().withSha256(Sha256.hex(bytes)));
        }
    }
}
