package io.hexmirror.internal.json;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.hexmirror.MalformedDataException;
import java.io.IOException;

/** Strict reading of unsigned JSON, with messages that never echo a forged file at length. */
public final class StrictJson {
    private StrictJson() {
    }

    /** A non-negative integer of at most 18 digits, written without fraction or exponent. */
    public static long count(JsonReader json, String file, String what) throws IOException, MalformedDataException {
        if (json.peek() != JsonToken.NUMBER) {
            throw new MalformedDataException(file + ": " + what + " is not a number");
        }
        String literal = json.nextString();
        if (!literal.matches("0|[1-9][0-9]{0,17}")) {
            throw new MalformedDataException(file + ": " + what + " is " + shorten(literal) + ", not a count (a non-negative integer)");
        }
        return Long.parseLong(literal);
    }

    /** Gson's message without its advice to parse leniently and its link: where the JSON went wrong. */
    public static String problem(Exception e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return shorten(message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON ", "malformed JSON "));
    }

    /** Echoed text is cut and made one line, whatever a forged file holds. */
    public static String shorten(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 80) + "…";
    }
}
