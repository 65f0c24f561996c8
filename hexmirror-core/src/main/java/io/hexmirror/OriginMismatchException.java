package io.hexmirror;

/** A registry file names another repository or package than the one it was fetched as. */
public class OriginMismatchException extends VerificationException {
    public OriginMismatchException(String message) {
        super(message);
    }
}
