package io.hexmirror.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryKeysTest {
    @TempDir
    Path dir;

    @Test
    void hexpmsBuiltInKeyIsA2048BitRsaKey() {
        RSAPublicKey key = (RSAPublicKey) RepositoryKeys.hexpmPublicKey();

        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        assertThat(RepositoryKeys.hexpmPublicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void readsBothPublicKeyForms() {
        KeyPair pair = RepositoryKeys.generate();
        RSAPublicKey rsa = (RSAPublicKey) pair.getPublic();
        String spki = RepositoryKeys.toPem(pair.getPublic());
        String pkcs1 = pem("RSA PUBLIC KEY", derSequence(derInteger(rsa.getModulus()), derInteger(rsa.getPublicExponent())));

        assertThat(RepositoryKeys.parsePublicKey(spki)).isEqualTo(pair.getPublic());
        assertThat(RepositoryKeys.parsePublicKey(pkcs1)).isEqualTo(pair.getPublic());
    }

    @Test
    void readsBothPrivateKeyFormsAndDerivesThePublicKey() {
        KeyPair pair = RepositoryKeys.generate();
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) pair.getPrivate();
        byte[] pkcs1 = derSequence(derInteger(BigInteger.ZERO), derInteger(crt.getModulus()), derInteger(crt.getPublicExponent()),
                derInteger(crt.getPrivateExponent()), derInteger(crt.getPrimeP()), derInteger(crt.getPrimeQ()),
                derInteger(crt.getPrimeExponentP()), derInteger(crt.getPrimeExponentQ()), derInteger(crt.getCrtCoefficient()));

        assertThat(RepositoryKeys.parsePrivateKey(RepositoryKeys.toPem(pair.getPrivate()))).isEqualTo(pair.getPrivate());
        assertThat(RepositoryKeys.parsePrivateKey(pem("RSA PRIVATE KEY", pkcs1))).isEqualTo(pair.getPrivate());
        assertThat(RepositoryKeys.publicKeyOf(pair.getPrivate())).isEqualTo(pair.getPublic());
    }

    @Test
    void aFileWithoutAKeySaysWhichFileAndWhatWasExpected() throws Exception {
        Path file = Files.writeString(dir.resolve("key.pem"), "not a key");

        assertThatThrownBy(() -> RepositoryKeys.readPublicKey(file))
                .isInstanceOf(io.hexmirror.InvalidInputException.class)
                .hasMessage(file + ": no PEM block found (expected -----BEGIN PUBLIC KEY-----)");
        Path certificate = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", new byte[] {1}));
        assertThatThrownBy(() -> RepositoryKeys.readPublicKey(certificate))
                .hasMessage(certificate + ": PEM block 'CERTIFICATE' is not a public key");
    }

    @Test
    void aSigningKeyUnder2048BitsIsRefusedNamingTheFileAndTheSizes() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        Path weak = Files.writeString(dir.resolve("weak.pem"), RepositoryKeys.toPem(generator.generateKeyPair().getPrivate()));

        assertThatThrownBy(() -> RepositoryKeys.readPrivateKey(weak))
                .isInstanceOf(io.hexmirror.InvalidInputException.class)
                .hasMessage(weak + ": an RSA key of 1024 bits is too weak to sign a registry: use one of at least 2048 bits"
                        + " (hexmirror keygen makes one)");
        Path strong = Files.writeString(dir.resolve("strong.pem"), RepositoryKeys.toPem(RepositoryKeys.generate().getPrivate()));
        assertThat(RepositoryKeys.readPrivateKey(strong)).isNotNull();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] derInteger(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] derSequence(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return tlv(0x30, out.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 128) {
            out.write(content.length);
        } else if (content.length < 256) {
            out.write(0x81);
            out.write(content.length);
        } else {
            out.write(0x82);
            out.write(content.length >> 8);
            out.write(content.length & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
