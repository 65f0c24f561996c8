package io.hexmirror.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How search sees text: lower-case words of letters and digits, a light English stemmer (so "parser",
 * "parsing" and "parses" meet), and a few synonyms of the trade ("parse" also finds "decode"). The
 * in-browser search ({@code search.js}) implements exactly these rules; the ranking tests check that both
 * rank alike. Stateless.
 */
public final class SearchText {
    /** Words too common in package descriptions to tell packages apart; dropped from queries unless all words are. */
    static final Set<String> STOPWORDS = Set.of("a", "an", "the", "for", "of", "and", "or", "in", "on", "to", "with", "by",
            "is", "it", "as", "at", "from", "that", "this", "your", "elixir", "erlang", "library", "lib", "package", "simple");

    /** Stems to stems that mean nearly the same in package descriptions; matched with a lower weight. */
    static final Map<String, List<String>> SYNONYMS = Map.ofEntries(
            Map.entry("pars", List.of("decod", "read")),
            Map.entry("decod", List.of("pars")),
            Map.entry("encod", List.of("generat", "writ")),
            Map.entry("markdown", List.of("md", "commonmark")),
            Map.entry("md", List.of("markdown")),
            Map.entry("db", List.of("databas")),
            Map.entry("databas", List.of("db")),
            Map.entry("postgr", List.of("postgresql")),
            Map.entry("postgresql", List.of("postgr")),
            Map.entry("auth", List.of("authent", "authoriz", "login")),
            Map.entry("authent", List.of("auth")),
            Map.entry("job", List.of("queue", "background", "worker")),
            Map.entry("queue", List.of("job")),
            Map.entry("mock", List.of("stub", "fak")),
            Map.entry("templat", List.of("view", "render")),
            Map.entry("websocket", List.of("socket")),
            Map.entry("mail", List.of("email", "smtp")),
            Map.entry("email", List.of("mail", "smtp")),
            Map.entry("date", List.of("time", "calendar")),
            Map.entry("log", List.of("logger")),
            Map.entry("logger", List.of("log")));

    private SearchText() {
    }

    /** The words of a text, lower-cased, in order (underscores split words: {@code nimble_csv} is two). */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                word.append(c);
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** The distinct stems of a text's words. */
    public static Set<String> stems(String text) {
        Set<String> stems = new LinkedHashSet<>();
        for (String word : words(text)) {
            stems.add(stem(word));
        }
        return stems;
    }

    /** A light suffix-stripping stemmer: enough to join plural, agent and gerund forms. */
    public static String stem(String word) {
        String w = word;
        int n = w.length();
        if (n > 4 && w.endsWith("ies")) {
            w = w.substring(0, n - 3) + "y";
        } else if (n > 5 && w.endsWith("ing")) {
            w = w.substring(0, n - 3);
        } else if (n > 5 && w.endsWith("ers")) {
            w = w.substring(0, n - 3);
        } else if (n > 4 && w.endsWith("er")) {
            w = w.substring(0, n - 2);
        } else if (n > 4 && w.endsWith("es")) {
            w = w.substring(0, n - 2);
        } else if (n > 4 && w.endsWith("ed")) {
            w = w.substring(0, n - 2);
        } else if (n > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            w = w.substring(0, n - 1);
        }
        if (w.length() > 4 && w.endsWith("e")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** The name as a query would spell it to match exactly: lower case, spaces and dashes as underscores. */
    public static String nameForm(String text) {
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    }
}
