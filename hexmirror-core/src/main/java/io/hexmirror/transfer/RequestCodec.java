package io.hexmirror.transfer;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.hexmirror.InvalidInputException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.files.InputFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link TransferRequest} as JSON:
 * <pre>{@code
 * {
 *   "format": "hexmirror-request",
 *   "formatVersion": 1,
 *   "mirrorId": "…",
 *   "generation": 7,
 *   "generationId": "…",
 *   "createdAt": "2025-01-02T03:04:05Z",
 *   "packages": ["phoenix ~> 1.7", "jason"],
 *   "locks": [{"name": "mix.lock", "content": "%{…}"}],
 *   "docs": ["plug 1.14.0", "jason"]
 * }
 * }</pre>
 * {@code docs} is written only when the request asks for docs, so a request without them reads the
 * same as before it existed.
 */
final class RequestCodec {
    private static final long MAX_BYTES = 16L << 20;

    private RequestCodec() {
    }

    static void write(TransferRequest r, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, UTF_8)) {
            JsonWriter json = new JsonWriter(out);
            json.setIndent("  ");
            json.beginObject();
            json.name("format").value(TransferRequest.FORMAT);
            json.name("formatVersion").value(TransferRequest.FORMAT_VERSION);
            if (r.mirrorId().isPresent()) {
                json.name("mirrorId").value(r.mirrorId().get());
            }
            json.name("generation").value(r.generation());
            if (r.generationId().isPresent()) {
                json.name("generationId").value(r.generationId().get());
            }
            json.name("createdAt").value(r.createdAt().toString());
            json.name("packages").beginArray();
            for (String line : r.packages()) {
                json.value(line);
            }
            json.endArray();
            json.name("locks").beginArray();
            for (TransferRequest.Lock lock : r.locks()) {
                json.beginObject().name("name").value(lock.name()).name("content").value(lock.content()).endObject();
            }
            json.endArray();
            if (!r.docs().isEmpty()) {
                json.name("docs").beginArray();
                for (String line : r.docs()) {
                    json.value(line);
                }
                json.endArray();
            }
            json.endObject();
            json.flush();
            out.write('\n');
        }
    }

    /** Reads a request file the user named: anything wrong with it is the user's input to fix. */
    static TransferRequest read(Path file) throws IOException, InvalidInputException {
        String text = InputFiles.readText(file, "request file", MAX_BYTES);
        try {
            return read(new StringReader(text), file.toString());
        } catch (MalformedDataException e) {
            throw new InvalidInputException(e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
            throw new InvalidInputException(file + " is not a valid hexmirror request: " + firstLine(e), e);
        } catch (com.google.gson.stream.MalformedJsonException | java.io.EOFException e) {
            throw new InvalidInputException(file + " is not a valid hexmirror request (not JSON: " + firstLine(e) + ")", e);
        }
    }

    /**
     * Gson adds a line pointing to its troubleshooting guide, and the JSON path, which in a deeply nested
     * file is as long as the nesting: the error stays one short line without them.
     */
    private static String firstLine(Exception e) {
        String line = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        int path = line.indexOf(" path $");
        return path < 0 ? line : line.substring(0, path);
    }

    private static TransferRequest read(Reader reader, String where) throws IOException, MalformedDataException {
        JsonReader json = new JsonReader(reader);
        json.setStrictness(Strictness.STRICT);
        String format = null;
        int formatVersion = -1;
        Optional<String> mirrorId = Optional.empty();
        long generation = -1;
        Optional<String> generationId = Optional.empty();
        Instant createdAt = null;
        List<String> packages = new ArrayList<>();
        List<TransferRequest.Lock> locks = new ArrayList<>();
        List<String> docs = new ArrayList<>();
        json.beginObject();
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "format" -> format = json.nextString();
                case "formatVersion" -> formatVersion = json.nextInt();
                case "mirrorId" -> mirrorId = Optional.of(json.nextString());
                case "generation" -> generation = json.nextLong();
                case "generationId" -> generationId = Optional.of(json.nextString());
                case "createdAt" -> createdAt = instant(json.nextString(), where);
                case "packages" -> {
                    json.beginArray();
                    while (json.hasNext()) {
                        packages.add(json.nextString());
                    }
                    json.endArray();
                }
                case "docs" -> {
                    json.beginArray();
                    while (json.hasNext()) {
                        docs.add(json.nextString());
                    }
                    json.endArray();
                }
                case "locks" -> {
                    json.beginArray();
                    while (json.hasNext()) {
                        locks.add(lock(json));
                    }
                    json.endArray();
                }
                default -> json.skipValue();
            }
        }
        json.endObject();
        if (json.peek() != JsonToken.END_DOCUMENT) {
            throw new MalformedDataException(where + ": data after the JSON object");
        }
        if (!TransferRequest.FORMAT.equals(format)) {
            throw new MalformedDataException(where + " is not a hexmirror request (format '" + format + "')");
        }
        if (formatVersion != TransferRequest.FORMAT_VERSION) {
            throw new MalformedDataException(where + ": request format version " + formatVersion + " is not one this hexmirror reads ("
                    + TransferRequest.FORMAT_VERSION + ")");
        }
        if (generation < 0 || createdAt == null) {
            throw new MalformedDataException(where + ": no generation or createdAt");
        }
        for (TransferRequest.Lock lock : locks) {
            try {
                lock.parse();
            } catch (io.hexmirror.selection.SelectionSyntaxException e) {
                throw new MalformedDataException(where + ": lock file " + lock.name() + " in the request: " + e.getMessage(), e);
            }
        }
        return new TransferRequest(mirrorId, generation, generationId, createdAt, packages, locks, docs);
    }

    private static TransferRequest.Lock lock(JsonReader json) throws IOException {
        String name = null;
        String content = null;
        json.beginObject();
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "name" -> name = json.nextString();
                case "content" -> content = json.nextString();
                default -> json.skipValue();
            }
        }
        json.endObject();
        if (name == null || content == null) {
            throw new IllegalArgumentException("a lock has no name or content");
        }
        return new TransferRequest.Lock(name, content);
    }

    private static Instant instant(String text, String where) throws MalformedDataException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedDataException(where + ": createdAt '" + text + "' is not an ISO-8601 instant");
        }
    }
}
