package io.hexmirror.internal.transfer;

import io.hexmirror.MalformedDataException;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.selection.LockFile;
import io.hexmirror.selection.LockedRelease;
import io.hexmirror.selection.SelectionSyntaxException;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import io.hexmirror.transfer.TransferRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks up what a request asks for in the mirror that answers it. The far side is a copy of this
 * mirror, so whatever this mirror holds reaches it with the bundle (everything changed since its
 * generation is in it); what this mirror lacks must be synced here first.
 */
public final class RequestCheck {
    /** Where docs tarballs live, as on repo.hex.pm (module hexmirror-docs stores them). */
    private static final String DOCS_PREFIX = "docs/";

    private RequestCheck() {
    }

    /**
     * What the request asks for and the mirror does not hold: {@code package NAME}, {@code release NAME VERSION},
     * {@code docs NAME VERSION} or {@code docs NAME} (no docs of any version of it).
     */
    public static List<String> unavailable(TransferRequest request, Storage mirror) throws IOException, MalformedDataException {
        Set<String> missing = new LinkedHashSet<>();
        for (String line : request.packages()) {
            String name = TransferRequest.packageName(line);
            if (mirror.stat(RegistryPaths.packageKey(name)).isEmpty()) {
                missing.add("package " + name);
            }
        }
        for (TransferRequest.Lock lock : request.locks()) {
            LockFile parsed;
            try {
                parsed = lock.parse();
            } catch (SelectionSyntaxException e) {
                throw new MalformedDataException("lock file " + lock.name() + " in the request: " + e.getMessage(), e);
            }
            for (LockedRelease release : parsed.releases()) {
                String version = release.version().toString();
                if (!RegistryPaths.isValidVersion(version)
                        || mirror.stat(RegistryPaths.tarballKey(release.name(), version)).isEmpty()) {
                    missing.add("release " + release.name() + " " + version);
                }
            }
        }
        for (String line : request.docs()) {
            String name = TransferRequest.packageName(line);
            Optional<String> version = TransferRequest.docsVersion(line);
            boolean held;
            if (version.isPresent()) {
                held = mirror.stat(DOCS_PREFIX + name + "-" + version.get() + ".tar.gz").isPresent();
            } else {
                // Package names hold no '-', so this prefix lists only this package's docs tarballs.
                try (Stream<ObjectInfo> listing = mirror.list(DOCS_PREFIX + name + "-")) {
                    held = listing.findAny().isPresent();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            if (!held) {
                missing.add("docs " + line);
            }
        }
        return new ArrayList<>(missing);
    }
}
