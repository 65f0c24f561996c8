package io.hexmirror.testkit.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway key pair and self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made by the
 * JDK's {@code keytool} into a PKCS12 file in a new temporary directory, so that no private key is ever
 * committed. Valid for two days.
 *
 * @param keyStore the PKCS12 file holding the key and certificate
 * @param password its password
 */
record SelfSignedCertificate(Path keyStore, String password) {

    static SelfSignedCertificate create() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("fake-upstream-tls");
        Path keyStore = directory.resolve("server.p12");
        String password = "test-only";
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", password, "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2"))
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool could not make a test certificate: " + output.strip());
        }
        return new SelfSignedCertificate(keyStore, password);
    }

    /** A TLS context whose only trusted certificate is this one. */
    SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test certificate " + keyStore + ": " + e.getMessage(), e);
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(keyStore);
        Files.deleteIfExists(keyStore.getParent());
    }
}
