package io.hexmirror;

/**
 * A validly signed registry file is older than the one the mirror holds (a package's last change
 * goes backwards, or a retirement is lifted): applying it would undo what upstream published.
 */
public class RollbackException extends VerificationException {
    public RollbackException(String message) {
        super(message);
    }
}
