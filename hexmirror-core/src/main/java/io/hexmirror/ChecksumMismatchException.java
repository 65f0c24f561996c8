package io.hexmirror;

/** Content does not hash to the checksum the signed registry gives for it. */
public class ChecksumMismatchException extends VerificationException {
    public ChecksumMismatchException(String message) {
        super(message);
    }
}
