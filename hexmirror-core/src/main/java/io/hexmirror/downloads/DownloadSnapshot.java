package io.hexmirror.downloads;

import static java.util.Objects.requireNonNull;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.hexmirror.MalformedDataException;
import io.hexmirror.internal.json.StrictJson;
import io.hexmirror.registry.RegistryPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A snapshot of download counts: when it was fetched, and the counts of each package. Stored in the
 * mirror as {@value #KEY}:
 * <pre>{"format":1,"fetched_at":"2026-12-01T06:00:00Z","packages":{"plug":{"all":1,"recent":1,"week":1,"day":1}}}</pre>
 *
 * <p>The file is unsigned data from hex.pm's API (or from a bundle), so {@link #parse} is strict: at most
 * {@link #MAX_BYTES}, well-formed JSON of exactly this shape, non-negative integer counts, valid Hex
 * package names each once, and a date that is not in the future. Immutable.
 */
public record DownloadSnapshot(Instant fetchedAt, SortedMap<String, DownloadCounts> packages) {
    /** Where the mirror keeps the snapshot. */
    public static final String KEY = "stats/downloads.json";
    /** hex.pm's 20,000 packages take about 1.5 MB; this leaves room to grow and keeps a forged file out of memory. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    /** A snapshot dated later than now by more than this is refused; less is the clocks of two machines disagreeing. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(10);
    private static final int FORMAT = 1;

    public DownloadSnapshot {
        requireNonNull(fetchedAt, "fetchedAt is null");
        fetchedAt = fetchedAt.truncatedTo(ChronoUnit.SECONDS);
        packages = Collections.unmodifiableSortedMap(new TreeMap<>(packages));
        packages.keySet().forEach(RegistryPaths::checkName);
    }

    /** The package's counts, when the snapshot has them. */
    public Optional<DownloadCounts> counts(String name) {
        return Optional.ofNullable(packages.get(name));
    }

    /** The file's content. */
    public byte[] toBytes() {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginObject();
            json.name("format").value(FORMAT);
            json.name("fetched_at").value(fetchedAt.toString());
            json.name("packages").beginObject();
            for (Map.Entry<String, DownloadCounts> e : packages.entrySet()) {
                DownloadCounts c = e.getValue();
                json.name(e.getKey()).beginObject();
                json.name("all").value(c.all()).name("recent").value(c.recent()).name("week").value(c.week())
                        .name("day").value(c.day());
                json.endObject();
            }
            json.endObject();
            json.endObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads and checks a snapshot file.
     *
     * @param where for messages: where the file comes from, such as {@code "in the bundle"}
     * @param now the present, which the snapshot's date may not be later than
     * @throws MalformedDataException with a one-line message naming what is wrong
     */
    public static DownloadSnapshot parse(byte[] bytes, String where, Instant now) throws MalformedDataException {
        String file = KEY + " " + where;
        if (bytes.length > MAX_BYTES) {
            throw new MalformedDataException(file + " is larger than " + MAX_BYTES + " bytes");
        }
        try (JsonReader json = new JsonReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
            Integer format = null;
            Instant fetchedAt = null;
            SortedMap<String, DownloadCounts> packages = null;
            json.beginObject();
            while (json.hasNext()) {
                String field = json.nextName();
                switch (field) {
                    case "format" -> format = (int) StrictJson.count(json, file, "format");
                    case "fetched_at" -> fetchedAt = date(json.nextString(), file, now);
                    case "packages" -> packages = packages(json, file);
                    default -> throw new MalformedDataException(file + " has an unknown field '" + StrictJson.shorten(field) + "'");
                }
            }
            json.endObject();
            // Strict: anything after the object fails here.
            json.peek();
            if (format == null || format != FORMAT) {
                throw new MalformedDataException(file + " is not a download counts snapshot of format " + FORMAT);
            }
            if (fetchedAt == null || packages == null) {
                throw new MalformedDataException(file + " lacks " + (fetchedAt == null ? "fetched_at" : "packages"));
            }
            return new DownloadSnapshot(fetchedAt, packages);
        } catch (MalformedDataException e) {
            throw e;
        } catch (IOException | IllegalStateException e) {
            throw new MalformedDataException(file + " is not a well-formed snapshot: " + StrictJson.problem(e));
        }
    }

    private static SortedMap<String, DownloadCounts> packages(JsonReader json, String file)
            throws IOException, MalformedDataException {
        SortedMap<String, DownloadCounts> packages = new TreeMap<>();
        json.beginObject();
        while (json.hasNext()) {
            String name = json.nextName();
            if (!RegistryPaths.isValidName(name)) {
                throw new MalformedDataException(file + " has counts for '" + StrictJson.shorten(name) + "', which is not a Hex package name");
            }
            long[] views = new long[DownloadCounts.VIEWS.size()];
            BitSet seen = new BitSet(DownloadCounts.VIEWS.size());
            json.beginObject();
            while (json.hasNext()) {
                String view = json.nextName();
                int index = DownloadCounts.VIEWS.indexOf(view);
                if (index < 0) {
                    throw new MalformedDataException(file + ": " + name + " has an unknown count '" + StrictJson.shorten(view) + "'");
                }
                views[index] = StrictJson.count(json, file, name + " " + view);
                seen.set(index);
            }
            json.endObject();
            if (seen.cardinality() != DownloadCounts.VIEWS.size()) {
                throw new MalformedDataException(file + ": " + name + " lacks one of the counts all, recent, week and day");
            }
            if (packages.put(name, DownloadCounts.of(views)) != null) {
                throw new MalformedDataException(file + " has counts for " + name + " twice");
            }
        }
        json.endObject();
        return packages;
    }

    private static Instant date(String text, String file, Instant now) throws MalformedDataException {
        Instant date;
        try {
            date = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedDataException(file + ": fetched_at '" + StrictJson.shorten(text) + "' is not a date and time such as 2026-12-01T06:00:00Z");
        }
        if (date.isAfter(now.plus(CLOCK_SKEW))) {
            throw new MalformedDataException(file + ": fetched_at " + date + " is in the future");
        }
        return date;
    }
}
