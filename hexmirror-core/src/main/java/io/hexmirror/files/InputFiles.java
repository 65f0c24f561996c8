package io.hexmirror.files;

import static java.util.Objects.requireNonNull;

import io.hexmirror.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the small text files a user names (lock files, selection files, key files, request files),
 * refusing with a one-line {@link InvalidInputException} that names the file what could only be a
 * mistake: a directory, a missing file, a file far larger than any such file, or one that is not text
 * (a binary file, a tarball given by mistake). A parser then reports what is wrong inside.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * The file's text, decoded as UTF-8 (a leading byte order mark is kept for the parser to skip).
     *
     * @param kind what the file should be, for messages: {@code "lock file"}, {@code "key file"}
     * @param maxBytes the size beyond which the file cannot be one of its kind
     * @throws InvalidInputException when the file is missing, a directory, larger than {@code maxBytes},
     *     or not UTF-8 text; the message names the kind and the file
     * @throws IOException when the file cannot be read (permissions, a failing disk)
     */
    public static String readText(Path file, String kind, long maxBytes) throws IOException, InvalidInputException {
        requireNonNull(file, "file is null");
        requireNonNull(kind, "kind is null");
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(kind + " " + file + " is a directory, not a file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // One byte more than allowed tells "too large" from "exactly at the limit" without trusting size().
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(kind + " " + file + " does not exist", e);
        }
        if (bytes.length > maxBytes) {
            throw new InvalidInputException(kind + " " + file + " is larger than " + maxBytes + " bytes, far larger than any "
                    + kind + ": is it the right file?");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw notText(file, kind, i);
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(buffer).toString();
        } catch (CharacterCodingException e) {
            throw notText(file, kind, buffer.position());
        }
    }

    private static InvalidInputException notText(Path file, String kind, int offset) {
        return new InvalidInputException(kind + " " + file + " is not a text file (binary data near byte " + offset
                + "): is it the right file?");
    }
}
