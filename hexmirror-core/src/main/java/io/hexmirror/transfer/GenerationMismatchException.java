package io.hexmirror.transfer;

import io.hexmirror.HexMirrorException;

/**
 * A bundle or request does not fit the mirror it was given to: the mirror is at another
 * generation, or belongs to another mirror's history. Nothing was changed. The message says which
 * generation the mirror has and which one is needed.
 */
public class GenerationMismatchException extends HexMirrorException {
    public GenerationMismatchException(String message) {
        super(message);
    }
}
