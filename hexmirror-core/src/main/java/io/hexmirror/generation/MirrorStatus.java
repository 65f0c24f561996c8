package io.hexmirror.generation;

import static java.util.Objects.requireNonNull;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a mirror stands: its generation, a change left unfinished, and what it holds.
 *
 * @param generation the current generation; empty for "generation 0"
 * @param pending a change that is running or was interrupted
 * @param packages package files ({@code packages/NAME})
 * @param tarballs tarballs
 * @param tarballBytes their total length
 * @param quarantined releases left out because upstream serves them wrongly, retried by every sync
 *     (see {@link Quarantine})
 */
public record MirrorStatus(Optional<Generation> generation, Optional<PendingChange> pending, long packages, long tarballs,
        long tarballBytes, List<QuarantinedRelease> quarantined) {
    public MirrorStatus {
        requireNonNull(generation, "generation is null");
        requireNonNull(pending, "pending is null");
        quarantined = List.copyOf(quarantined);
    }

    /** A status with nothing quarantined. */
    public MirrorStatus(Optional<Generation> generation, Optional<PendingChange> pending, long packages, long tarballs,
            long tarballBytes) {
        this(generation, pending, packages, tarballs, tarballBytes, List.of());
    }

    /** Reads the status; lists the package files and tarballs, and changes nothing. */
    public static MirrorStatus of(Storage storage) throws IOException {
        GenerationStore store = new GenerationStore(storage);
        long packages;
        try (Stream<ObjectInfo> listed = storage.list(RegistryPaths.PACKAGES_PREFIX)) {
            packages = listed.count();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        long tarballs = 0;
        long bytes = 0;
        try (Stream<ObjectInfo> listed = storage.list(RegistryPaths.TARBALLS_PREFIX)) {
            for (ObjectInfo info : (Iterable<ObjectInfo>) listed::iterator) {
                tarballs++;
                bytes += info.size();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new MirrorStatus(store.current(), store.pending(), packages, tarballs, bytes,
                Quarantine.load(storage).entries());
    }

    /** The generation's number, 0 when there is none. */
    public long generationNumber() {
        return generation.map(Generation::number).orElse(0L);
    }
}
