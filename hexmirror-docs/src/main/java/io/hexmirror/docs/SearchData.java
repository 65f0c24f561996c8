package io.hexmirror.docs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Reads the search data of ExDoc output in its two formats, and page text where neither exists:
 * <ul>
 *   <li>{@code dist/search_data-HASH.js} (ExDoc 0.30 and later): {@code searchData={"items":[...],...}}
 *   <li>{@code dist/search_items-HASH.js} (ExDoc 0.20 to 0.29): {@code searchNodes=[...]}
 * </ul>
 * Both hold objects with {@code ref}, {@code title}, {@code type} and {@code doc}.
 */
final class SearchData {
    private static final Pattern SEARCH_DATA = Pattern.compile("(^|/)search_data(-[^/]*)?\\.js$");
    private static final Pattern SEARCH_ITEMS = Pattern.compile("(^|/)search_items(-[^/]*)?\\.js$");
    /** Page text kept per page when a version has no search data: enough to find it by. */
    static final int MAX_PAGE_TEXT = 20_000;

    private SearchData() {
    }

    /** Whether a tarball path is a search data file of either format. */
    static boolean isSearchData(String path) {
        return path.startsWith("dist/") && (SEARCH_DATA.matcher(path).find() || SEARCH_ITEMS.matcher(path).find());
    }

    /** The items of a search data file; empty when it holds neither known variable. */
    static List<SearchItem> parse(String script) {
        Optional<JsonElement> value = valueOf(script, "searchData");
        JsonArray items = null;
        if (value.isPresent() && value.get().isJsonObject()) {
            JsonElement e = value.get().getAsJsonObject().get("items");
            items = e != null && e.isJsonArray() ? e.getAsJsonArray() : null;
        } else {
            Optional<JsonElement> nodes = valueOf(script, "searchNodes");
            if (nodes.isPresent() && nodes.get().isJsonArray()) {
                items = nodes.get().getAsJsonArray();
            }
        }
        List<SearchItem> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        for (JsonElement e : items) {
            if (e.isJsonObject()) {
                JsonObject o = e.getAsJsonObject();
                out.add(new SearchItem(string(o, "ref"), string(o, "title"), string(o, "type"), string(o, "doc")));
            }
        }
        return out;
    }

    /** An item for one HTML page, from its title and visible text. */
    static Optional<SearchItem> fromPage(String path, String html) {
        Document page = Jsoup.parse(html);
        String title = page.title().isBlank() ? path : page.title();
        String text = page.body() == null ? "" : page.body().text();
        if (text.length() > MAX_PAGE_TEXT) {
            text = text.substring(0, MAX_PAGE_TEXT);
        }
        return Optional.of(new SearchItem(path, title, path.contains("/") ? "page" : pageType(path), text));
    }

    private static String pageType(String path) {
        String stem = path.replaceFirst("\\.html?$", "");
        return !stem.isEmpty() && Character.isUpperCase(stem.charAt(0)) ? "module" : "extras";
    }

    private static Optional<JsonElement> valueOf(String script, String variable) {
        int at = script.indexOf(variable);
        while (at >= 0) {
            int i = at + variable.length();
            while (i < script.length() && Character.isWhitespace(script.charAt(i))) {
                i++;
            }
            if (i < script.length() && script.charAt(i) == '=') {
                try (JsonReader reader = new JsonReader(new StringReader(script.substring(i + 1)))) {
                    reader.setStrictness(Strictness.LENIENT);
                    return Optional.of(JsonParser.parseReader(reader));
                } catch (JsonParseException | java.io.IOException e) {
                    return Optional.empty();
                }
            }
            at = script.indexOf(variable, at + 1);
        }
        return Optional.empty();
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }
}
