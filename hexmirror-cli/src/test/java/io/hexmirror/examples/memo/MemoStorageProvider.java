package io.hexmirror.examples.memo;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * A sample storage plugin, built only against the storage SPI ({@code io.hexmirror.storage}): the
 * {@code memo:} scheme keeps mirrors in this JVM's memory, by name, for as long as the JVM runs.
 * {@code memo://NAME} opens (creating on first use) the store NAME; several opens of one name share
 * its objects, as several processes share a directory or a bucket.
 *
 * <p>Options, from the URI query ({@code memo://team?password=...}) or from the caller:
 * <ul>
 *   <li>{@code password}: a secret the store is created with and must be opened with again; it is
 *       named in {@link #secretOptions()} and never appears in a message.</li>
 * </ul>
 * Any other option is refused, naming it. Registered in
 * {@code META-INF/services/io.hexmirror.storage.StorageProvider}.
 */
public final class MemoStorageProvider implements StorageProvider {
    public static final String SCHEME = "memo";
    public static final String PASSWORD = "password";
    private static final Set<String> KNOWN_OPTIONS = Set.of(PASSWORD);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Map<String, Shared> STORES = new ConcurrentHashMap<>();

    /** The objects of one named store and the password it was created with. */
    record Shared(ConcurrentSkipListMap<String, MemoStorage.Entry> objects, byte[] password) {
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Storage open(URI uri, Map<String, String> options) {
        TreeSet<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(KNOWN_OPTIONS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + " for memo storage (known: " + KNOWN_OPTIONS + ")");
        }
        String name = uri.getAuthority();
        if (name == null || !NAME.matcher(name).matches() || !(uri.getPath() == null || uri.getPath().isEmpty())) {
            throw new IllegalArgumentException("memo storage URI must be memo://NAME with NAME of lowercase letters, digits"
                    + " and '-', not '" + uri + "'");
        }
        byte[] password = options.getOrDefault(PASSWORD, "").getBytes(StandardCharsets.UTF_8);
        Shared shared = STORES.computeIfAbsent(name, n -> new Shared(new ConcurrentSkipListMap<>(), password));
        // Constant-time comparison, and a message that says what is wrong without the value.
        if (!MessageDigest.isEqual(shared.password(), password)) {
            throw new IllegalArgumentException("wrong or missing " + PASSWORD + " for memo store '" + name + "'");
        }
        return new MemoStorage(SCHEME + "://" + name, shared.objects());
    }

    @Override
    public Set<String> secretOptions() {
        return Set.of(PASSWORD);
    }
}
