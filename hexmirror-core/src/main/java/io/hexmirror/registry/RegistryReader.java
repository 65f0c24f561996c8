package io.hexmirror.registry;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hexmirror.BadSignatureException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.OriginMismatchException;
import io.hexmirror.VerificationException;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Signed;
import io.hexmirror.registry.proto.Versions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Decodes registry files as clients do: gunzip, decode {@code Signed}, verify the signature with the
 * repository's key, decode the payload, check its origin (repository name, and package name for
 * {@code /packages/NAME}). Immutable and thread-safe.
 */
public final class RegistryReader {

    private final PublicKey publicKey;
    private final String repository;

    public RegistryReader(PublicKey publicKey, String repository) {
        this.publicKey = requireNonNull(publicKey, "publicKey is null");
        this.repository = requireNonNull(repository, "repository is null");
    }

    /** A reader for hex.pm with its built-in key. */
    public static RegistryReader hexpm() {
        return new RegistryReader(RepositoryKeys.hexpmPublicKey(), "hexpm");
    }

    public String repository() {
        return repository;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public Names readNames(byte[] file) throws VerificationException {
        Names names = parse(verifiedPayload(file, RegistryPaths.NAMES), RegistryPaths.NAMES, Names.parser());
        checkRepository(names.getRepository(), RegistryPaths.NAMES);
        return names;
    }

    public Versions readVersions(byte[] file) throws VerificationException {
        Versions versions = parse(verifiedPayload(file, RegistryPaths.VERSIONS), RegistryPaths.VERSIONS, Versions.parser());
        checkRepository(versions.getRepository(), RegistryPaths.VERSIONS);
        return versions;
    }

    public Package readPackage(String name, byte[] file) throws VerificationException {
        String where = RegistryPaths.packageKey(name);
        Package pkg = parse(verifiedPayload(file, where), where, Package.parser());
        checkRepository(pkg.getRepository(), where);
        if (!pkg.getName().equals(name)) {
            throw new OriginMismatchException(where + ": names package '" + pkg.getName() + "', expected '" + name + "'");
        }
        return pkg;
    }

    /** Gunzips and checks the signature; returns the signed payload. */
    public byte[] verifiedPayload(byte[] file, String where) throws VerificationException {
        Signed signed = parse(Gzip.gunzip(file, where), where, Signed.parser());
        if (!signed.hasSignature() || signed.getSignature().isEmpty()) {
            throw new BadSignatureException(where + ": unsigned registry file");
        }
        byte[] payload = signed.getPayload().toByteArray();
        boolean valid;
        try {
            Signature verifier = Signature.getInstance("SHA512withRSA");
            verifier.initVerify(publicKey);
            verifier.update(payload);
            valid = verifier.verify(signed.getSignature().toByteArray());
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new BadSignatureException(where + ": signature does not verify with the " + repository + " public key");
        }
        return payload;
    }

    private void checkRepository(String found, String where) throws OriginMismatchException {
        if (!repository.equals(found)) {
            throw new OriginMismatchException(where + ": belongs to repository '" + found + "', expected '" + repository + "'");
        }
    }

    private static <T> T parse(byte[] bytes, String where, com.google.protobuf.Parser<T> parser) throws MalformedDataException {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedDataException(where + ": not a valid registry message (" + e.getMessage() + ")", e);
        }
    }
}
