package io.hexmirror.internal.transfer;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.hexmirror.MalformedDataException;
import io.hexmirror.transfer.BundleEntry;
import io.hexmirror.transfer.BundleManifest;
import io.hexmirror.transfer.GenerationRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes and reads {@link BundleManifest} as gzipped JSON:
 * <pre>{@code
 * {"format":"hexmirror-bundle","formatVersion":1,"mirrorId":"...","full":false,
 *  "base":{"generation":7,"id":"..."},
 *  "target":{"generation":9,"id":"...","createdAt":"2025-01-02T03:04:05Z"},
 *  "generations":[{"generation":8,"id":"...","createdAt":"..."}, ...],
 *  "createdAt":"...","volumeSize":734003200,
 *  "packs":[{"member":"data/000001","size":1234567}],
 *  "entries":[
 *   {"path":"tarballs/jason-1.4.1.tar","size":31744,"sha256":"...","member":"data/000001","offset":0},
 *   ...
 *   {"path":"packages/old","deleted":true}]}
 * }</pre>
 * One entry per line, so {@code zcat | grep} finds a file. Fields this version does not know are
 * skipped, so later versions can add some.
 */
final class ManifestCodec {
    /** A manifest of hex.pm in full inflates to some tens of MB; this bound only stops gzip bombs. */
    static final long MAX_INFLATED_BYTES = 1L << 30;
    /**
     * The most entries a manifest may list: hex.pm in full (about 170,000 package files and
     * tarballs, and as many docs tarballs again) with room to grow, and few enough to be held
     * within a 256 MiB heap. A longer manifest is refused as soon as it passes the bound.
     */
    static final int MAX_ENTRIES = 600_000;
    /** The most packs and generations a manifest may list. */
    static final int MAX_PACKS = 100_000;
    static final int MAX_GENERATIONS = 1_000_000;
    /**
     * The longest string, number or literal: far above any path, id or number, and it keeps a
     * single huge string from filling the heap before it can be refused.
     */
    static final int MAX_TOKEN_CHARS = 64 * 1024;
    /**
     * The most text a manifest keeps in memory (paths, checksums, ids, counted as the heap stores
     * them): hex.pm in full needs about 35 MB, a path and a checksum for each of its entries. Without
     * it, values just under {@link #MAX_TOKEN_CHARS} in every entry would hold up to
     * {@link #MAX_INFLATED_BYTES} in the heap.
     */
    static final long MAX_KEPT_BYTES = 64L << 20;

    private ManifestCodec() {
    }

    static void write(BundleManifest m, OutputStream out) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024);
        Writer text = new OutputStreamWriter(gzip, UTF_8);
        JsonWriter json = new JsonWriter(text);
        json.beginObject();
        json.name("format").value(BundleManifest.FORMAT);
        json.name("formatVersion").value(m.formatVersion());
        json.name("mirrorId").value(m.mirrorId());
        json.name("full").value(m.full());
        json.name("base").beginObject().name("generation").value(m.baseGeneration());
        if (m.baseGenerationId().isPresent()) {
            json.name("id").value(m.baseGenerationId().get());
        }
        json.endObject();
        json.name("target");
        generation(json, m.target());
        json.name("generations").beginArray();
        for (GenerationRef g : m.generations()) {
            generation(json, g);
        }
        json.endArray();
        json.name("createdAt").value(m.createdAt().toString());
        if (m.volumeSize().isPresent()) {
            json.name("volumeSize").value(m.volumeSize().getAsLong());
        }
        json.name("packs").beginArray();
        for (BundleManifest.Pack pack : m.packs()) {
            json.beginObject().name("member").value(pack.member()).name("size").value(pack.size()).endObject();
        }
        json.endArray();
        json.name("entries").beginArray();
        for (BundleEntry e : m.entries()) {
            // Raw, so that each entry starts a line: JsonWriter only indents everything or nothing.
            json.jsonValue("\n" + entryJson(e));
        }
        json.endArray();
        json.endObject();
        json.flush();
        text.write('\n');
        text.flush();
        gzip.finish();
    }

    /**
     * Reads and validates a manifest; reads {@code in} to the end of the gzip stream.
     *
     * @throws MalformedDataException when it is not gzip, not JSON of this shape, or invalid
     */
    static BundleManifest read(InputStream in) throws IOException, MalformedDataException {
        try {
            JsonReader json = new JsonReader(new BoundedTokenReader(new InputStreamReader(
                    new BoundedInputStream(new GZIPInputStream(in, 64 * 1024), MAX_INFLATED_BYTES), UTF_8)));
            json.setStrictness(Strictness.STRICT);
            BundleManifest manifest = readManifest(json, new KeptText());
            manifest.validate();
            return manifest;
        } catch (LimitExceeded e) {
            throw new MalformedDataException("bundle manifest: " + e.getMessage() + "; refused", e);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new MalformedDataException("bundle manifest: damaged gzip data (" + e.getMessage() + ")", e);
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
            throw new MalformedDataException("bundle manifest: " + e.getMessage(), e);
        } catch (com.google.gson.stream.MalformedJsonException e) {
            throw new MalformedDataException("bundle manifest: not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static BundleManifest readManifest(JsonReader json, KeptText kept) throws IOException, MalformedDataException {
        String format = null;
        Integer formatVersion = null;
        String mirrorId = null;
        boolean full = false;
        long base = -1;
        Optional<String> baseId = Optional.empty();
        GenerationRef target = null;
        List<GenerationRef> generations = List.of();
        Instant createdAt = null;
        OptionalLong volumeSize = OptionalLong.empty();
        List<BundleManifest.Pack> packs = List.of();
        List<BundleEntry> entries = List.of();
        json.beginObject();
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "format" -> format = kept.next(json);
                case "formatVersion" -> formatVersion = json.nextInt();
                case "mirrorId" -> mirrorId = kept.next(json);
                case "full" -> full = json.nextBoolean();
                case "base" -> {
                    json.beginObject();
                    while (json.hasNext()) {
                        switch (json.nextName()) {
                            case "generation" -> base = json.nextLong();
                            case "id" -> baseId = Optional.of(kept.next(json));
                            default -> json.skipValue();
                        }
                    }
                    json.endObject();
                }
                case "target" -> target = generation(json, kept);
                case "generations" -> generations = array(json, j -> generation(j, kept), MAX_GENERATIONS, "generations");
                case "createdAt" -> createdAt = instant(json.nextString(), "createdAt");
                case "volumeSize" -> volumeSize = OptionalLong.of(json.nextLong());
                case "packs" -> packs = array(json, j -> pack(j, kept), MAX_PACKS, "packs");
                case "entries" -> {
                    // Entries share a few pack names: keep one copy of each.
                    Map<String, String> members = new HashMap<>();
                    entries = array(json, j -> entry(j, members, kept), MAX_ENTRIES, "entries");
                }
                default -> json.skipValue();
            }
        }
        json.endObject();
        if (json.peek() != JsonToken.END_DOCUMENT) {
            throw new MalformedDataException("bundle manifest: data after the JSON object");
        }
        if (!BundleManifest.FORMAT.equals(format)) {
            throw new MalformedDataException("bundle manifest: format is '" + format + "', not '" + BundleManifest.FORMAT + "'");
        }
        require(formatVersion, "formatVersion");
        require(mirrorId, "mirrorId");
        require(target, "target");
        require(createdAt, "createdAt");
        if (base < 0) {
            throw new MalformedDataException("bundle manifest: no base generation");
        }
        return new BundleManifest(formatVersion, mirrorId, full, base, baseId, target, generations, createdAt, volumeSize,
                packs, entries);
    }

    private static void generation(JsonWriter json, GenerationRef g) throws IOException {
        json.beginObject().name("generation").value(g.number()).name("id").value(g.id())
                .name("createdAt").value(g.createdAt().toString()).endObject();
    }

    private static GenerationRef generation(JsonReader json, KeptText kept) throws IOException, MalformedDataException {
        long number = -1;
        String id = null;
        Instant createdAt = null;
        json.beginObject();
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "generation" -> number = json.nextLong();
                case "id" -> id = kept.next(json);
                case "createdAt" -> createdAt = instant(json.nextString(), "createdAt");
                default -> json.skipValue();
            }
        }
        json.endObject();
        require(id, "generation id");
        require(createdAt, "generation createdAt");
        return new GenerationRef(number, id, createdAt);
    }

    private static String entryJson(BundleEntry e) throws IOException {
        StringWriter out = new StringWriter();
        JsonWriter json = new JsonWriter(out);
        json.beginObject().name("path").value(e.path());
        if (e.deleted()) {
            json.name("deleted").value(true);
        } else {
            json.name("size").value(e.size()).name("sha256").value(e.sha256())
                    .name("member").value(e.member()).name("offset").value(e.offset());
        }
        json.endObject().flush();
        return out.toString();
    }

    private static BundleEntry entry(JsonReader json, Map<String, String> members, KeptText kept)
            throws IOException, MalformedDataException {
        String path = null;
        boolean deleted = false;
        long size = 0;
        String sha256 = null;
        String member = null;
        long offset = 0;
        json.beginObject();
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "path" -> path = kept.next(json);
                case "deleted" -> deleted = json.nextBoolean();
                case "size" -> size = json.nextLong();
                case "sha256" -> sha256 = kept.next(json);
                case "member" -> member = kept.interned(json.nextString(), members);
                case "offset" -> offset = json.nextLong();
                default -> json.skipValue();
            }
        }
        json.endObject();
        require(path, "entry path");
        return new BundleEntry(path, deleted, size, sha256, member, offset);
    }

    private static BundleManifest.Pack pack(JsonReader json, KeptText kept) throws IOException, MalformedDataException {
        String member = null;
        long size = -1;
        json.beginObject();
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "member" -> member = kept.next(json);
                case "size" -> size = json.nextLong();
                default -> json.skipValue();
            }
        }
        json.endObject();
        require(member, "pack member");
        return new BundleManifest.Pack(member, size);
    }

    /** Reads one element of an array. */
    private interface ElementReader<T> {
        T read(JsonReader json) throws IOException, MalformedDataException;
    }

    private static <T> List<T> array(JsonReader json, ElementReader<T> element, int max, String what)
            throws IOException, MalformedDataException {
        List<T> items = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
            if (items.size() == max) {
                throw new MalformedDataException("bundle manifest: lists more than " + max + " " + what
                        + ", more than any mirror holds; refused");
            }
            items.add(element.read(json));
        }
        json.endArray();
        return items;
    }

    private static Instant instant(String text, String what) throws MalformedDataException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedDataException("bundle manifest: " + what + " '" + text + "' is not an ISO-8601 instant");
        }
    }

    private static void require(Object value, String what) throws MalformedDataException {
        if (value == null) {
            throw new MalformedDataException("bundle manifest: no " + what);
        }
    }

    /** A bound on the manifest's size was passed. */
    private static final class LimitExceeded extends IOException {
        LimitExceeded(String message) {
            super(message);
        }
    }

    /** Counts the text a manifest keeps, and refuses more than {@value #MAX_KEPT_BYTES} bytes of it. */
    private static final class KeptText {
        private long bytes;

        /** The next string value, kept. */
        String next(JsonReader json) throws IOException {
            return keep(json.nextString());
        }

        /** One copy of {@code value} for all that are equal to it, counted once. */
        String interned(String value, Map<String, String> copies) throws IOException {
            String copy = copies.get(value);
            if (copy == null) {
                copy = keep(value);
                copies.put(copy, copy);
            }
            return copy;
        }

        private String keep(String value) throws LimitExceeded {
            bytes += (long) value.length() * (isLatin1(value) ? 1 : 2);
            if (bytes > MAX_KEPT_BYTES) {
                throw new LimitExceeded("holds more than " + MAX_KEPT_BYTES + " bytes of text (paths, checksums, ids), more than"
                        + " any mirror's manifest");
            }
            return value;
        }

        /** Whether the heap stores {@code value} in one byte a character (Java's compact strings). */
        private static boolean isLatin1(String value) {
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) > 0xff) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Refuses a string, number or literal of more than {@value #MAX_TOKEN_CHARS} characters. Inside
     * a string, JSON punctuation is text like any other: only the closing quote ends it.
     */
    private static final class BoundedTokenReader extends java.io.FilterReader {
        private int run;
        private boolean inString;
        private boolean escaped;

        BoundedTokenReader(java.io.Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            for (int i = off; i < off + n; i++) {
                char c = b[i];
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                        run = 0;
                        continue;
                    }
                    run++;
                } else {
                    switch (c) {
                        case '"' -> {
                            inString = true;
                            run = 0;
                        }
                        case ',', ':', '{', '}', '[', ']', '\n' -> run = 0;
                        default -> run++;
                    }
                }
                if (run > MAX_TOKEN_CHARS) {
                    throw new LimitExceeded("holds a value longer than " + MAX_TOKEN_CHARS + " characters");
                }
            }
            return n;
        }
    }

    /** Refuses to inflate more than a bound. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                left -= n;
                if (left < 0) {
                    throw new LimitExceeded("inflates to more than " + MAX_INFLATED_BYTES + " bytes");
                }
            }
            return n;
        }
    }
}
