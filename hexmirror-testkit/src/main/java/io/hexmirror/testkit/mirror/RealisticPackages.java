package io.hexmirror.testkit.mirror;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The realistic package set of {@code search-packages.json} (next to this class) written into a mirror: each
 * package with its description, build tools, licenses and dependencies, plus as many small application
 * packages ({@code user_app_N}) as its {@code users} count says, so the dependents graph has the shape of
 * hex.pm's at a tenth of the scale.
 */
public final class RealisticPackages {
    private RealisticPackages() {
    }

    /** Writes the packages into the storage; returns the number of packages written. */
    public static int write(Storage storage) throws IOException {
        StoredMirror mirror = new StoredMirror(storage);
        JsonObject root;
        try (InputStream in = RealisticPackages.class.getResourceAsStream("search-packages.json")) {
            root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        Map<String, Integer> users = new TreeMap<>();
        int day = 0;
        int count = 0;
        for (JsonElement element : root.getAsJsonArray("packages")) {
            JsonObject p = element.getAsJsonObject();
            String name = p.get("name").getAsString();
            StoredMirror.ReleaseSpec release = mirror.release(name, p.get("version").getAsString())
                    .description(p.get("description").getAsString())
                    .buildTools(strings(p.getAsJsonArray("tools")))
                    .licenses(strings(p.getAsJsonArray("licenses")))
                    .publishedAt(Instant.parse("2023-06-01T00:00:00Z").plusSeconds(86400L * day++))
                    .readme("# " + name + "\n\n" + p.get("description").getAsString() + "\n");
            for (String dep : strings(p.getAsJsonArray("deps"))) {
                release.dep(dep, "~> 1.0", false);
            }
            release.add();
            users.put(name, p.get("users").getAsInt());
            count++;
        }
        int most = users.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int i = 0; i < most; i++) {
            StoredMirror.ReleaseSpec app = mirror.release(String.format("user_app_%03d", i), "0.1.0")
                    .description("An application that uses other packages.")
                    .publishedAt(Instant.parse("2022-01-01T00:00:00Z"));
            int index = i;
            List<String> uses = new ArrayList<>();
            users.forEach((name, n) -> {
                if (n > index) {
                    uses.add(name);
                }
            });
            uses.forEach(u -> app.dep(u, "~> 1.0", false));
            app.add();
            count++;
        }
        mirror.write();
        return count;
    }

    private static String[] strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.getAsString()));
        return out.toArray(String[]::new);
    }

    /**
     * The ranking table: each query with the package a person would pick first. Shared by the server-side
     * and the in-browser ranking tests.
     */
    public static final List<String[]> RANKING = List.of(
            new String[] {"decimal", "decimal"},
            new String[] {"phoenix", "phoenix"},
            new String[] {"Phoenix", "phoenix"},
            new String[] {"phoenix_live", "phoenix_live_view"},
            new String[] {"phoenix live", "phoenix_live_view"},
            new String[] {"plug", "plug"},
            new String[] {"csv", "csv"},
            new String[] {"csv parser", "nimble_csv"},
            new String[] {"parse csv", "nimble_csv"},
            new String[] {"http client", "httpoison"},
            new String[] {"http server", "cowboy"},
            new String[] {"markdown", "earmark"},
            new String[] {"json", "jason"},
            new String[] {"json parser", "jason"},
            new String[] {"postgres", "postgrex"},
            new String[] {"email", "swoosh"},
            new String[] {"yaml", "yaml_elixir"},
            new String[] {"mock", "mox"},
            new String[] {"redis", "redix"},
            new String[] {"graphql", "absinthe"},
            new String[] {"password hashing", "bcrypt_elixir"},
            new String[] {"date time", "timex"},
            new String[] {"depends:decimal", "jason"},
            new String[] {"build_tool:rebar3 http client", "hackney"},
            new String[] {"license:mit http client", "httpoison"},
            new String[] {"sort:name http client", "finch"});
}
