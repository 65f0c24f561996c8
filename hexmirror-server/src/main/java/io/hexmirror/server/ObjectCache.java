package io.hexmirror.server;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hexmirror.storage.LocalFile;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server needs to answer for a stored object, remembered between requests: its strong
 * ETag, its {@code Last-Modified} header and, for small objects, the content itself.
 *
 * <p>The ETag is the SHA-256 of the content, {@code "<64 lowercase hex digits>"}. Why a content
 * hash rather than nginx's mtime-and-size: rebar3 and Hex store the ETag they got and send it back,
 * so it should stay the same for the same bytes across restarts, re-syncs that rewrite an unchanged
 * file, copies of the mirror to another machine, and storage backends. A store that keeps the
 * SHA-256 in its metadata ({@link ObjectInfo#sha256()}) gives it for free; otherwise the object is
 * hashed once.
 *
 * <p>Entries are keyed by the object's key and checked against the (size, modification time) of
 * the caller's fresh {@code stat}: a replaced object has a new modification time, so it is read
 * again. Objects up to {@code maxObjectBytes} are read whole, hashed and kept in memory (off the
 * Java heap), so that serving them again costs no storage read at all: registry files and most
 * tarballs are a few kilobytes to a few hundred. The kept contents are bounded by
 * {@code maxContentBytes} and the validators of larger objects by {@code maxValidatorBytes} of
 * heap; Caffeine evicts by frequency and recency of use, so the popular packages stay. Validators
 * alone are kept compact (about 220 bytes with their key, the headers formatted when they are used),
 * so that a whole mirror's fit in a modest heap: a request for an object whose validators were
 * evicted reads and hashes it again. On a store of local files
 * ({@link StorageCapability#LOCAL_FILES}) the validators of small objects are remembered too: once
 * a small object's content is evicted, its file is sent from the page cache under the remembered
 * ETag instead of being read and hashed again for every request that misses the cache; on other
 * stores a small object is loaded into memory again. An entry is cached only if the object did not change while it was
 * read (an entry made from an open {@link LocalFile} always is: the file holds one version), so that a cached entry
 * always belongs to the (size, modification time) it is filed under.
 *
 * <p>Thread-safe. Two threads may load the same object at once the first time; both get the same
 * answer.
 */
final class ObjectCache {
    private static final HexFormat HEX = HexFormat.of();
    private static final int BUFFER_SIZE = 64 * 1024;
    /**
     * The heap one remembered validator takes besides its key's characters: the {@link Validators}
     * record (64 bytes), the key's String and array headers (40), Caffeine's node (40) and its map's
     * (about 40). A class histogram of a serve remembering 146,000 counted 221 bytes each, with keys of
     * about 35 characters.
     */
    static final int VALIDATOR_HEAP_BYTES = 190;

    private final Storage storage;
    private final int maxObjectBytes;
    /** Whether the store hands out its files, which the server sends without loading them. */
    private final boolean localFiles;
    private final Cache<String, Validators> validators;
    private final Cache<String, Entry> contents;
    /** How many times an object was read from the storage (and hashed) to make an entry. */
    private final LongAdder readings = new LongAdder();

    /** The validators of one version of an object and, when small enough, its content. */
    static final class Entry {
        private final long size;
        private final Instant lastModified;
        private final String etag;
        private final String lastModifiedHeader;
        private final ByteBuffer content;

        Entry(long size, Instant lastModified, String etag, ByteBuffer content) {
            this.size = size;
            this.lastModified = lastModified;
            this.etag = etag;
            this.lastModifiedHeader = Preconditions.httpDate(lastModified);
            this.content = content;
        }

        /** The size of this version of the object. */
        long size() {
            return size;
        }

        boolean describes(ObjectInfo info) {
            return size == info.size() && lastModified.equals(info.lastModified());
        }

        /** The quoted strong ETag. */
        String etag() {
            return etag;
        }

        Instant lastModified() {
            return lastModified;
        }

        /** The {@code Last-Modified} header value. */
        String lastModifiedHeader() {
            return lastModifiedHeader;
        }

        /** The whole content, as a read-only buffer of its own, when it is kept in memory. */
        Optional<ByteBuffer> content() {
            return content == null ? Optional.empty() : Optional.of(content.asReadOnlyBuffer());
        }
    }

    /**
     * An entry's validators without its content, in as little heap as they fit: the SHA-256 as four
     * longs rather than a quoted hex string, the time as its two numbers, no formatted header. A
     * whole hex.pm mirror has some 170,000 package files and tarballs and 220,000 docs files.
     */
    private record Validators(long size, long epochSecond, int nano, long sha0, long sha1, long sha2, long sha3) {
        static Validators of(Entry entry) {
            String etag = entry.etag();
            return new Validators(entry.size(), entry.lastModified().getEpochSecond(), entry.lastModified().getNano(),
                    HexFormat.fromHexDigitsToLong(etag, 1, 17), HexFormat.fromHexDigitsToLong(etag, 17, 33),
                    HexFormat.fromHexDigitsToLong(etag, 33, 49), HexFormat.fromHexDigitsToLong(etag, 49, 65));
        }

        boolean describes(ObjectInfo info) {
            return size == info.size() && epochSecond == info.lastModified().getEpochSecond()
                    && nano == info.lastModified().getNano();
        }

        Entry entry() {
            String hex = HEX.toHexDigits(sha0) + HEX.toHexDigits(sha1) + HEX.toHexDigits(sha2) + HEX.toHexDigits(sha3);
            return new Entry(size, Instant.ofEpochSecond(epochSecond, nano), quote(hex), null);
        }
    }

    /**
     * @param maxValidatorBytes the heap the remembered validators may take: of objects too large to
     *     keep, and on a store of local files of small ones too
     * @param maxContentBytes the total size of the contents kept in memory; 0 keeps none
     * @param maxObjectBytes the largest object whose content is kept
     */
    ObjectCache(Storage storage, long maxValidatorBytes, long maxContentBytes, int maxObjectBytes) {
        this.storage = requireNonNull(storage, "storage is null");
        if (maxValidatorBytes < 1 || maxContentBytes < 0 || maxObjectBytes < 0) {
            throw new IllegalArgumentException("bad cache bounds: " + maxValidatorBytes + " validator bytes, " + maxContentBytes
                    + " content bytes, " + maxObjectBytes + " bytes per object");
        }
        this.maxObjectBytes = maxContentBytes == 0 ? -1 : (int) Math.min(maxObjectBytes, maxContentBytes);
        this.localFiles = storage.capabilities().contains(StorageCapability.LOCAL_FILES);
        // Both caches evict on the thread that adds, rather than in a task on the common pool later:
        // the bounds then hold at once, and evicting (no listener, nothing to close) is cheap.
        this.validators = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumWeight(maxValidatorBytes)
                .<String, Validators>weigher((key, validators) -> VALIDATOR_HEAP_BYTES + key.length())
                .build();
        this.contents = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumWeight(maxContentBytes)
                .<String, Entry>weigher((key, entry) -> (int) Math.min(Integer.MAX_VALUE, entry.size + key.length() + 128))
                .build();
    }

    /**
     * The entry for the object {@code info} describes, loading it if needed.
     *
     * The entry may describe a newer version than {@code info} when a sync replaced the object
     * meanwhile: use its size and dates, not the stat's.
     *
     * @throws ObjectNotFoundException when the object was deleted since the stat
     * @throws IOException when the storage cannot be read
     */
    Entry entry(ObjectInfo info) throws IOException {
        String key = info.key();
        Entry remembered = remembered(info);
        if (remembered != null) {
            return remembered;
        }
        if (info.size() <= maxObjectBytes) {
            return loadContent(info);
        }
        if (info.sha256().isPresent()) {
            return new Entry(info.size(), info.lastModified(), quote(info.sha256().get()), null);
        }
        Entry loaded = new Entry(info.size(), info.lastModified(), quote(hash(key)), null);
        if (unchanged(info)) {
            validators.put(key, Validators.of(loaded));
        }
        return loaded;
    }

    /**
     * The entry for the version of the object that {@code file} holds: when it is not remembered, the
     * content or the hash is read from the open file itself, so that the entry describes exactly the
     * bytes the channel sends, whatever replaced the object since.
     */
    Entry entry(LocalFile file) throws IOException {
        ObjectInfo info = file.info();
        String key = info.key();
        Entry remembered = remembered(info);
        if (remembered != null) {
            return remembered;
        }
        if (info.size() <= maxObjectBytes) {
            ByteBuffer content = ByteBuffer.allocateDirect((int) info.size());
            String sha256 = readWhole(file, content);
            Entry loaded = new Entry(info.size(), info.lastModified(), quote(sha256), content.flip());
            contents.put(key, loaded);
            validators.put(key, Validators.of(loaded));
            return loaded;
        }
        String sha256 = info.sha256().isPresent() ? info.sha256().get() : hash(file);
        Entry loaded = new Entry(info.size(), info.lastModified(), quote(sha256), null);
        validators.put(key, Validators.of(loaded));
        return loaded;
    }

    /** Reads the whole file into {@code content}, which is exactly its size, and returns its SHA-256. */
    private String readWhole(LocalFile file, ByteBuffer content) throws IOException {
        readings.increment();
        while (content.hasRemaining()) {
            if (file.channel().read(content, content.position()) < 0) {
                throw endedEarly(file, content.position());
            }
        }
        MessageDigest digest = sha256();
        digest.update(content.duplicate().flip());
        return HEX.formatHex(digest.digest());
    }

    /** The SHA-256 of the whole file, read a buffer at a time. */
    private String hash(LocalFile file) throws IOException {
        readings.increment();
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        long size = file.info().size();
        for (long position = 0; position < size; ) {
            buffer.clear().limit((int) Math.min(BUFFER_SIZE, size - position));
            int n = file.channel().read(buffer, position);
            if (n < 0) {
                throw endedEarly(file, position);
            }
            digest.update(buffer.flip());
            position += n;
        }
        return HEX.formatHex(digest.digest());
    }

    private IOException endedEarly(LocalFile file, long position) {
        // Replaced files are new files, so an open one shrinks only when edited in place.
        return new IOException("'" + file.info().key() + "' in " + storage.describe() + " ended at byte " + position + ", before its "
                + file.info().size() + " bytes");
    }

    /** The entry remembered for the version {@code info} describes, or null. */
    private Entry remembered(ObjectInfo info) {
        Entry cached = contents.getIfPresent(info.key());
        if (cached != null && cached.describes(info)) {
            return cached;
        }
        Validators validated = validators.getIfPresent(info.key());
        return validated != null && validated.describes(info) ? validated.entry() : null;
    }

    /** How many times an object was read from the storage (and hashed) to make an entry, for tests. */
    long readings() {
        return readings.sum();
    }

    /** Whether the content of some version of the object is kept in memory. */
    boolean holdsContent(String key) {
        return contents.asMap().containsKey(key);
    }

    /**
     * Reads a small object whole. When its size is not the stat's, a sync replaced it meanwhile:
     * look again, so that the entry always holds one whole version.
     */
    private Entry loadContent(ObjectInfo info) throws IOException {
        ObjectInfo current = info;
        for (int attempt = 1; ; attempt++) {
            byte[] bytes;
            readings.increment();
            try (InputStream in = storage.read(current.key())) {
                // One byte more than expected tells a file that grew since the stat.
                bytes = in.readNBytes((int) current.size() + 1);
            }
            if (bytes.length == current.size()) {
                String etag = quote(HEX.formatHex(sha256().digest(bytes)));
                ByteBuffer content = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
                Entry loaded = new Entry(bytes.length, current.lastModified(), etag, content);
                if (unchanged(current)) {
                    contents.put(current.key(), loaded);
                    if (localFiles) {
                        validators.put(current.key(), Validators.of(loaded));
                    }
                }
                return loaded;
            }
            if (attempt == 3) {
                throw new IOException("'" + current.key() + "' in " + storage.describe() + " keeps changing while it is read");
            }
            current = storage.stat(current.key()).orElseThrow(() -> new ObjectNotFoundException(info.key(), storage.describe()));
            if (current.size() > maxObjectBytes) {
                return entry(current);
            }
        }
    }

    private boolean unchanged(ObjectInfo info) throws IOException {
        return storage.stat(info.key()).filter(now -> now.size() == info.size() && now.lastModified().equals(info.lastModified()))
                .isPresent();
    }

    private String hash(String key) throws IOException {
        readings.increment();
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = storage.read(key)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HEX.formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String quote(String hex) {
        return '"' + hex + '"';
    }
}
