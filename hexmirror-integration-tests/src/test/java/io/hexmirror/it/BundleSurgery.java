package io.hexmirror.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Rewrites a bundle the way someone who can rewrite the whole file could: change an entry's bytes
 * and fix the manifest to match, so that only the registry checks stand between the change and the
 * mirror. Works from the documented format alone (tar, gzipped JSON manifest, packs), with no
 * hexmirror code.
 */
final class BundleSurgery {
    private final JsonObject manifest;
    private final Map<String, byte[]> contents = new LinkedHashMap<>();

    private BundleSurgery(JsonObject manifest) {
        this.manifest = manifest;
    }

    static BundleSurgery open(Path bundle) throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(bundle))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                members.put(e.getName(), tar.readAllBytes());
            }
        }
        JsonObject manifest;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(members.get("MANIFEST.json.gz")))) {
            manifest = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        BundleSurgery surgery = new BundleSurgery(manifest);
        for (JsonElement element : manifest.getAsJsonArray("entries")) {
            JsonObject entry = element.getAsJsonObject();
            if (entry.has("deleted")) {
                continue;
            }
            byte[] pack = members.get(entry.get("member").getAsString());
            int offset = entry.get("offset").getAsInt();
            int size = entry.get("size").getAsInt();
            surgery.contents.put(entry.get("path").getAsString(), java.util.Arrays.copyOfRange(pack, offset, offset + size));
        }
        return surgery;
    }

    byte[] content(String path) {
        return contents.get(path);
    }

    /** Replaces an entry's bytes. */
    BundleSurgery replace(String path, UnaryOperator<byte[]> change) {
        if (!contents.containsKey(path)) {
            throw new IllegalArgumentException("no entry " + path + "; entries: " + contents.keySet());
        }
        contents.put(path, change.apply(contents.get(path)));
        return this;
    }

    /** Drops an entry from the bundle altogether. */
    BundleSurgery drop(String path) {
        contents.remove(path);
        JsonArray kept = new JsonArray();
        for (JsonElement element : manifest.getAsJsonArray("entries")) {
            if (!element.getAsJsonObject().get("path").getAsString().equals(path)) {
                kept.add(element);
            }
        }
        manifest.add("entries", kept);
        return this;
    }

    /** Adds a file the bundle did not carry (placed before the removals, in publish order it is re-sorted anyway). */
    BundleSurgery add(String path, byte[] bytes) {
        drop(path);
        contents.put(path, bytes);
        JsonObject entry = new JsonObject();
        entry.addProperty("path", path);
        JsonArray entries = manifest.getAsJsonArray("entries");
        JsonArray withIt = new JsonArray();
        withIt.add(entry);
        withIt.addAll(entries);
        manifest.add("entries", withIt);
        return this;
    }

    /** Makes the bundle remove a file (replacing any entry it had for it). */
    BundleSurgery remove(String path) {
        drop(path);
        JsonObject entry = new JsonObject();
        entry.addProperty("path", path);
        entry.addProperty("deleted", true);
        manifest.getAsJsonArray("entries").add(entry);
        return this;
    }

    /** Drops every entry: the bundle then carries nothing and removes nothing. */
    BundleSurgery dropAll() {
        contents.clear();
        manifest.add("entries", new JsonArray());
        return this;
    }

    /** Changes the manifest's claims (generations, full, mirror id) as a forger would. */
    BundleSurgery claim(java.util.function.Consumer<JsonObject> change) {
        change.accept(manifest);
        return this;
    }

    /** Writes the bundle with everything in one pack and a manifest that matches it. */
    void write(Path bundle) throws IOException {
        ByteArrayOutputStream pack = new ByteArrayOutputStream();
        for (JsonElement element : manifest.getAsJsonArray("entries")) {
            JsonObject entry = element.getAsJsonObject();
            if (entry.has("deleted")) {
                continue;
            }
            byte[] bytes = contents.get(entry.get("path").getAsString());
            entry.addProperty("member", "data/000001");
            entry.addProperty("offset", pack.size());
            entry.addProperty("size", bytes.length);
            entry.addProperty("sha256", SyncFixture.sha256Bytes(bytes));
            pack.write(bytes);
        }
        JsonArray packs = new JsonArray();
        JsonObject only = new JsonObject();
        only.addProperty("member", "data/000001");
        only.addProperty("size", pack.size());
        packs.add(only);
        manifest.add("packs", packs);
        manifest.remove("volumeSize");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
        }
        Files.deleteIfExists(bundle);
        try (OutputStream file = Files.newOutputStream(bundle);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(file, 512)) {
            member(tar, "MANIFEST.json.gz", gz.toByteArray());
            member(tar, "data/000001", pack.toByteArray());
            tar.finish();
        }
    }

    private static void member(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }
}
