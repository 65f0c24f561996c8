package io.hexmirror.testkit.upstream;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * hex.pm's API listing of packages, {@code GET /api/packages?sort=S&page=N}, as JSON: 100 packages a page
 * (an empty list past the end), sorted by {@code name} (the default) or, for {@code downloads},
 * {@code total_downloads} and {@code recent_downloads}, by those counts, highest first. Each item has the
 * fields a download counts snapshot reads ({@code name}, {@code downloads} with the views that are set)
 * and a few others that a reader must skip ({@code repository}, {@code meta}, {@code releases}).
 */
final class ApiPages {
    static final String RESOURCE = "api/packages";
    static final int PER_PAGE = 100;

    private ApiPages() {
    }

    static byte[] page(FakeHexRepository repository, String query) {
        String sort = parameter(query, "sort").orElse("name");
        int page = parameter(query, "page").flatMap(ApiPages::number).orElse(1);
        List<String> names = new ArrayList<>(repository.packageNames());
        if (!sort.equals("name")) {
            int view = sort.equals("recent_downloads") ? 1 : 0;
            names.sort(Comparator.comparingLong((String n) -> repository.downloadsOf(n).map(d -> d[view]).orElse(-1L))
                    .reversed().thenComparing(Comparator.naturalOrder()));
        }
        int from = (int) Math.min(names.size(), (long) (Math.max(page, 1) - 1) * PER_PAGE);
        List<String> onPage = names.subList(from, Math.min(names.size(), from + PER_PAGE));
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginArray();
            for (String name : onPage) {
                json.beginObject();
                json.name("repository").value(repository.repositoryName());
                json.name("name").value(name);
                json.name("meta").beginObject().name("description").value("package " + name)
                        .name("licenses").beginArray().value("MIT").endArray().endObject();
                json.name("releases").beginArray();
                for (String version : repository.versions(name)) {
                    json.beginObject().name("version").value(version).endObject();
                }
                json.endArray();
                json.name("downloads").beginObject();
                Optional<long[]> counts = repository.downloadsOf(name);
                if (counts.isPresent()) {
                    long[] c = counts.get();
                    json.name("all").value(c[0]).name("recent").value(c[1]).name("week").value(c[2]).name("day").value(c[3]);
                }
                json.endObject();
                json.endObject();
            }
            json.endArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<String> parameter(String query, String name) {
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return Optional.of(pair.substring(equals + 1));
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> number(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
