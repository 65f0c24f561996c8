package io.hexmirror.installs;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The four CSV indexes under {@code /installs/} that {@code mix local.hex} and
 * {@code mix local.rebar} read, each with the path of the file a row points to. {@code ELIXIR} is
 * the Elixir version written in the row, {@code VER} the Hex or rebar3 version, {@code OTP} the
 * OTP major release.
 */
public enum InstallsIndex {
    /** Hex for Elixir up to 1.18: rows {@code VER,SHA512,ELIXIR}, archive {@code ELIXIR/hex-VER.ez}. */
    HEX_1X("hex-1.x.csv", false),
    /** Hex for Elixir 1.19 and later: rows {@code VER,SHA512,ELIXIR,OTP}, archive {@code ELIXIR/hex-VER-otp-OTP.ez}. */
    HEX("hex.csv", true),
    /** rebar3 for Elixir up to 1.18: rows {@code VER,SHA512,ELIXIR}, escript {@code ELIXIR/rebar3-VER}. */
    REBAR3_1X("rebar3-1.x.csv", false),
    /** rebar3 for Elixir 1.19 and later: rows {@code VER,SHA512,ELIXIR,OTP}, escript {@code ELIXIR/rebar3-VER-otp-OTP}. */
    REBAR("rebar.csv", true);

    /** The folder every installer file sits in, as a storage key prefix. */
    public static final String PREFIX = "installs/";
    /** The suffix of a CSV's signature file: base64 of its RSA-SHA512 signature. */
    public static final String SIGNATURE_SUFFIX = ".signed";
    /** Where a build can be: one folder (the Elixir version) below {@code installs/}. */
    private static final Pattern BUILD = Pattern.compile(
            "installs/[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}/(hex-[0-9A-Za-z.+_-]{1,80}\\.ez|rebar3-[0-9A-Za-z.+_-]{1,80})");

    private final String fileName;
    private final boolean perOtp;

    InstallsIndex(String fileName, boolean perOtp) {
        this.fileName = fileName;
        this.perOtp = perOtp;
    }

    /** The CSV's storage key, such as {@code installs/hex-1.x.csv}. */
    public String key() {
        return PREFIX + fileName;
    }

    /** The key of the CSV's signature, such as {@code installs/hex-1.x.csv.signed}. */
    public String signatureKey() {
        return key() + SIGNATURE_SUFFIX;
    }

    /** Whether rows name an OTP major release (a fourth column) and builds differ by it. */
    public boolean perOtp() {
        return perOtp;
    }

    /** Whether the files are Hex archives ({@code .ez}, zip files) rather than rebar3 escripts. */
    public boolean hexArchives() {
        return this == HEX_1X || this == HEX;
    }

    /** The key of the file a row points to. The row's fields have been checked to be safe path segments. */
    String fileKey(InstallsRow row) {
        String tool = hexArchives() ? "hex-" : "rebar3-";
        String otp = perOtp ? "-otp-" + row.otp() : "";
        return PREFIX + row.elixirVersion() + "/" + tool + row.version() + otp + (hexArchives() ? ".ez" : "");
    }

    /**
     * Whether {@code key} can be an installer file: one of the CSVs or their signatures, or a build
     * {@code installs/ELIXIR/hex-...ez} or {@code installs/ELIXIR/rebar3-...} one folder down. Which
     * builds a mirror may hold is decided by the CSVs; this only says where they can be.
     */
    public static boolean isInstallsPath(String key) {
        if (ofKey(key).isPresent()) {
            return true;
        }
        return BUILD.matcher(key).matches() && !key.contains("..");
    }

    /** The index whose CSV or signature has this key. */
    public static Optional<InstallsIndex> ofKey(String key) {
        for (InstallsIndex index : values()) {
            if (index.key().equals(key) || index.signatureKey().equals(key)) {
                return Optional.of(index);
            }
        }
        return Optional.empty();
    }
}
