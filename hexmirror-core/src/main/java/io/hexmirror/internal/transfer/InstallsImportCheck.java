package io.hexmirror.internal.transfer;

import io.hexmirror.MalformedDataException;
import io.hexmirror.VerificationException;
import io.hexmirror.files.ObjectTooLargeException;
import io.hexmirror.files.StoredObjects;
import io.hexmirror.installs.InstallsBuilds;
import io.hexmirror.installs.InstallsCsv;
import io.hexmirror.installs.InstallsIndex;
import io.hexmirror.installs.InstallsRow;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the {@code installs/} files a bundle brings as a sync checks them: each CSV it brings (or
 * whose signature it brings) verifies with its {@code .signed} file and the installs key, and every
 * other file it brings is a build that a CSV lists (the bundle's, else the mirror's), with that
 * row's SHA-512; a Hex archive must be a whole zip file. A removal never leaves a CSV without its
 * signature or a signature without its CSV. The paths themselves are confined to {@code installs/}
 * by {@link MirrorLayout}, and a CSV row cannot point elsewhere ({@link InstallsCsv}).
 */
final class InstallsImportCheck {
    private final Storage target;
    private final Optional<PublicKey> key;

    /** @param key the key CSVs must verify with; empty when the import has none (then it brings no installer files) */
    InstallsImportCheck(Storage target, Optional<PublicKey> key) {
        this.target = target;
        this.key = key;
    }

    /**
     * @param brought the {@code installs/} paths the bundle brings
     * @param removed the {@code installs/} paths the bundle removes (for a full bundle, also those it does not hold)
     * @param full whether the bundle replaces the whole mirror (then the mirror's CSVs do not count)
     */
    void verify(Set<String> brought, Set<String> removed, Map<String, Path> files, boolean full)
            throws IOException, VerificationException {
        if (brought.isEmpty() && removed.isEmpty()) {
            return;
        }
        for (String path : brought) {
            if (!InstallsIndex.isInstallsPath(path)) {
                throw new VerificationException(path + " in the bundle is not an installer file (an installs CSV, its"
                        + " .signed file, or installs/ELIXIR/hex-VERSION.ez or installs/ELIXIR/rebar3-VERSION)");
            }
        }
        Map<InstallsIndex, Optional<InstallsCsv>> csvs = new EnumMap<>(InstallsIndex.class);
        for (InstallsIndex index : InstallsIndex.values()) {
            csvs.put(index, csv(index, brought, removed, files, full));
        }
        Set<String> builds = new TreeSet<>(brought);
        builds.removeIf(path -> InstallsIndex.ofKey(path).isPresent());
        for (String path : builds) {
            boolean listed = false;
            for (Optional<InstallsCsv> csv : csvs.values()) {
                Optional<InstallsRow> row = csv.flatMap(c -> c.rowFor(path));
                if (row.isPresent()) {
                    InstallsBuilds.verify(csv.get(), row.get(), files.get(path), "in the bundle");
                    listed = true;
                    break;
                }
            }
            if (!listed) {
                throw new VerificationException(path + " in the bundle is not listed by any installs CSV"
                        + (full ? " in the bundle" : " in the bundle or in " + target.describe())
                        + ": it cannot be verified");
            }
        }
    }

    /**
     * The CSV that will be served after the import, checked against its signature; empty when there
     * will be none, or when the import has no installs key and the bundle leaves the CSV as it is.
     */
    private Optional<InstallsCsv> csv(InstallsIndex index, Set<String> brought, Set<String> removed, Map<String, Path> files,
            boolean full) throws IOException, VerificationException {
        boolean csvInBundle = brought.contains(index.key());
        boolean signatureInBundle = brought.contains(index.signatureKey());
        Optional<byte[]> csv = csvInBundle ? Optional.of(read(files.get(index.key()), index.key()))
                : full || removed.contains(index.key()) ? Optional.empty() : readTarget(index.key());
        Optional<byte[]> signed = signatureInBundle ? Optional.of(read(files.get(index.signatureKey()), index.signatureKey()))
                : full || removed.contains(index.signatureKey()) ? Optional.empty() : readTarget(index.signatureKey());
        if (csv.isEmpty() && signed.isEmpty()) {
            return Optional.empty();
        }
        boolean touched = csvInBundle || signatureInBundle || removed.contains(index.key())
                || removed.contains(index.signatureKey());
        if (csv.isEmpty()) {
            throw new VerificationException(index.signatureKey() + " " + (signatureInBundle ? "in the bundle" : "in "
                    + target.describe()) + " signs no " + index.key()
                    + (removed.contains(index.key()) ? " (the bundle removes it)" : ""));
        }
        if (signed.isEmpty()) {
            throw new VerificationException(index.key() + " " + (csvInBundle ? "in the bundle" : "in " + target.describe())
                    + " has no signature " + index.signatureKey()
                    + (removed.contains(index.signatureKey()) ? " (the bundle removes it)" : "") + ": it cannot be verified");
        }
        if (key.isEmpty()) {
            if (touched) {
                throw new VerificationException("the bundle changes " + index.key() + " and this import has no installs key"
                        + " to check installs CSVs with: an import publishes nothing it cannot verify");
            }
            // Nothing of this CSV changes and no build of the bundle needs it: the mirror's copy stays as it is.
            return Optional.empty();
        }
        return Optional.of(InstallsCsv.verify(index, csv.get(), signed.get(), key.get(),
                csvInBundle || signatureInBundle ? "in the bundle" : "in " + target.describe()));
    }

    private Optional<byte[]> readTarget(String key) throws IOException, MalformedDataException {
        try {
            return StoredObjects.readIfPresent(target, key, InstallsCsv.MAX_BYTES);
        } catch (ObjectTooLargeException e) {
            throw new MalformedDataException(e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, String path) throws IOException, MalformedDataException {
        if (Files.size(file) > InstallsCsv.MAX_BYTES) {
            throw new MalformedDataException(path + " in the bundle is larger than " + InstallsCsv.MAX_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }
}
