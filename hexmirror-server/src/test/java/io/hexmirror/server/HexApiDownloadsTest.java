package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.hexmirror.catalog.Catalog;
import io.hexmirror.catalog.CatalogOptions;
import io.hexmirror.downloads.DownloadCounts;
import io.hexmirror.downloads.DownloadSnapshot;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.mirror.StoredMirror;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror with a snapshot of download counts: the Hex API returns the counts and sorts by them (JSON and
 * Erlang terms, decoded by a real Erlang VM), and the web pages show them with the snapshot's date; once the
 * snapshot is gone, neither shows counts.
 */
class HexApiDownloadsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private FileSystemStorage storage;
    private MirrorServer server;

    @BeforeEach
    void start() throws Exception {
        storage = FileSystemStorage.open(dir.resolve("mirror"), false);
        StoredMirror mirror = new StoredMirror(storage);
        for (String name : List.of("a_lot", "some", "few", "fresh")) {
            mirror.release(name, "1.0.0").description("Package " + name).add();
        }
        mirror.write();
        Map<String, DownloadCounts> counts = new TreeMap<>();
        counts.put("a_lot", new DownloadCounts(1_234_567, 10, 5, 1));
        counts.put("some", new DownloadCounts(5000, 4000, 300, 20));
        counts.put("few", new DownloadCounts(10, 9, 8, 7));
        counts.put("not_mirrored", new DownloadCounts(99_999_999, 1, 1, 1));
        byte[] snapshot = new DownloadSnapshot(Instant.parse("2026-12-01T06:00:00Z"), new TreeMap<>(counts)).toBytes();
        storage.write(DownloadSnapshot.KEY, snapshot, WriteOptions.defaults());
        Catalog.open(storage, StoredMirror.reader(), CatalogOptions.defaults()).rebuild();
        server = MirrorServer.builder(storage).port(0).build();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        storage.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonArray packages(String query) throws Exception {
        HttpResponse<String> response = get("api/packages?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonParser.parseString(response.body()).getAsJsonArray();
    }

    private static List<String> names(JsonArray packages) {
        List<String> names = new ArrayList<>();
        packages.forEach(p -> names.add(p.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    @Test
    void theApiReturnsTheCountsAndSortsByThemAsHexPmDoes() throws Exception {
        assertThat(names(packages("sort=downloads"))).containsExactly("a_lot", "some", "few", "fresh");
        assertThat(names(packages("sort=total_downloads"))).containsExactly("a_lot", "some", "few", "fresh");
        assertThat(names(packages("sort=recent_downloads"))).containsExactly("some", "a_lot", "few", "fresh");
        assertThat(names(packages("search=package&sort=recent_downloads"))).containsExactly("some", "a_lot", "few", "fresh");

        JsonObject somePackage = JsonParser.parseString(get("api/packages/some").body()).getAsJsonObject();
        assertThat(somePackage.getAsJsonObject("downloads").toString()).isEqualTo("{\"all\":5000,\"recent\":4000,\"week\":300,\"day\":20}");
        assertThat(somePackage.get("downloads_as_of").getAsString()).as("the snapshot's date").isEqualTo("2026-12-01T06:00:00Z");
        assertThat(packages("sort=downloads").get(3).getAsJsonObject().getAsJsonObject("downloads").size())
                .as("a package newer than the snapshot has no counts, as on hex.pm").isZero();
    }

    @Test
    void erlangTermsCarryTheCountsInTheOrderAsked() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("api/packages?sort=recent_downloads"))
                .header("Accept", "application/vnd.hex+erlang").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.hex+erlang");
        Path file = dir.resolve("search.bin");
        Files.write(file, response.body());

        // rebar3 hex search reads downloads => all of each package, and lists one with no counts (#{}) last.
        String printed = ExternalTermFormatTest.erlang("{ok, B} = file:read_file(\"" + file + "\"), L = binary_to_term(B, [safe]),"
                + " [#{<<\"downloads\">> := #{<<\"all\">> := 5000, <<\"recent\">> := 4000, <<\"week\">> := 300, <<\"day\">> := 20}},"
                + " #{<<\"downloads\">> := #{<<\"all\">> := 1234567}}, _, #{<<\"downloads\">> := #{}}] = L,"
                + " io:put_chars(lists:join(\",\", [maps:get(<<\"name\">>, P) || P <- L]))");

        assertThat(printed).isEqualTo("some,a_lot,few,fresh");
    }

    @Test
    void theWebPagesShowTheCountsWithTheirDateAndSortByThem() throws Exception {
        String page = get("browse/packages/a_lot.html").body();
        assertThat(page).contains("<h2>Downloads</h2>").contains("<dt>All time</dt><dd>1,234,567</dd>")
                .contains("<dt>Last 90 days</dt><dd>10</dd>").contains("downloads as of 2026-12-01");
        assertThat(get("browse/packages/fresh.html").body()).as("no counts for it: no misleading zeros")
                .doesNotContain("<h2>Downloads</h2>").doesNotContain("downloads as of");

        String list = get("browse/all/downloads-1.html").body();
        assertThat(list).contains("<strong>most downloaded</strong>").contains("downloads as of 2026-12-01")
                .contains("1,234,567 downloads");
        assertThat(list.indexOf(">a_lot<")).isLessThan(list.indexOf(">some<"));
        assertThat(list.indexOf(">some<")).isLessThan(list.indexOf(">few<"));
        assertThat(list.indexOf(">few<")).isLessThan(list.indexOf(">fresh<"));
        assertThat(get("browse/all/name-1.html").body()).contains("<a href=\"downloads-1.html\">most downloaded</a>");

        String search = get("browse/search.html?q=package&sort=downloads").body();
        assertThat(search).contains("<option value=\"downloads\" selected>most downloaded</option>")
                .contains("Sorted by downloads as of 2026-12-01.");
        assertThat(search.indexOf(">a_lot<")).isLessThan(search.indexOf(">some<"));
    }

    @Test
    void withoutASnapshotNothingShowsCountsAndTheDownloadSortsAreRelevance() throws Exception {
        storage.delete(DownloadSnapshot.KEY);
        Catalog.open(storage, StoredMirror.reader(), CatalogOptions.defaults()).refresh();

        assertThat(get("browse/packages/a_lot.html").body()).as("every page rewritten").doesNotContain("downloads as of")
                .doesNotContain("1,234,567");
        assertThat(get("browse/all/downloads-1.html").statusCode()).isEqualTo(404);
        assertThat(get("browse/all/name-1.html").body()).doesNotContain("most downloaded");
        assertThat(get("browse/search.html?q=package").body()).doesNotContain("most downloaded");
        JsonArray listed = packages("sort=downloads");
        assertThat(names(listed)).containsExactlyInAnyOrder("a_lot", "some", "few", "fresh");
        listed.forEach(p -> assertThat(p.getAsJsonObject().getAsJsonObject("downloads").size()).isZero());
        listed.forEach(p -> assertThat(p.getAsJsonObject().has("downloads_as_of")).as("no date without a snapshot").isFalse());
    }
}
