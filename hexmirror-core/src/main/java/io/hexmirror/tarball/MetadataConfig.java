package io.hexmirror.tarball;

import static java.util.Objects.requireNonNull;

import io.hexmirror.MalformedDataException;
import io.hexmirror.erlang.ErlangAtom;
import io.hexmirror.erlang.ErlangDocument;
import io.hexmirror.erlang.ErlangTermParser;
import io.hexmirror.erlang.ErlangTerms;
import io.hexmirror.erlang.ErlangTuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A package's parsed {@code metadata.config}: Erlang terms {@code {<<"key">>, Value}.}, one per key.
 *
 * <p>{@link #raw()} holds every key with its value as an Erlang term (see the package documentation for the
 * Java types). The typed accessors cover the keys Hex defines. {@code name} and {@code version} must be
 * present; any other key may be missing, as in older packages, and then reads as empty (the atoms
 * {@code nil} and {@code undefined} count as missing). A key that is present with the wrong shape is
 * refused when parsing, naming the key and its line. Text may be a binary or a string literal. When a key
 * appears twice the last one wins, as when Hex clients turn the terms into a map.
 *
 * <p>Sync does not read it (it verifies tarballs by checksum only); the package catalog does, for the
 * description, licenses, links, maintainers, build tools, Elixir requirement, application name and
 * dependencies it shows.
 *
 * <p>Immutable and thread-safe.
 */
public final class MetadataConfig {
    private final Map<String, Object> raw;
    private final String name;
    private final String version;
    private final String app;
    private final String description;
    private final List<String> licenses;
    private final List<String> buildTools;
    private final List<String> files;
    private final List<String> maintainers;
    private final Map<String, String> links;
    private final String elixirRequirement;
    private final List<MetadataRequirement> requirements;

    private MetadataConfig(Fields fields) throws MalformedDataException {
        this.raw = Collections.unmodifiableMap(fields.values);
        this.name = fields.requiredText("name");
        this.version = fields.requiredText("version");
        this.app = orEmpty(fields.optionalText("app"));
        this.description = orEmpty(fields.optionalText("description"));
        this.licenses = fields.textList("licenses");
        this.buildTools = fields.textList("build_tools");
        this.files = fields.textList("files");
        this.maintainers = fields.textList("maintainers");
        this.links = fields.textMap("links");
        this.elixirRequirement = fields.optionalText("elixir");
        this.requirements = fields.requirements("requirements");
    }

    /**
     * Parses the bytes of a {@code metadata.config}.
     *
     * @param where names the file in error messages, e.g. {@code "tarballs/decimal-2.0.0.tar: metadata.config"}
     * @throws MalformedDataException when the terms do not parse (naming line and column), a term is not a
     *     {@code {Key, Value}} pair, {@code name} or {@code version} is missing, or a known key has the wrong shape
     */
    public static MetadataConfig parse(byte[] config, String where) throws MalformedDataException {
        requireNonNull(config, "config is null");
        requireNonNull(where, "where is null");
        Fields fields = new Fields(where);
        ErlangDocument document = ErlangTermParser.parse(config, where);
        for (Object term : document.terms()) {
            int line = document.position(term).map(ErlangDocument.Position::line).orElse(0);
            String key = term instanceof ErlangTuple pair && pair.size() == 2 ? ErlangTerms.asText(pair.get(0)) : null;
            if (key == null) {
                throw new MalformedDataException(where + ": line " + line + ": expected a {<<\"key\">>, Value} pair but found "
                        + ErlangTerms.abbreviate(term));
            }
            fields.values.remove(key);
            fields.values.put(key, ((ErlangTuple) term).get(1));
            fields.lines.put(key, line);
        }
        return new MetadataConfig(fields);
    }

    /** Every key in file order, with its value as an Erlang term. */
    public Map<String, Object> raw() {
        return raw;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** The OTP application name; empty when missing. */
    public String app() {
        return app;
    }

    /** Empty when missing. */
    public String description() {
        return description;
    }

    public List<String> licenses() {
        return licenses;
    }

    /** Such as {@code mix}, {@code rebar3}, {@code make}. */
    public List<String> buildTools() {
        return buildTools;
    }

    /** The files and directories the package was built from, as its author listed them. */
    public List<String> files() {
        return files;
    }

    /** Link names to URLs, in file order. */
    public Map<String, String> links() {
        return links;
    }

    public List<String> maintainers() {
        return maintainers;
    }

    /** The Elixir version requirement, such as {@code "~> 1.2"}, when the package has one. */
    public Optional<String> elixirRequirement() {
        return Optional.ofNullable(elixirRequirement);
    }

    /**
     * The package's dependencies, in file order. Both shapes found in the wild are read: a list of
     * {@code {Name, [{<<"app">>, ..}, {<<"optional">>, ..}, {<<"requirement">>, ..}, {<<"repository">>, ..}]}}
     * and the legacy list of key-value lists that each hold {@code {<<"name">>, Name}} (and a map of name to
     * key-value list).
     */
    public List<MetadataRequirement> requirements() {
        return requirements;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetadataConfig that && raw.equals(that.raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return "MetadataConfig[name=" + name + ", version=" + version + ", keys=" + raw.keySet() + "]";
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** The raw values with the typed reads over them; errors name the key and its line. */
    private static final class Fields {
        private static final String REQUIREMENT_SHAPES = "a list of {Name, Properties} pairs or of property lists holding a name";

        final String where;
        final Map<String, Object> values = new LinkedHashMap<>();
        final Map<String, Integer> lines = new HashMap<>();

        Fields(String where) {
            this.where = where;
        }

        /** The value, or null when the key is missing or holds {@code nil} or {@code undefined}. */
        Object get(String key) {
            Object value = values.get(key);
            return isNil(value) ? null : value;
        }

        String requiredText(String key) throws MalformedDataException {
            String text = optionalText(key);
            if (text == null) {
                throw new MalformedDataException(where + ": the required key '" + key + "' is missing");
            }
            return text;
        }

        String optionalText(String key) throws MalformedDataException {
            Object value = get(key);
            if (value == null) {
                return null;
            }
            String text = ErlangTerms.asText(value);
            if (text == null) {
                throw wrongShape(key, "", "a string", value);
            }
            return text;
        }

        List<String> textList(String key) throws MalformedDataException {
            Object value = get(key);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                throw wrongShape(key, "", "a list of strings", value);
            }
            List<String> texts = new ArrayList<>(list.size());
            for (Object element : list) {
                String text = ErlangTerms.asText(element);
                if (text == null) {
                    throw wrongShape(key, "", "a list of strings", element);
                }
                texts.add(text);
            }
            return List.copyOf(texts);
        }

        Map<String, String> textMap(String key) throws MalformedDataException {
            Object value = get(key);
            if (value == null) {
                return Map.of();
            }
            Map<String, Object> pairs = keyValues(value);
            if (pairs == null) {
                throw wrongShape(key, "", "a list of {Name, Value} pairs", value);
            }
            Map<String, String> texts = new LinkedHashMap<>();
            for (Map.Entry<String, Object> pair : pairs.entrySet()) {
                String text = ErlangTerms.asText(pair.getValue());
                if (text == null) {
                    throw wrongShape(key, " entry '" + pair.getKey() + "'", "a string", pair.getValue());
                }
                texts.put(pair.getKey(), text);
            }
            return Collections.unmodifiableMap(texts);
        }

        List<MetadataRequirement> requirements(String key) throws MalformedDataException {
            Object value = get(key);
            if (value == null) {
                return List.of();
            }
            List<MetadataRequirement> requirements = new ArrayList<>();
            if (value instanceof Map<?, ?> byName) {
                for (Map.Entry<?, ?> entry : byName.entrySet()) {
                    requirements.add(requirement(key, ErlangTerms.asText(entry.getKey()), entry.getValue(), entry));
                }
            } else if (value instanceof List<?> list) {
                for (Object element : list) {
                    if (element instanceof ErlangTuple tuple && tuple.size() == 2 && ErlangTerms.asText(tuple.get(0)) != null) {
                        // {Name, [{<<"app">>, ..}, ...]}: the shape hex_core writes.
                        requirements.add(requirement(key, ErlangTerms.asText(tuple.get(0)), tuple.get(1), element));
                    } else {
                        // [{<<"name">>, Name}, {<<"app">>, ..}, ...]: the legacy shape.
                        Map<String, Object> fields = keyValues(element);
                        Object name = fields == null ? null : fields.get("name");
                        if (name == null) {
                            throw wrongShape(key, "", REQUIREMENT_SHAPES, element);
                        }
                        requirements.add(requirement(key, ErlangTerms.asText(name), element, element));
                    }
                }
            } else {
                throw wrongShape(key, "", "a list", value);
            }
            return List.copyOf(requirements);
        }

        private MetadataRequirement requirement(String key, String name, Object properties, Object whole) throws MalformedDataException {
            Map<String, Object> fields = keyValues(properties);
            if (name == null || fields == null) {
                throw wrongShape(key, "", REQUIREMENT_SHAPES, whole);
            }
            String entry = " entry '" + name + "'";
            String requirement = ErlangTerms.asText(fields.get("requirement"));
            if (requirement == null) {
                throw wrongShape(key, entry, "a requirement string", whole);
            }
            Object app = fields.get("app");
            Object optional = fields.get("optional");
            Object repository = fields.get("repository");
            if (!isNil(app) && ErlangTerms.asText(app) == null) {
                throw wrongShape(key, entry, "an app name string", app);
            }
            if (!isNil(optional) && !ErlangTerms.isAtom(optional, "true") && !ErlangTerms.isAtom(optional, "false")) {
                throw wrongShape(key, entry, "optional as true or false", optional);
            }
            if (!isNil(repository) && ErlangTerms.asText(repository) == null) {
                throw wrongShape(key, entry, "a repository name string", repository);
            }
            return new MetadataRequirement(
                    name,
                    isNil(app) ? name : ErlangTerms.asText(app),
                    requirement,
                    ErlangTerms.isAtom(optional, "true"),
                    isNil(repository) ? Optional.empty() : Optional.of(ErlangTerms.asText(repository)));
        }

        /**
         * A key-value list ({@code [{K, V}, ...]}) or map with text or atom keys as a map (the last of a
         * repeated key wins), or null when the term is neither.
         */
        private static Map<String, Object> keyValues(Object term) {
            Map<String, Object> map = new LinkedHashMap<>();
            if (term instanceof List<?> list) {
                for (Object element : list) {
                    if (!(element instanceof ErlangTuple pair) || pair.size() != 2 || keyText(pair.get(0)) == null) {
                        return null;
                    }
                    map.put(keyText(pair.get(0)), pair.get(1));
                }
                return map;
            }
            if (term instanceof Map<?, ?> source) {
                for (Map.Entry<?, ?> entry : source.entrySet()) {
                    if (keyText(entry.getKey()) == null) {
                        return null;
                    }
                    map.put(keyText(entry.getKey()), entry.getValue());
                }
                return map;
            }
            return null;
        }

        private static String keyText(Object key) {
            return key instanceof ErlangAtom atom ? atom.name() : ErlangTerms.asText(key);
        }

        private static boolean isNil(Object value) {
            return value == null || ErlangTerms.isAtom(value, "nil") || ErlangTerms.isAtom(value, "undefined");
        }

        /** An error naming the key, its line, what it should hold and what it holds; {@code part} narrows it. */
        private MalformedDataException wrongShape(String key, String part, String expected, Object found) {
            return new MalformedDataException(where + ": line " + lines.get(key) + ": key '" + key + "'" + part + " must be "
                    + expected + " but is " + ErlangTerms.abbreviate(found));
        }
    }
}
