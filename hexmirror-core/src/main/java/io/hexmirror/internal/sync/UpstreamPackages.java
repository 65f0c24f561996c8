package io.hexmirror.internal.sync;

import io.hexmirror.VerificationException;
import io.hexmirror.files.StoredObjects;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.selection.PackageSource;
import io.hexmirror.storage.Storage;
import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncListener;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's package files as a {@link PackageSource} for the dependency closure, fetched at most
 * once per sync. A package the mirror already holds in the state upstream's index describes is read
 * from the mirror instead of upstream, so a sync with nothing new costs no package requests; a
 * quarantined package is always asked of upstream, since the mirror's copy may be its last good
 * one. When upstream's file fails verification, it is quarantined and the mirror's last good copy,
 * if any, stands in for it.
 */
final class UpstreamPackages implements PackageSource {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamPackages.class);

    /**
     * A package file's bytes as upstream signed them, with whether they came over the network, and
     * whether they are the mirror's last good copy standing in for an upstream file that failed.
     */
    record Fetched(byte[] bytes, Package pkg, boolean fromUpstream, boolean refusedUpstream) {
    }

    private final UpstreamClient upstream;
    private final Storage storage;
    private final RegistryReader reader;
    private final RegistryLayout layout;
    private final UpstreamIndexes upstreamIndexes;
    private final UpstreamIndexes mirrorIndexes;
    private final SyncListener listener;
    private final Set<String> quarantined;
    private final SyncCounters counters;
    private final Map<String, Fetched> loaded = new ConcurrentHashMap<>();
    private final Set<String> refusedWithoutCopy = ConcurrentHashMap.newKeySet();

    UpstreamPackages(UpstreamClient upstream, Storage storage, RegistryReader reader, RegistryLayout layout,
            UpstreamIndexes upstreamIndexes, UpstreamIndexes mirrorIndexes, SyncListener listener,
            Set<String> quarantined, SyncCounters counters) {
        this.upstream = upstream;
        this.storage = storage;
        this.reader = reader;
        this.layout = layout;
        this.upstreamIndexes = upstreamIndexes;
        this.mirrorIndexes = mirrorIndexes;
        this.listener = listener;
        this.quarantined = Set.copyOf(quarantined);
        this.counters = counters;
    }

    @Override
    public Optional<Package> load(String name) throws IOException, VerificationException {
        return fetched(name).map(Fetched::pkg);
    }

    /** The package file, or empty when upstream's index does not list the package. */
    Optional<Fetched> fetched(String name) throws IOException, VerificationException {
        if (!RegistryPaths.isValidName(name) || !upstreamIndexes.names().containsKey(name)
                || refusedWithoutCopy.contains(name)) {
            return Optional.empty();
        }
        Fetched cached = loaded.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Fetched fetched = quarantined.contains(name) ? null : storedCopy(name, true).orElse(null);
        if (fetched == null) {
            String key = RegistryPaths.packageKey(name);
            try {
                // Read and verified within the memory all package files being read share (see PackageSync).
                fetched = upstream.fetch(key, SyncEngine.MAX_REGISTRY_FILE_BYTES, bytes -> {
                    listener.bytesReceived(bytes.length);
                    return new Fetched(bytes, reader.readPackage(name, bytes), true, false);
                });
            } catch (VerificationException e) {
                // Upstream's signed answer is wrong and would be again: plan with the last good copy.
                counters.quarantine(name, Optional.empty(), new SyncFailure(key, e.getMessage()));
                Optional<Fetched> lastGood = storedCopy(name, false)
                        .map(copy -> new Fetched(copy.bytes(), copy.pkg(), false, true));
                if (lastGood.isEmpty()) {
                    refusedWithoutCopy.add(name);
                    return Optional.empty();
                }
                fetched = lastGood.get();
            }
        }
        loaded.put(name, fetched);
        return Optional.of(fetched);
    }

    /**
     * The mirror's copy, if it still verifies; with {@code onlyIfCurrent}, only when upstream's index
     * says it is current.
     */
    private Optional<Fetched> storedCopy(String name, boolean onlyIfCurrent) throws IOException {
        if (onlyIfCurrent && upstreamIndexes.differsFrom(mirrorIndexes, name)) {
            return Optional.empty();
        }
        String key = layout.upstreamCopy(RegistryPaths.packageKey(name));
        Optional<byte[]> bytes = StoredObjects.readIfPresent(storage, key, SyncEngine.MAX_REGISTRY_FILE_BYTES);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Fetched(bytes.get(), reader.readPackage(name, bytes.get()), false, false));
        } catch (VerificationException e) {
            LOG.warn("{} in the mirror does not verify ({}); fetching it again", key, e.getMessage());
            return Optional.empty();
        }
    }
}
