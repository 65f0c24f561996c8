package io.hexmirror.generation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A release, or a whole package file, that upstream serves wrongly in a way that retrying at once
 * would not fix (a tarball whose checksum does not match the signed registry, a package file whose
 * signature does not verify, a malformed file). A sync leaves it out, publishes everything else, and
 * tries it again on every later sync until it goes through; see {@link Quarantine}.
 *
 * @param name the package
 * @param version the release, or empty when the package file itself failed (then the whole package
 *     stays as the mirror last had it)
 * @param subject the file that failed, as a repository path such as {@code tarballs/plug-1.10.0.tar}
 * @param reason why, as the failed check said it; one line
 * @param since when a sync first found it failing
 * @param lastTried when a sync last tried it and it failed again
 */
public record QuarantinedRelease(String name, Optional<String> version, String subject, String reason, Instant since,
        Instant lastTried) {
    public QuarantinedRelease {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(since, "since is null");
        requireNonNull(lastTried, "lastTried is null");
        if (name.isEmpty() || name.contains(" ") || version.filter(v -> v.isEmpty() || v.contains(" ")).isPresent()
                || subject.isEmpty() || subject.contains(" ")) {
            throw new IllegalArgumentException("name, version and subject must be non-empty words: '" + name + "', "
                    + version + ", '" + subject + "'");
        }
        // One record per line in the bookkeeping file: a reason never breaks a line.
        reason = reason.replaceAll("[\\r\\n]+", " ").strip();
    }

    /** {@code NAME VERSION}, or {@code NAME (package file)}, for messages. */
    public String describe() {
        return name + " " + version.orElse("(package file)");
    }

    @Override
    public String toString() {
        return describe() + ": " + subject + ": " + reason + " (since " + since + ", last tried " + lastTried + ")";
    }
}
