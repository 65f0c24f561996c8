package io.hexmirror.installs;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.hexmirror.MalformedDataException;
import io.hexmirror.VerificationException;
import io.hexmirror.version.Version;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An installs CSV as upstream signed it, checked: its signature verifies with the installs key, and
 * every row is well formed and points inside {@code /installs/}. The bytes are kept as they are
 * (signatures cannot be re-made), so only checks are done here, never rewriting.
 */
public final class InstallsCsv {
    /** Far larger than hex.pm's CSVs (a few hundred rows); guards against a hostile upstream or bundle. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final int MAX_SIGNATURE_BYTES = 64 * 1024;
    /** A version or Elixir version as it may appear in a path: no '/', and never '.' or '..'. */
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");
    private static final Pattern SHA512 = Pattern.compile("[0-9a-fA-F]{128}");
    private static final Pattern OTP = Pattern.compile("[0-9]{1,4}");

    private final InstallsIndex index;
    private final List<InstallsRow> rows;

    private InstallsCsv(InstallsIndex index, List<InstallsRow> rows) {
        this.index = index;
        this.rows = List.copyOf(rows);
    }

    /**
     * Checks a CSV and its signature file.
     *
     * @param where where the bytes come from, for messages ("from upstream", "in the bundle")
     * @throws VerificationException naming the file (and row) and what is wrong with it
     */
    public static InstallsCsv verify(InstallsIndex index, byte[] csv, byte[] signed, PublicKey key, String where)
            throws VerificationException {
        String name = index.key() + " " + where;
        if (csv.length > MAX_BYTES) {
            throw new MalformedDataException(name + " is larger than " + MAX_BYTES + " bytes");
        }
        verifySignature(index, csv, signed, key, where);
        String text;
        try {
            text = US_ASCII.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(csv)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedDataException(name + " is not plain ASCII text");
        }
        List<InstallsRow> rows = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                rows.add(row(index, line, i + 1, name));
            }
        }
        return new InstallsCsv(index, rows);
    }

    private static void verifySignature(InstallsIndex index, byte[] csv, byte[] signed, PublicKey key, String where)
            throws VerificationException {
        String signatureName = index.signatureKey() + " " + where;
        if (signed.length > MAX_SIGNATURE_BYTES) {
            throw new MalformedDataException(signatureName + " is larger than " + MAX_SIGNATURE_BYTES + " bytes");
        }
        byte[] signature;
        try {
            signature = Base64.getMimeDecoder().decode(new String(signed, US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException(signatureName + " is not base64: " + e.getMessage());
        }
        try {
            Signature verifier = Signature.getInstance("SHA512withRSA");
            verifier.initVerify(key);
            verifier.update(csv);
            if (!verifier.verify(signature)) {
                throw new VerificationException(index.key() + " " + where + " does not match its signature "
                        + index.signatureKey() + " with the installs key");
            }
        } catch (SignatureException e) {
            throw new VerificationException(signatureName + " is not a valid RSA signature: " + e.getMessage(), e);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("the installs key is not an RSA public key: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA512withRSA", e);
        }
    }

    private static InstallsRow row(InstallsIndex index, String line, int number, String name)
            throws MalformedDataException {
        String where = name + " line " + number;
        String[] fields = line.split(",", -1);
        int expected = index.perOtp() ? 4 : 3;
        if (fields.length < expected) {
            throw new MalformedDataException(where + " has " + fields.length + " field(s), expected " + expected
                    + " (" + (index.perOtp() ? "VERSION,SHA512,ELIXIR,OTP" : "VERSION,SHA512,ELIXIR") + ")");
        }
        String version = fields[0].strip();
        String sha512 = fields[1].strip();
        String elixirVersion = fields[2].strip();
        String otp = index.perOtp() ? fields[3].strip() : "";
        for (String segment : new String[] {version, elixirVersion}) {
            if (!SEGMENT.matcher(segment).matches() || segment.contains("..")) {
                throw new MalformedDataException(where + ": '" + segment
                        + "' is not a version; as part of a path it would point outside /installs/");
            }
        }
        if (index.perOtp() && !OTP.matcher(otp).matches()) {
            throw new MalformedDataException(where + ": '" + otp + "' is not an OTP major release");
        }
        if (!SHA512.matcher(sha512).matches()) {
            throw new MalformedDataException(where + ": '" + sha512 + "' is not a SHA-512 (128 hex digits)");
        }
        Optional<Version> elixir = Version.tryParse(elixirVersion);
        if (elixir.isEmpty()) {
            throw new MalformedDataException(where + ": '" + elixirVersion + "' is not an Elixir version");
        }
        InstallsRow partial = new InstallsRow(number, version, sha512.toLowerCase(java.util.Locale.ROOT), elixirVersion,
                elixir.get(), otp, "");
        String key = index.fileKey(partial);
        if (!key.startsWith(InstallsIndex.PREFIX) || key.contains("/../") || key.contains("//")) {
            throw new MalformedDataException(where + " points outside /installs/: " + key);
        }
        return new InstallsRow(number, partial.version(), partial.sha512(), elixirVersion, elixir.get(), otp, key);
    }

    public InstallsIndex index() {
        return index;
    }

    /** The rows in file order (Mix reads them bottom-up). */
    public List<InstallsRow> rows() {
        return rows;
    }

    /** The row for a file key, if any row points to it. */
    public Optional<InstallsRow> rowFor(String key) {
        // The last row wins, as Mix reads bottom-up; rows for one key normally agree.
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).key().equals(key)) {
                return Optional.of(rows.get(i));
            }
        }
        return Optional.empty();
    }
}
