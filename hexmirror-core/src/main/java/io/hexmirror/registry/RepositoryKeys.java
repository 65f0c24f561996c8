package io.hexmirror.registry;

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

    /** Reads a public key file. The error names the file. */
    public static PublicKey readPublicKey(Path pem) throws IOException {
        try {
            return parsePublicKey(Files.readString(pem, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException(pem + ": " + e.getMessage(), e);
        }
    }

    /** Reads a private key file. The error names the file. */
    public static PrivateKey readPrivateKey(Path pem) throws IOException {
        try {
            return parsePrivateKey(Files.readString(pem, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException(pem + ": " + e.getMessage(), e);
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
