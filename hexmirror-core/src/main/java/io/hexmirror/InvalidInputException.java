package io.hexmirror;

/**
 * What the caller asked for cannot be done as given: a bad package name or requirement, a selection or
 * lock file that does not parse, options that contradict each other, a malformed upstream URL or proxy
 * setting. Nothing was changed. The message names the value and where it came from.
 *
 * <p>Distinct from {@link VerificationException} (data failed a check) and from {@link java.io.IOException}
 * (network or storage failed): a front end may report this kind as a usage error, and only this kind.
 */
public class InvalidInputException extends HexMirrorException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
