package io.hexmirror.catalog;

import com.google.gson.stream.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The package search index that {@code search.js} loads: compact JSON, one array per package
 * ({@code [name, version, description, updatedDay, buildTools, licenses, dependencies, dependents, retired]}, build
 * tools separated by spaces, licenses by newlines),
 * dependencies given as the index of a mirrored package or, for one not mirrored, its name. Days count
 * from 1970-01-01. Descriptions are the summaries' (cut to {@link PackageSummary#MAX_DESCRIPTION_CHARS}).
 */
final class StaticSearchIndex {
    static final int FORMAT = 1;

    private StaticSearchIndex() {
    }

    static byte[] build(Catalog catalog) {
        List<PackageSummary> summaries = catalog.summaries();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < summaries.size(); i++) {
            position.put(summaries.get(i).name(), i);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(summaries.size() * 160 + 64);
        try (JsonWriter json = new JsonWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8))) {
            json.setHtmlSafe(true);
            json.beginObject().name("v").value(FORMAT);
            // The word rules travel with the index, so the script and the server cannot disagree on them.
            json.name("stop").beginArray();
            for (String word : new java.util.TreeSet<>(SearchText.STOPWORDS)) {
                json.value(word);
            }
            json.endArray().name("syn").beginObject();
            for (Map.Entry<String, List<String>> entry : new java.util.TreeMap<>(SearchText.SYNONYMS).entrySet()) {
                json.name(entry.getKey()).beginArray();
                for (String synonym : entry.getValue()) {
                    json.value(synonym);
                }
                json.endArray();
            }
            json.endObject().name("p").beginArray();
            for (PackageSummary s : summaries) {
                json.beginArray()
                        .value(s.name())
                        .value(s.latestVersion())
                        .value(s.description())
                        .value(s.updatedAt().getEpochSecond() / 86400)
                        .value(String.join(" ", s.buildTools()))
                        .value(String.join("\n", s.licenses()));
                json.beginArray();
                for (String dep : s.dependencies()) {
                    Integer at = position.get(dep);
                    if (at != null) {
                        json.value(at);
                    } else {
                        json.value(dep);
                    }
                }
                json.endArray().value(catalog.dependents(s.name()).size()).value(s.retired() ? 1 : 0).endArray();
            }
            json.endArray().endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
