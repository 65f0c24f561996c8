package io.hexmirror;

/** A registry file's signature does not verify with the repository's public key, or is missing. */
public class BadSignatureException extends VerificationException {
    public BadSignatureException(String message) {
        super(message);
    }
}
