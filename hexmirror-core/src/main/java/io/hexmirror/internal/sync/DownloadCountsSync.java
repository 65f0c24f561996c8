package io.hexmirror.internal.sync;

import static java.util.Objects.requireNonNull;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.hexmirror.MalformedDataException;
import io.hexmirror.downloads.DownloadCounts;
import io.hexmirror.downloads.DownloadCountsOptions;
import io.hexmirror.downloads.DownloadSnapshot;
import io.hexmirror.generation.Sha256;
import io.hexmirror.internal.json.StrictJson;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a snapshot of the download counts from a Hex API and stores it in the mirror as
 * {@value DownloadSnapshot#KEY}. hex.pm lists its packages 100 a page ({@code GET /packages?sort=name&page=N},
 * each with {@code downloads: {all, recent, week, day}}; a view without downloads is left out, and counts as
 * 0), so all of hex.pm takes about 200 requests; after each one this waits {@link DownloadCountsOptions#pause()},
 * which keeps to hex.pm's limit for unauthenticated clients.
 *
 * <p>The snapshot is stored only when every page came and the whole passes {@link DownloadSnapshot#parse}:
 * on any failure the mirror keeps its previous snapshot, and the run reports why.
 */
final class DownloadCountsSync {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadCountsSync.class);
    /** hex.pm's page size: a shorter page is the last. */
    static final int PER_PAGE = 100;
    /** 200,000 packages: far beyond hex.pm, and a bound on an API that never stops answering. */
    static final int MAX_PAGES = 2000;
    /** A page of 100 packages with their release lists is a few hundred KB on hex.pm. */
    static final long MAX_PAGE_BYTES = 16L * 1024 * 1024;

    /** Waits between requests; tests record the waits instead. */
    @FunctionalInterface
    interface Pause {
        Pause SLEEP = delay -> TimeUnit.NANOSECONDS.sleep(delay.toNanos());

        void pause(Duration delay) throws InterruptedException;
    }

    /**
     * What a run did.
     *
     * @param stored the snapshot now in the mirror, when this run stored one
     * @param requests API requests made
     * @param failure why no snapshot was stored (the previous one, if any, stays)
     */
    public record Report(Optional<DownloadSnapshot> stored, int requests, Optional<String> failure) {
        public Report {
            requireNonNull(stored, "stored is null");
            requireNonNull(failure, "failure is null");
        }
    }

    private final UpstreamClient api;
    private final Storage storage;
    private final DownloadCountsOptions options;
    private final Pause pause;
    private final Clock clock;

    /**
     * @param api a client whose base URL is {@link DownloadCountsOptions#apiUrl()}, with the sync's proxy and
     *     timeouts
     */
    DownloadCountsSync(UpstreamClient api, Storage storage, DownloadCountsOptions options) {
        this(api, storage, options, Pause.SLEEP, Clock.systemUTC());
    }

    DownloadCountsSync(UpstreamClient api, Storage storage, DownloadCountsOptions options, Pause pause, Clock clock) {
        this.api = requireNonNull(api, "api is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.options = requireNonNull(options, "options is null");
        this.pause = requireNonNull(pause, "pause is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Fetches every page, checks the snapshot and stores it.
     *
     * @throws IOException when the mirror's storage fails, or the thread is interrupted; whatever goes wrong
     *     with the API is reported in the {@link Report} instead
     */
    public Report run() throws IOException {
        SortedMap<String, DownloadCounts> counts = new TreeMap<>();
        int requests = 0;
        try {
            for (int page = 1; ; page++) {
                if (page > MAX_PAGES) {
                    throw new MalformedDataException("the API listed more than " + MAX_PAGES + " pages of packages");
                }
                if (page > 1) {
                    pause.pause(options.pause());
                }
                requests++;
                byte[] body = api.fetchPage("packages", "sort=name&page=" + page, MAX_PAGE_BYTES).body();
                int items = readPage(body, page, counts);
                if (items < PER_PAGE) {
                    break;
                }
            }
            if (counts.isEmpty()) {
                throw new MalformedDataException("the API listed no packages");
            }
            Instant now = clock.instant();
            // The stored file is the one that passed the same check as one an import brings.
            byte[] bytes = new DownloadSnapshot(now, counts).toBytes();
            DownloadSnapshot snapshot = DownloadSnapshot.parse(bytes, "from the API", now);
            storage.write(DownloadSnapshot.KEY, bytes, WriteOptions.defaults().withSha256(Sha256.hex(bytes)));
            LOG.info("download counts of {} packages as of {} ({} API requests)", counts.size(), snapshot.fetchedAt(), requests);
            return new Report(Optional.of(snapshot), requests, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while fetching download counts");
            interrupted.initCause(e);
            throw interrupted;
        } catch (InterruptedIOException e) {
            throw e;
        } catch (MalformedDataException e) {
            return failed(e.getMessage(), requests);
        } catch (IOException e) {
            if (!UpstreamClient.isUpstreamFailure(e)) {
                throw e;
            }
            return failed(e.getMessage(), requests);
        }
    }

    private Report failed(String why, int requests) throws IOException {
        String keeping = storage.stat(DownloadSnapshot.KEY).isPresent()
                ? "the mirror keeps its previous snapshot" : "the mirror has no snapshot";
        String message = "not updated: " + why + "; " + keeping;
        LOG.warn("download counts from {} {}", options.apiUrl(), message);
        return new Report(Optional.empty(), requests, Optional.of(message));
    }

    /**
     * Reads one page (a JSON list of packages) into {@code counts}: each package's {@code name} and
     * {@code downloads}; every other field is skipped.
     *
     * @return the number of packages on the page
     */
    static int readPage(byte[] body, int page, SortedMap<String, DownloadCounts> counts) throws MalformedDataException {
        String where = "page " + page + " of the API's package list";
        int items = 0;
        try (JsonReader json = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8))) {
            json.beginArray();
            while (json.hasNext()) {
                items++;
                String name = null;
                DownloadCounts downloads = DownloadCounts.NONE;
                json.beginObject();
                while (json.hasNext()) {
                    String field = json.nextName();
                    if (field.equals("name")) {
                        name = json.nextString();
                    } else if (field.equals("downloads") && json.peek() == JsonToken.BEGIN_OBJECT) {
                        downloads = readDownloads(json, where);
                    } else {
                        json.skipValue();
                    }
                }
                json.endObject();
                if (name == null) {
                    throw new MalformedDataException(where + ": a package has no name");
                }
                if (!RegistryPaths.isValidName(name)) {
                    throw new MalformedDataException(where + " lists '" + StrictJson.shorten(name)
                            + "', which is not a Hex package name");
                }
                // A package that moved pages between two requests is counted once, with its later counts.
                counts.put(name, downloads);
            }
            json.endArray();
            return items;
        } catch (MalformedDataException e) {
            throw e;
        } catch (IOException | IllegalStateException e) {
            throw new MalformedDataException(where + " is not a JSON list of packages: " + StrictJson.problem(e));
        }
    }

    private static DownloadCounts readDownloads(JsonReader json, String where) throws IOException, MalformedDataException {
        long[] views = new long[DownloadCounts.VIEWS.size()];
        json.beginObject();
        while (json.hasNext()) {
            String view = json.nextName();
            int index = DownloadCounts.VIEWS.indexOf(view);
            if (index < 0) {
                json.skipValue();
            } else {
                views[index] = StrictJson.count(json, where, "a download count");
            }
        }
        json.endObject();
        return DownloadCounts.of(views);
    }
}
