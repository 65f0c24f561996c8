package io.hexmirror;

/** Base of hexmirror's domain failures: messages are written for the user to act on. */
public class HexMirrorException extends Exception {
    public HexMirrorException(String message) {
        super(message);
    }

    public HexMirrorException(String message, Throwable cause) {
        super(message, cause);
    }
}
