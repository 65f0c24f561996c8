package io.hexmirror.internal.verify;

import io.hexmirror.VerificationException;
import io.hexmirror.installs.InstallsBuilds;
import io.hexmirror.installs.InstallsCsv;
import io.hexmirror.installs.InstallsIndex;
import io.hexmirror.installs.InstallsRow;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import io.hexmirror.verify.VerifyReport.Kind;
import io.hexmirror.verify.VerifyReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checks a mirror's {@code installs/} as a sync checks it before publishing: each CSV with its
 * {@code .signed} file and the installs key, and every other file under {@code installs/} against
 * the row of a CSV that lists it.
 */
final class InstallsCheck {
    private final Storage storage;
    private final PublicKey key;

    InstallsCheck(Storage storage, PublicKey key) {
        this.storage = storage;
        this.key = key;
    }

    /** @return the number of installer files checked */
    int check(Consumer<String> progress, List<Problem> problems) throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<ObjectInfo> listed = storage.list(InstallsIndex.PREFIX)) {
            listed.forEach(info -> files.add(info.key()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (files.isEmpty()) {
            return 0;
        }
        List<InstallsCsv> csvs = new ArrayList<>();
        for (InstallsIndex index : InstallsIndex.values()) {
            if (!files.contains(index.key()) && !files.contains(index.signatureKey())) {
                continue;
            }
            progress.accept(index.key());
            Optional<byte[]> csv = read(index.key());
            Optional<byte[]> signed = read(index.signatureKey());
            if (csv.isEmpty()) {
                problems.add(new Problem(index.key(), Kind.MISSING, "its signature " + index.signatureKey() + " is in the mirror"));
            } else if (signed.isEmpty()) {
                problems.add(new Problem(index.signatureKey(), Kind.MISSING, index.key() + " is in the mirror without it"));
            } else {
                try {
                    csvs.add(InstallsCsv.verify(index, csv.get(), signed.get(), key, "in the mirror"));
                } catch (VerificationException e) {
                    problems.add(new Problem(index.key(), Kind.CORRUPT, e.getMessage()));
                }
            }
        }
        Path scratch = Files.createTempFile("hexmirror-verify-", ".build");
        try {
            for (String file : files) {
                if (InstallsIndex.ofKey(file).isPresent()) {
                    continue;
                }
                progress.accept(file);
                Optional<InstallsCsv> listing = csvs.stream().filter(c -> c.rowFor(file).isPresent()).findFirst();
                if (listing.isEmpty()) {
                    problems.add(new Problem(file, Kind.CORRUPT, "not listed by any installs CSV that verifies"));
                    continue;
                }
                InstallsRow row = listing.get().rowFor(file).orElseThrow();
                try (InputStream in = storage.read(file)) {
                    Files.copy(in, scratch, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                try {
                    InstallsBuilds.verify(listing.get(), row, scratch, "in the mirror");
                } catch (VerificationException e) {
                    problems.add(new Problem(file, Kind.CORRUPT, e.getMessage()));
                }
            }
        } finally {
            Files.deleteIfExists(scratch);
        }
        return files.size();
    }

    private Optional<byte[]> read(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return Optional.of(in.readNBytes(InstallsCsv.MAX_BYTES + 1));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }
}
