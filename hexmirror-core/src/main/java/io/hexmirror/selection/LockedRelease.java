package io.hexmirror.selection;

import static java.util.Objects.requireNonNull;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.version.Version;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An exact release pinned by a lock file, with the checksums the lock file recorded for it.
 * {@link DependencyClosure} selects exactly this version and fails if a recorded checksum differs
 * from the registry's.
 *
 * @param name           a valid Hex package name (the Hex package, which may differ from the app name)
 * @param version        the locked version
 * @param outerChecksum  SHA-256 of the whole tarball as 64 lower-case hex digits, if the lock recorded it
 *                       ({@code mix.lock} 8-tuples, {@code rebar.lock} {@code pkg_hash_ext})
 * @param innerChecksum  the deprecated inner checksum as 64 lower-case hex digits, if recorded
 *                       ({@code mix.lock} 4th element, {@code rebar.lock} {@code pkg_hash})
 */
public record LockedRelease(String name, Version version, Optional<String> outerChecksum,
                            Optional<String> innerChecksum) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public LockedRelease {
        RegistryPaths.checkName(name);
        requireNonNull(version, "version is null");
        outerChecksum = normalize(outerChecksum, "outerChecksum");
        innerChecksum = normalize(innerChecksum, "innerChecksum");
    }

    /** A release pinned with its outer checksum only, or with none. */
    public LockedRelease(String name, Version version, Optional<String> outerChecksum) {
        this(name, version, outerChecksum, Optional.empty());
    }

    /** Whether {@code hex} is a SHA-256 in hex, either case. */
    public static boolean isChecksum(String hex) {
        return hex != null && SHA256_HEX.matcher(hex.toLowerCase(Locale.ROOT)).matches();
    }

    private static Optional<String> normalize(Optional<String> checksum, String what) {
        requireNonNull(checksum, what + " is null");
        return checksum.map(hex -> {
            if (!isChecksum(hex)) {
                throw new IllegalArgumentException(what + " is not 64 hex digits: '" + hex + "'");
            }
            return hex.toLowerCase(Locale.ROOT);
        });
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
