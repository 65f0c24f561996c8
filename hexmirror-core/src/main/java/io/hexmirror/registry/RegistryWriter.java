package io.hexmirror.registry;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.hexmirror.registry.proto.Signed;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * Encodes registry files: payload, SHA512withRSA signature, {@code Signed} envelope, gzip. Used by
 * test upstreams and by mirrors that must rewrite (re-sign) a registry. Thread-safe.
 */
public final class RegistryWriter {
    private final PrivateKey privateKey;

    public RegistryWriter(PrivateKey privateKey) {
        this.privateKey = requireNonNull(privateKey, "privateKey is null");
    }

    /** The file for a Names, Versions or Package message. */
    public byte[] write(MessageLite message) {
        return writePayload(message.toByteArray());
    }

    /** The file for an already encoded payload. */
    public byte[] writePayload(byte[] payload) {
        Signed signed = Signed.newBuilder()
                .setPayload(ByteString.copyFrom(payload))
                .setSignature(ByteString.copyFrom(sign(payload)))
                .build();
        return Gzip.gzip(signed.toByteArray());
    }

    public byte[] sign(byte[] payload) {
        try {
            Signature signer = Signature.getInstance("SHA512withRSA");
            signer.initSign(privateKey);
            signer.update(payload);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the given key: " + e.getMessage(), e);
        }
    }
}
