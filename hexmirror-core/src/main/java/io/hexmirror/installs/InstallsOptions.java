package io.hexmirror.installs;

import static java.util.Objects.requireNonNull;

import io.hexmirror.version.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which installer builds to mirror: for each Elixir version a user names, the build of Hex and
 * rebar3 that {@code mix local.hex} and {@code mix local.rebar} of that Elixir would install; for
 * the CSVs with an OTP column (Elixir 1.19 and later), the build for each named OTP major release.
 *
 * <p>An Elixir version is named as a series ({@code 1.14}: every 1.14.x) or exactly
 * ({@code 1.14.2}). Mix reads a CSV bottom-up and takes the first row whose Elixir version is not
 * newer than its own; for a series, the mirror takes that row for {@code X.Y.0} and for every
 * Elixir version of the series that a row names, so every patch release of the series finds its
 * build. {@code hex-1.x.csv} and {@code rebar3-1.x.csv} serve Elixir up to 1.18, {@code hex.csv}
 * and {@code rebar.csv} Elixir 1.19 and later: each CSV is used only for the versions that read it.
 *
 * @param elixirVersions the Elixir versions, as series or exact versions
 * @param otpReleases the OTP major releases, for the CSVs that have an OTP column
 * @param key the key the CSVs' {@code .signed} files must verify with (the Elixir team's, by default)
 */
public record InstallsOptions(List<String> elixirVersions, List<Integer> otpReleases, PublicKey key) {
    /** Elixir 1.14 (Debian 12) to 1.19. */
    public static final List<String> DEFAULT_ELIXIR_VERSIONS = List.of("1.14", "1.15", "1.16", "1.17", "1.18", "1.19");
    /** OTP 25 to 28. */
    public static final List<Integer> DEFAULT_OTP_RELEASES = List.of(25, 26, 27, 28);

    private static final Pattern SERIES = Pattern.compile("([0-9]{1,4})\\.([0-9]{1,4})");
    private static final Version FIRST_WITH_OTP_CSV = Version.tryParse("1.19.0-0").orElseThrow();

    public InstallsOptions {
        elixirVersions = List.copyOf(elixirVersions);
        otpReleases = List.copyOf(otpReleases);
        requireNonNull(key, "key is null");
        if (elixirVersions.isEmpty()) {
            throw new IllegalArgumentException("name at least one Elixir version for installs");
        }
        for (String version : elixirVersions) {
            if (!SERIES.matcher(version).matches() && Version.tryParse(version).isEmpty()) {
                throw new IllegalArgumentException("'" + version
                        + "' is not an Elixir version: give a series such as 1.14 or a version such as 1.14.2");
            }
        }
        for (int otp : otpReleases) {
            if (otp < 17 || otp > 999) {
                throw new IllegalArgumentException(otp + " is not an OTP major release (such as 26)");
            }
        }
    }

    /** The default Elixir versions and OTP releases, verified with the Elixir team's key. */
    public static InstallsOptions defaults() {
        return new InstallsOptions(DEFAULT_ELIXIR_VERSIONS, DEFAULT_OTP_RELEASES, elixirTeamKey());
    }

    public InstallsOptions withElixirVersions(List<String> versions) {
        return new InstallsOptions(versions, otpReleases, key);
    }

    public InstallsOptions withOtpReleases(List<Integer> releases) {
        return new InstallsOptions(elixirVersions, releases, key);
    }

    public InstallsOptions withKey(PublicKey publicKey) {
        return new InstallsOptions(elixirVersions, otpReleases, publicKey);
    }

    /**
     * The key Mix itself verifies installs CSVs with (built into Mix as its in-memory public key):
     * the Elixir team's.
     */
    public static PublicKey elixirTeamKey() {
        try (InputStream in = Objects.requireNonNull(InstallsOptions.class.getResourceAsStream("elixir-team-key.pem"),
                "resource io/hexmirror/installs/elixir-team-key.pem")) {
            return io.hexmirror.registry.RepositoryKeys.parsePublicKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows whose builds the mirror holds, in file order, one per file. */
    public List<InstallsRow> select(InstallsCsv csv) {
        List<InstallsRow> rows = csv.rows();
        Map<String, InstallsRow> chosen = new LinkedHashMap<>();
        for (Version elixir : elixirVersionsReading(csv)) {
            if (csv.index().perOtp()) {
                for (int otp : otpReleases) {
                    newestFor(rows, elixir, Optional.of(Integer.toString(otp))).ifPresent(r -> chosen.putIfAbsent(r.key(), r));
                }
            } else {
                newestFor(rows, elixir, Optional.empty()).ifPresent(r -> chosen.putIfAbsent(r.key(), r));
            }
        }
        List<InstallsRow> inFileOrder = new ArrayList<>(chosen.values());
        inFileOrder.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return inFileOrder;
    }

    /** The concrete Elixir versions to answer for this CSV: each named one, and for a series each version rows name in it. */
    private TreeSet<Version> elixirVersionsReading(InstallsCsv csv) {
        TreeSet<Version> versions = new TreeSet<>();
        for (String named : elixirVersions) {
            Matcher series = SERIES.matcher(named);
            if (series.matches()) {
                long major = Long.parseLong(series.group(1));
                long minor = Long.parseLong(series.group(2));
                versions.add(Version.tryParse(major + "." + minor + ".0").orElseThrow());
                for (InstallsRow row : csv.rows()) {
                    if (row.elixir().major() == major && row.elixir().minor() == minor) {
                        versions.add(row.elixir());
                    }
                }
            } else {
                versions.add(Version.tryParse(named).orElseThrow());
            }
        }
        boolean otpCsv = csv.index().perOtp();
        versions.removeIf(v -> (v.comparePrecedence(FIRST_WITH_OTP_CSV) >= 0) != otpCsv);
        return versions;
    }

    /** What Mix of that Elixir (and OTP) picks: the last row not newer than it. */
    private static Optional<InstallsRow> newestFor(List<InstallsRow> rows, Version elixir, Optional<String> otp) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            InstallsRow row = rows.get(i);
            if (row.elixir().comparePrecedence(elixir) <= 0 && otp.map(o -> o.equals(row.otp())).orElse(true)) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }
}
