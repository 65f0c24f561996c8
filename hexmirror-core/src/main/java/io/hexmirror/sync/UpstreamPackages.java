package io.hexmirror.sync;

import io.hexmirror.files.StoredObjects;
import io.hexmirror.VerificationException;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.selection.PackageSource;
import io.hexmirror.storage.Storage;
import io.hexmirror.upstream.UpstreamClient;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's package files as a {@link PackageSource} for the dependency closure, fetched at most
 * once per sync. A package the mirror already holds in the state upstream's index describes is read
 * from the mirror instead of upstream, so a sync with nothing new costs no package requests.
 */
final class UpstreamPackages implements PackageSource {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamPackages.class);

    /** A package file's bytes as upstream signed them, with whether they came over the network. */
    record Fetched(byte[] bytes, Package pkg, boolean fromUpstream) {
    }

    private final UpstreamClient upstream;
    private final Storage storage;
    private final RegistryReader reader;
    private final RegistryLayout layout;
    private final UpstreamIndexes upstreamIndexes;
    private final UpstreamIndexes mirrorIndexes;
    private final SyncListener listener;
    private final Map<String, Fetched> loaded = new ConcurrentHashMap<>();

    UpstreamPackages(UpstreamClient upstream, Storage storage, RegistryReader reader, RegistryLayout layout,
            UpstreamIndexes upstreamIndexes, UpstreamIndexes mirrorIndexes, SyncListener listener) {
        this.upstream = upstream;
        this.storage = storage;
        this.reader = reader;
        this.layout = layout;
        this.upstreamIndexes = upstreamIndexes;
        this.mirrorIndexes = mirrorIndexes;
        this.listener = listener;
    }

    @Override
    public Optional<Package> load(String name) throws IOException, VerificationException {
        return fetched(name).map(Fetched::pkg);
    }

    /** The package file, or empty when upstream's index does not list the package. */
    Optional<Fetched> fetched(String name) throws IOException, VerificationException {
        if (!RegistryPaths.isValidName(name) || !upstreamIndexes.names().containsKey(name)) {
            return Optional.empty();
        }
        Fetched cached = loaded.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Fetched fetched = storedCopy(name).orElse(null);
        if (fetched == null) {
            String key = RegistryPaths.packageKey(name);
            byte[] bytes = upstream.fetch(key, null, SyncEngine.MAX_REGISTRY_FILE_BYTES).body();
            listener.bytesReceived(bytes.length);
            fetched = new Fetched(bytes, reader.readPackage(name, bytes), true);
        }
        loaded.put(name, fetched);
        return Optional.of(fetched);
    }

    /** The mirror's copy when upstream's index says it is current, and it still verifies. */
    private Optional<Fetched> storedCopy(String name) throws IOException {
        if (upstreamIndexes.differsFrom(mirrorIndexes, name)) {
            return Optional.empty();
        }
        String key = layout.upstreamCopy(RegistryPaths.packageKey(name));
        Optional<byte[]> bytes = StoredObjects.readIfPresent(storage, key, SyncEngine.MAX_REGISTRY_FILE_BYTES);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Fetched(bytes.get(), reader.readPackage(name, bytes.get()), false));
        } catch (VerificationException e) {
            LOG.warn("{} in the mirror does not verify ({}); fetching it again", key, e.getMessage());
            return Optional.empty();
        }
    }
}
