package io.hexmirror.registry;

import io.hexmirror.InvalidInputException;
import io.hexmirror.files.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Reads and writes the RSA keys of Hex repositories.
 *
 * <p>Public keys are accepted as {@code PUBLIC KEY} (SubjectPublicKeyInfo, as hex.pm publishes) and
 * {@code RSA PUBLIC KEY} (PKCS#1, as {@code mix hex.registry build} writes); private keys as
 * {@code PRIVATE KEY} (PKCS#8) and {@code RSA PRIVATE KEY} (PKCS#1).
 */
public final class RepositoryKeys {
    /** The smallest RSA key accepted for signing a registry, in bits. */
    public static final int MIN_SIGNING_KEY_BITS = 2048;
    /** PEM key files are a few KB; a file far larger is not a key. */
    private static final long MAX_KEY_FILE_BYTES = 1L << 20;
    private static final String HEXPM_KEY_RESOURCE = "hexpm_public_key.pem";
    private static final String HEXPM_PEM = loadHexpmPem();

    private RepositoryKeys() {
    }

    /** hex.pm's repository public key, built in (https://hex.pm/docs/public_keys). */
    public static PublicKey hexpmPublicKey() {
        try {
            return parsePublicKey(HEXPM_PEM);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("built-in hex.pm key is unreadable", e);
        }
    }

    /** hex.pm's repository public key as PEM text. */
    public static String hexpmPublicKeyPem() {
        return HEXPM_PEM;
    }

    /**
     * Reads a public key file the user named.
     *
     * @throws InvalidInputException when the file is missing, not a file, or holds no RSA public key; the
     *     message names the file
     * @throws IOException when the file cannot be read
     */
    public static PublicKey readPublicKey(Path pem) throws IOException, InvalidInputException {
        String text = InputFiles.readText(pem, "key file", MAX_KEY_FILE_BYTES);
        try {
            return parsePublicKey(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(pem + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the private key file the user named for signing a registry: a key too weak to sign with
     * (see {@link #checkSigningKey}) is refused here, before anything is signed or written.
     *
     * @throws InvalidInputException when the file is missing, not a file, holds no RSA private key, or holds
     *     a key too weak to sign with; the message names the file
     * @throws IOException when the file cannot be read
     */
    public static PrivateKey readPrivateKey(Path pem) throws IOException, InvalidInputException {
        String text = InputFiles.readText(pem, "key file", MAX_KEY_FILE_BYTES);
        try {
            PrivateKey key = parsePrivateKey(text);
            checkSigningKey(key);
            return key;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(pem + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a key too weak to sign a registry: an RSA modulus under {@value #MIN_SIGNING_KEY_BITS} bits
     * (hex.pm's own size; 1024-bit RSA is within reach of a well-funded attacker, and clients would trust
     * whatever such a forged signature covers).
     *
     * @throws IllegalArgumentException naming the key's size and the size required
     */
    public static void checkSigningKey(PrivateKey key) {
        if (!(key instanceof RSAPrivateKey rsa)) {
            throw new IllegalArgumentException("not an RSA private key (" + key.getAlgorithm() + "): Hex registries are signed with RSA");
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_SIGNING_KEY_BITS) {
            throw new IllegalArgumentException("an RSA key of " + bits + " bits is too weak to sign a registry: use one of at least "
                    + MIN_SIGNING_KEY_BITS + " bits (hexmirror keygen makes one)");
        }
    }

    /**
     * Parses a PEM public key in either RSA form.
     *
     * @throws IllegalArgumentException when the text holds no RSA public key
     */
    public static PublicKey parsePublicKey(String pem) {
        Pem.Block block = Pem.parse(pem);
        if (block == null) {
            throw new IllegalArgumentException("no PEM block found (expected -----BEGIN PUBLIC KEY-----)");
        }
        byte[] spki = switch (block.type()) {
            case "PUBLIC KEY" -> block.der();
            case "RSA PUBLIC KEY" -> Pem.pkcs1PublicToSpki(block.der());
            default -> throw new IllegalArgumentException("PEM block '" + block.type() + "' is not a public key");
        };
        try {
            return rsa().generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid RSA public key: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a PEM private key in either RSA form.
     *
     * @throws IllegalArgumentException when the text holds no RSA private key
     */
    public static PrivateKey parsePrivateKey(String pem) {
        Pem.Block block = Pem.parse(pem);
        if (block == null) {
            throw new IllegalArgumentException("no PEM block found (expected -----BEGIN PRIVATE KEY-----)");
        }
        byte[] pkcs8 = switch (block.type()) {
            case "PRIVATE KEY" -> block.der();
            case "RSA PRIVATE KEY" -> Pem.pkcs1PrivateToPkcs8(block.der());
            default -> throw new IllegalArgumentException("PEM block '" + block.type() + "' is not a private key");
        };
        try {
            return rsa().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid RSA private key: " + e.getMessage(), e);
        }
    }

    /** The public half of an RSA private key. */
    public static PublicKey publicKeyOf(PrivateKey privateKey) {
        if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("not an RSA CRT private key");
        }
        try {
            return rsa().generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new 2048-bit RSA key pair, the size hex.pm uses. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code -----BEGIN PUBLIC KEY-----} text, which Mix and rebar3 both read. */
    public static String toPem(PublicKey key) {
        return Pem.format("PUBLIC KEY", key.getEncoded());
    }

    /** {@code -----BEGIN PRIVATE KEY-----} (PKCS#8) text. */
    public static String toPem(PrivateKey key) {
        return Pem.format("PRIVATE KEY", key.getEncoded());
    }

    private static KeyFactory rsa() throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA");
    }

    private static String loadHexpmPem() {
        try (InputStream in = RepositoryKeys.class.getResourceAsStream(HEXPM_KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + HEXPM_KEY_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
