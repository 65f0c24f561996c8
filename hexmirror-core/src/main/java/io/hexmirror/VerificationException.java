package io.hexmirror;

/**
 * Data from upstream, a bundle or the mirror itself failed a check: it must not be published.
 * Subclasses say which check; the message says what and where.
 */
public class VerificationException extends HexMirrorException {
    public VerificationException(String message) {
        super(message);
    }

    public VerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
