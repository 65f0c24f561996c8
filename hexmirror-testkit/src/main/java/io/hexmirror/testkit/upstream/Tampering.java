package io.hexmirror.testkit.upstream;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Signed;
import io.hexmirror.registry.proto.Versions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** The content changes behind the server's faults. */
final class Tampering {
    /** Used where a fault puts a wrong name in a registry file. */
    static final String OTHER = "other";

    /** What {@link #gzipBomb()} inflates to. */
    static final long BOMB_INFLATED_BYTES = 1L << 30;
    private static volatile byte[] bomb;

    private Tampering() {
    }

    /** Gzip of {@value #BOMB_INFLATED_BYTES} zeros, made once (it takes a second or two). */
    static byte[] gzipBomb() {
        byte[] made = bomb;
        if (made == null) {
            synchronized (Tampering.class) {
                if (bomb == null) {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(2 << 20);
                    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out, 1 << 16)) {
                        byte[] zeros = new byte[1 << 20];
                        for (long written = 0; written < BOMB_INFLATED_BYTES; written += zeros.length) {
                            gz.write(zeros);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    bomb = out.toByteArray();
                }
                made = bomb;
            }
        }
        return made;
    }

    /** Thrown when a fault cannot apply to the file it was set on; the server answers 500. */
    static final class NotApplicable extends Exception {
        NotApplicable(String message) {
            super(message);
        }
    }

    static byte[] flipByte(byte[] content) {
        byte[] copy = content.clone();
        if (copy.length > 0) {
            copy[copy.length / 2] ^= 0x01;
        }
        return copy;
    }

    static byte[] badSignature(String resource, byte[] file) throws NotApplicable {
        Signed signed = signed(resource, file);
        byte[] signature = flipByte(signed.getSignature().toByteArray());
        return Tarballs.gzip(signed.toBuilder().setSignature(ByteString.copyFrom(signature)).build().toByteArray());
    }

    static byte[] wrongRepository(String resource, byte[] file, FakeHexRepository repository) throws NotApplicable {
        byte[] payload = signed(resource, file).getPayload().toByteArray();
        MessageLite changed;
        try {
            if (resource.equals(RegistryPaths.NAMES)) {
                changed = Names.parseFrom(payload).toBuilder().setRepository(OTHER).build();
            } else if (resource.equals(RegistryPaths.VERSIONS)) {
                changed = Versions.parseFrom(payload).toBuilder().setRepository(OTHER).build();
            } else {
                changed = Package.parseFrom(payload).toBuilder().setRepository(OTHER).build();
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(resource + ": generated payload does not decode", e);
        }
        return repository.sign(changed);
    }

    static byte[] wrongPackageName(String resource, byte[] file, FakeHexRepository repository) throws NotApplicable {
        if (!resource.startsWith(RegistryPaths.PACKAGES_PREFIX)) {
            throw new NotApplicable("wrongPackageName applies to packages/NAME only, not to " + resource);
        }
        try {
            Package pkg = Package.parseFrom(signed(resource, file).getPayload());
            return repository.sign(pkg.toBuilder().setName(OTHER).build());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(resource + ": generated payload does not decode", e);
        }
    }

    private static Signed signed(String resource, byte[] file) throws NotApplicable {
        boolean registry = resource.equals(RegistryPaths.NAMES) || resource.equals(RegistryPaths.VERSIONS)
                || resource.startsWith(RegistryPaths.PACKAGES_PREFIX);
        if (!registry) {
            throw new NotApplicable("registry faults apply to names, versions and packages/NAME only, not to "
                    + resource);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            return Signed.parseFrom(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(resource + ": generated registry file does not decode", e);
        }
    }
}
