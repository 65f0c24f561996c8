package io.hexmirror.sync;

import io.hexmirror.VerificationException;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.ReleaseChecksums;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.tarball.PackageTarball;
import io.hexmirror.tarball.TarballReader;
import io.hexmirror.upstream.Download;
import io.hexmirror.upstream.FetchResult;
import io.hexmirror.upstream.UpstreamClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs one package: its registry file and the tarballs it lists, tarballs first. Failures are
 * recorded in the counters, never thrown, so one bad package does not stop the others.
 */
final class PackageSync {
    private static final Logger LOG = LoggerFactory.getLogger(PackageSync.class);

    private final UpstreamClient upstream;
    private final Storage storage;
    private final RegistryReader reader;
    private final ExecutorService tarballPool;
    private final Path workDir;
    private final SyncCounters counters;
    private final TarballReader tarballReader = TarballReader.withDefaultLimits();

    PackageSync(UpstreamClient upstream, Storage storage, RegistryReader reader, ExecutorService tarballPool,
            Path workDir, SyncCounters counters) {
        this.upstream = upstream;
        this.storage = storage;
        this.reader = reader;
        this.tarballPool = tarballPool;
        this.workDir = workDir;
        this.counters = counters;
    }

    /**
     * @param indexed the package's entry in the mirror's {@code /versions}, if any: the releases the
     *     mirror held after its last complete sync
     */
    void sync(String name, boolean wasPresent, VersionsPackage indexed) throws InterruptedException {
        String key = RegistryPaths.packageKey(name);
        byte[] bytes;
        Package fresh;
        try {
            FetchResult result = upstream.fetch(key, null, SyncEngine.MAX_REGISTRY_FILE_BYTES);
            bytes = result.body();
            counters.listener().bytesReceived(bytes.length);
            fresh = reader.readPackage(name, bytes);
        } catch (IOException | VerificationException e) {
            counters.fail(new SyncFailure(key, e.getMessage()));
            return;
        }
        Optional<byte[]> oldBytes;
        try {
            oldBytes = StoredFiles.readIfPresent(storage, key, SyncEngine.MAX_REGISTRY_FILE_BYTES);
        } catch (IOException e) {
            counters.fail(new SyncFailure(key, "cannot read the mirror's copy: " + e.getMessage()));
            return;
        }
        Map<String, Release> published = publishedReleases(name, oldBytes);

        List<Future<Boolean>> tarballs = new ArrayList<>();
        for (Release release : fresh.getReleasesList()) {
            Release before = published.get(release.getVersion());
            // A release published with the same checksums has its tarball in place: tarballs are
            // always published before the package file that lists them.
            if (before == null || !ReleaseChecksums.same(before, release)) {
                tarballs.add(tarballPool.submit(() -> ensureTarball(name, release)));
            }
        }
        boolean allTarballs = true;
        for (Future<Boolean> tarball : tarballs) {
            try {
                allTarballs &= tarball.get();
            } catch (ExecutionException e) {
                // ensureTarball reports ordinary failures itself; anything else is a bug or a crash.
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("syncing " + key + " failed unexpectedly", e.getCause());
            }
        }
        if (!allTarballs) {
            LOG.warn("{} not published: some of its tarballs failed", key);
            return;
        }
        try {
            if (oldBytes.isEmpty() || !Arrays.equals(oldBytes.get(), bytes)) {
                storage.write(key, bytes, WriteOptions.defaults().withSha256(Hashes.sha256Hex(bytes)));
                counters.packagePublished(wasPresent);
            }
            removeDroppedReleases(name, published.keySet(), indexed, fresh);
        } catch (IOException e) {
            counters.fail(new SyncFailure(key, e.getMessage()));
        }
    }

    /** The releases of the mirror's current package file; empty when absent or unverifiable. */
    private Map<String, Release> publishedReleases(String name, Optional<byte[]> oldBytes) {
        Map<String, Release> releases = new HashMap<>();
        if (oldBytes.isPresent()) {
            try {
                reader.readPackage(name, oldBytes.get()).getReleasesList().forEach(r -> releases.put(r.getVersion(), r));
            } catch (VerificationException e) {
                LOG.warn("{} in the mirror does not verify ({}); checking all its tarballs", RegistryPaths.packageKey(name), e.getMessage());
            }
        }
        return releases;
    }

    /**
     * Deletes the tarballs of releases upstream dropped: those of the package file this sync
     * replaced, and those of the mirror's index, which still lists what a sync stopped half-way
     * had not finished deleting.
     */
    private void removeDroppedReleases(String name, Set<String> published, VersionsPackage indexed, Package fresh) throws IOException {
        Set<String> dropped = new TreeSet<>(published);
        if (indexed != null) {
            dropped.addAll(indexed.getVersionsList());
        }
        fresh.getReleasesList().forEach(r -> dropped.remove(r.getVersion()));
        for (String version : dropped) {
            if (RegistryPaths.isValidVersion(version) && storage.delete(RegistryPaths.tarballKey(name, version))) {
                counters.tarballRemoved();
            }
        }
    }

    /** Makes sure the mirror holds the release's tarball with the registry's checksums. */
    private boolean ensureTarball(String name, Release release) {
        String key = RegistryPaths.tarballKey(name, release.getVersion());
        try {
            if (storage.stat(key).isPresent() && storedTarballMatches(key, release)) {
                LOG.debug("{} already in the mirror", key);
                return true;
            }
            counters.listener().tarballStarted(key);
            Path temp = Files.createTempFile(workDir, name + "-", ".tar");
            try {
                Download download = upstream.download(key, temp, TarballReader.DEFAULT_MAX_TARBALL_BYTES);
                counters.listener().bytesReceived(download.size());
                PackageTarball tarball = tarballReader.read(temp, key);
                ReleaseChecksums.verify(key, tarball.outerChecksum(), tarball.innerChecksum(), release);
                try (ObjectWrite write = storage.write(key, WriteOptions.defaults().withSha256(Hashes.hex(tarball.outerChecksum())))) {
                    Files.copy(temp, write.stream());
                    write.commit();
                }
                counters.tarballDownloaded();
                counters.listener().tarballPublished(key, tarball.size());
                return true;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | VerificationException e) {
            counters.fail(new SyncFailure(key, e.getMessage()));
            return false;
        }
    }

    /** Whether a tarball already stored (by an interrupted sync, say) is the one the registry names. */
    private boolean storedTarballMatches(String key, Release release) {
        try (InputStream in = storage.read(key)) {
            PackageTarball tarball = tarballReader.read(in, key);
            ReleaseChecksums.verify(key, tarball.outerChecksum(), tarball.innerChecksum(), release);
            return true;
        } catch (IOException | VerificationException e) {
            LOG.info("{} in the mirror is not the registry's ({}); downloading it again", key, e.getMessage());
            return false;
        }
    }

}
