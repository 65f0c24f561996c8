package io.hexmirror;

/**
 * A bundle carries a repository public key other than the one the mirror verifies its registry with:
 * most often the bundle comes from a mirror of another repository, or the mirror was not given that
 * repository's key.
 */
public class PublicKeyMismatchException extends VerificationException {
    public PublicKeyMismatchException(String message) {
        super(message);
    }
}
