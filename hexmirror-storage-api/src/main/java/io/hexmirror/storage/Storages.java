package io.hexmirror.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Opens a {@link Storage} from a target string: a plain path (meaning {@code file:}) or a URI whose
 * scheme picks the {@link StorageProvider}. Providers are found with {@link ServiceLoader}; none is
 * built in, not even {@code file:} (module {@code hexmirror-storage-fs}): when no provider serves a
 * scheme, the error lists those found and, for the project's own schemes, names the module to add.
 */
public final class Storages {
    private static final Pattern URI_WITH_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");
    /** The providers this project ships, by scheme, with the artifact that holds each. */
    private static final Map<String, String> PROJECT_PROVIDERS = Map.of(
            "file", "hexmirror-storage-fs",
            "s3", "hexmirror-storage-s3");

    private Storages() {
    }

    /** Opens a target with the providers visible to this class's class loader. */
    public static Storage open(String target) throws IOException {
        return open(target, Map.of(), Storages.class.getClassLoader());
    }

    /**
     * Opens a target.
     *
     * @param extraOptions options added to those in the URI query (the query wins on conflict)
     * @throws IllegalArgumentException when no provider serves the scheme (the message lists the
     *     schemes found) or the target is malformed
     */
    public static Storage open(String target, Map<String, String> extraOptions, ClassLoader loader) throws IOException {
        return open(target, extraOptions, loader, false);
    }

    /**
     * Opens a target that must exist, with the providers visible to this class's class loader: nothing is
     * created (see {@link StorageProvider#openExisting}).
     *
     * @throws StorageNotFoundException when there is no store at the target
     */
    public static Storage openExisting(String target) throws IOException {
        return openExisting(target, Map.of(), Storages.class.getClassLoader());
    }

    /**
     * {@link #open(String, Map, ClassLoader)} for a target that must exist: nothing is created.
     *
     * @throws StorageNotFoundException when there is no store at the target
     */
    public static Storage openExisting(String target, Map<String, String> extraOptions, ClassLoader loader) throws IOException {
        return open(target, extraOptions, loader, true);
    }

    private static Storage open(String target, Map<String, String> extraOptions, ClassLoader loader, boolean existing)
            throws IOException {
        URI uri = toUri(target);
        Map<String, String> options = new LinkedHashMap<>(extraOptions);
        options.putAll(parseQuery(uri));
        URI withoutQuery = stripQuery(uri);
        List<StorageProvider> providers = ServiceLoader.load(StorageProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        for (StorageProvider provider : providers) {
            if (provider.scheme().equalsIgnoreCase(uri.getScheme())) {
                return openScrubbed(provider, withoutQuery, options, existing);
            }
        }
        TreeSet<String> found = new TreeSet<>();
        providers.forEach(p -> found.add(p.scheme()));
        throw new IllegalArgumentException("no storage provider for scheme '" + uri.getScheme() + "' in '"
                + withoutQuery + "'; providers found: " + (found.isEmpty() ? "none" : String.join(", ", found))
                + whereToFind(uri.getScheme().toLowerCase(Locale.ROOT)));
    }

    /** For the project's own schemes, the module that provides them: a classpath may lack it. */
    private static String whereToFind(String scheme) {
        String module = PROJECT_PROVIDERS.get(scheme);
        return module == null ? ""
                : ". The " + scheme + ": storage lives in the module io.hexmirror:" + module
                        + "; add it to the dependencies (or its jar to the classpath)";
    }

    /**
     * Opens through the provider; should its error quote the value of one of its
     * {@link StorageProvider#secretOptions() secret options}, the error is replaced by one with that
     * value masked (and without the original as its cause, whose message would still carry it).
     */
    private static Storage openScrubbed(StorageProvider provider, URI uri, Map<String, String> options, boolean existing)
            throws IOException {
        try {
            return existing ? provider.openExisting(uri, options) : provider.open(uri, options);
        } catch (IllegalArgumentException e) {
            String scrubbed = scrub(e.getMessage(), provider, options);
            if (scrubbed.equals(e.getMessage())) {
                throw e;
            }
            throw new IllegalArgumentException(scrubbed);
        } catch (StorageNotFoundException e) {
            String scrubbed = scrub(e.getMessage(), provider, options);
            if (scrubbed.equals(e.getMessage())) {
                throw e;
            }
            throw new StorageNotFoundException(scrub(e.location(), provider, options), "does not exist");
        } catch (IOException e) {
            String scrubbed = scrub(e.getMessage(), provider, options);
            if (scrubbed.equals(e.getMessage())) {
                throw e;
            }
            throw new IOException(scrubbed);
        }
    }

    private static String scrub(String message, StorageProvider provider, Map<String, String> options) {
        String out = String.valueOf(message);
        for (String name : provider.secretOptions()) {
            String value = options.get(name);
            if (value != null && !value.isEmpty()) {
                out = out.replace(value, "****");
            }
        }
        return out;
    }

    /** Turns a target into a URI; anything that is not {@code scheme:...} is a filesystem path. */
    static URI toUri(String target) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("storage target is empty");
        }
        // A Windows drive letter ("C:\\...") is a path, not a one-letter scheme.
        if (URI_WITH_SCHEME.matcher(target).matches()) {
            try {
                return new URI(target);
            } catch (URISyntaxException e) {
                // The query may hold credentials, and which options are secret is the provider's to say:
                // show none of its values. The parser's own message quotes the whole input, so leave it out.
                throw new IllegalArgumentException("invalid storage URI '" + maskQueryValues(target) + "': " + e.getReason()
                        + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
            }
        }
        return Path.of(target).toAbsolutePath().normalize().toUri();
    }

    /** {@code s3://b/p?secret-key=x&region=y} becomes {@code s3://b/p?secret-key=****&region=****}. */
    static String maskQueryValues(String target) {
        int query = target.indexOf('?');
        if (query < 0) {
            return target;
        }
        StringBuilder out = new StringBuilder(target.substring(0, query + 1));
        String[] pairs = target.substring(query + 1).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            out.append(i == 0 ? "" : "&").append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq + 1) + "****");
        }
        return out.toString();
    }

    private static Map<String, String> parseQuery(URI uri) {
        Map<String, String> options = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return options;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            options.put(name, value);
        }
        return options;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static URI stripQuery(URI uri) {
        if (uri.getRawQuery() == null) {
            return uri;
        }
        String s = uri.toString();
        return URI.create(s.substring(0, s.indexOf('?')));
    }
}
