package io.hexmirror.internal.sync;

import static java.util.Objects.requireNonNull;

import io.hexmirror.installs.InstallsOptions;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.sync.RegistryMode;
import java.security.PrivateKey;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to mirror and how.
 *
 * @param selection the packages and releases to mirror with their dependency closure; empty means
 *     every release of every package upstream
 * @param registryMode whether registry files are kept verbatim or rewritten and re-signed
 * @param signingKey the mirror's private key, required for {@link RegistryMode#RESIGN}
 * @param keepUnselected keep packages and releases that the selection no longer needs instead of
 *     deleting them
 * @param concurrency how many packages and tarballs are fetched at once
 * @param installs whether and which installer builds ({@code /installs/}) to mirror as well
 *
 * <p><b>Not API.</b> Implementation behind {@link io.hexmirror.HexMirror}, public only so that hexmirror's own
 * modules and tests can reach it; it may change or disappear in any release. Use the facade.
 */
public record SyncOptions(
        Optional<SelectionRequest> selection,
        RegistryMode registryMode,
        Optional<PrivateKey> signingKey,
        boolean keepUnselected,
        int concurrency,
        Optional<InstallsOptions> installs) {
    /**
     * Requests on the wire at once. Over a long link a sync's time is requests x round trip / concurrency:
     * at 32, a full sync of hex.pm 100 ms away spends less time on round trips than its 9 GB take at
     * 100 Mbit/s (see the WAN benchmark in docs/performance.md).
     */
    public static final int DEFAULT_CONCURRENCY = 32;

    public SyncOptions {
        requireNonNull(selection, "selection is null");
        requireNonNull(registryMode, "registryMode is null");
        requireNonNull(signingKey, "signingKey is null");
        requireNonNull(installs, "installs is null");
        if (registryMode == RegistryMode.RESIGN && signingKey.isEmpty()) {
            throw new IllegalArgumentException("re-signing the registry needs the mirror's private key");
        }
        if (registryMode == RegistryMode.RESIGN && selection.isEmpty()) {
            throw new IllegalArgumentException("re-signing is for a partial mirror: give a selection");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be between 1 and 256, not " + concurrency);
        }
    }

    /** Every release of every package, registry verbatim. */
    public static SyncOptions all() {
        return new SyncOptions(Optional.empty(), RegistryMode.VERBATIM, Optional.empty(), false, DEFAULT_CONCURRENCY, Optional.empty());
    }

    /** The named packages (every release) with their dependency closure, registry verbatim. */
    public static SyncOptions only(Set<String> packages) {
        SelectionRequest.Builder request = SelectionRequest.builder();
        new TreeSet<>(packages).forEach(name -> request.addPackage(RegistryPaths.checkName(name)));
        return all().withSelection(request.build());
    }

    public SyncOptions withSelection(SelectionRequest request) {
        return new SyncOptions(Optional.of(request), registryMode, signingKey, keepUnselected, concurrency, installs);
    }

    public SyncOptions resigned(PrivateKey key) {
        return new SyncOptions(selection, RegistryMode.RESIGN, Optional.of(key), keepUnselected, concurrency, installs);
    }

    public SyncOptions keepingUnselected(boolean keep) {
        return new SyncOptions(selection, registryMode, signingKey, keep, concurrency, installs);
    }

    public SyncOptions withConcurrency(int concurrency) {
        return new SyncOptions(selection, registryMode, signingKey, keepUnselected, concurrency, installs);
    }

    /** Also mirrors {@code /installs/}: the installer CSVs and the builds they list for the chosen versions. */
    public SyncOptions withInstalls(InstallsOptions options) {
        return new SyncOptions(selection, registryMode, signingKey, keepUnselected, concurrency, Optional.of(options));
    }

    /** Whether the mirror holds a chosen part of upstream rather than all of it. */
    boolean selective() {
        return selection.isPresent();
    }
}
