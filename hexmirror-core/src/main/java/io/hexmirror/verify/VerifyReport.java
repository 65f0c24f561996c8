package io.hexmirror.verify;

import io.hexmirror.generation.QuarantinedRelease;
import java.util.List;

/**
 * What {@link io.hexmirror.HexMirror#verify()} found.
 *
 * @param packagesChecked package files whose signature and origin were checked
 * @param tarballsChecked tarballs whose checksums were checked
 * @param packagesNotMirrored packages listed in {@code /names} without a package file (normal for a
 *     mirror limited to some packages)
 * @param releasesNotMirrored releases listed by a package file that a selective mirror leaves out
 *     on purpose (their tarballs answer 404)
 * @param problems every missing or corrupt file, one line each; empty when the mirror is sound
 * @param tarballsTrusted of the tarballs checked, those accepted on the SHA-256 the store keeps for
 *     them, without being read (only when
 *     {@link io.hexmirror.MirrorOptions.Builder#trustStoredChecksums} asked for it)
 * @param quarantined releases the mirror leaves out because upstream serves them wrongly (see
 *     {@link io.hexmirror.generation.Quarantine}): not problems of the mirror, which is consistent
 *     without them, but missing all the same until a sync gets them
 */
public record VerifyReport(int packagesChecked, int tarballsChecked, int packagesNotMirrored, int releasesNotMirrored,
        List<Problem> problems, int tarballsTrusted, List<QuarantinedRelease> quarantined) {
    /** A report with nothing quarantined. */
    public VerifyReport(int packagesChecked, int tarballsChecked, int packagesNotMirrored, int releasesNotMirrored,
            List<Problem> problems, int tarballsTrusted) {
        this(packagesChecked, tarballsChecked, packagesNotMirrored, releasesNotMirrored, problems, tarballsTrusted, List.of());
    }

    public VerifyReport {
        problems = List.copyOf(problems);
        quarantined = List.copyOf(quarantined);
        if (tarballsTrusted < 0 || tarballsTrusted > tarballsChecked) {
            throw new IllegalArgumentException("tarballsTrusted " + tarballsTrusted + " is not between 0 and tarballsChecked "
                    + tarballsChecked);
        }
    }

    public boolean sound() {
        return problems.isEmpty();
    }

    /** A file that is missing, or present but failing verification. */
    public record Problem(String key, Kind kind, String message) {
        @Override
        public String toString() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + key + ": " + message;
        }
    }

    public enum Kind {
        MISSING,
        CORRUPT
    }
}
