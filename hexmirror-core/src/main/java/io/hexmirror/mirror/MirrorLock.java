package io.hexmirror.mirror;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer at a time on a mirror: a lock held as the object {@value #KEY} in the mirror's own
 * storage, so that it works for every process that can reach the store, on any host.
 *
 * <p>{@link #acquire} creates the lock object with an exclusive write (the store must declare
 * {@link StorageCapability#CREATE_EXCLUSIVE}); it names the owner, host, process id and time, and
 * carries a random token. When the exclusive write reports the key taken, the lock object is read
 * back: if it carries this attempt's token, the write did land and only its answer was lost (an S3
 * client that retries a conditional PUT gets 412 for its own object), so the lock is taken. {@link #close()} removes the object only while it is still
 * exactly the one this lock wrote, so a lock that was broken and taken by another process stays theirs. A process
 * stopped by SIGTERM or Ctrl-C releases its lock in a shutdown hook. A process killed outright
 * keeps it: when it ran on this host and is gone, the next {@link #acquire} takes the lock over
 * with a warning; otherwise someone runs {@link #breakLock}, which refuses while the holder runs
 * on this host. The lock never expires by itself, because no timeout is safe for a sync of
 * unknown length.
 *
 * <p>Every removal (release, taking over a stale lock, breaking one) is a
 * {@link Storage#deleteIfContentEquals compare-and-delete} of the lock object as it was read or
 * written, never a plain delete: a lock another writer took in the meantime, even an instant before
 * the removal, is not removed. The store makes that atomic when it declares
 * {@link StorageCapability#CONDITIONAL_DELETE} (the file and S3 stores do); on other stores it is
 * best-effort, with a short window between the comparison and the deletion.
 *
 * <p>Typical use:
 * <pre>{@code
 * try (MirrorLock lock = MirrorLock.acquire(storage, "hexmirror sync")) {
 *     ... write the mirror ...
 * }
 * }</pre>
 *
 * <p>Instances are safe for use by several threads.
 */
public final class MirrorLock implements AutoCloseable {
    /** The key of the lock object, under the {@link ReservedKeys reserved prefix}. */
    public static final String KEY = ReservedKeys.PREFIX + "lock";

    private static final int MAX_LOCK_SIZE = 64 * 1024;
    private static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(MirrorLock.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Who holds a lock.
     *
     * @param owner what the holder said it is, for example {@code hexmirror sync}
     * @param host the host name of the holder's machine
     * @param pid the holder's process id on that host
     * @param acquiredAt when it took the lock
     * @param token the random value that tells this lock from a later one
     */
    public record Holder(String owner, String host, long pid, Instant acquiredAt, String token) {
        public Holder {
            requireNonNull(owner, "owner is null");
            requireNonNull(host, "host is null");
            requireNonNull(acquiredAt, "acquiredAt is null");
            requireNonNull(token, "token is null");
        }

        /**
         * Whether the holder is a process on this host that is gone: then its lock is stale. False
         * when it runs here, or runs on another host, where nothing can be told.
         */
        public boolean isGoneFromThisHost() {
            return host.equals(hostName()) && pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty();
        }

        /** Whether the holder is a process running on this host. */
        public boolean isAliveOnThisHost() {
            return host.equals(hostName()) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        /** Whether {@link #breakLock(Storage)} refuses to remove this holder's lock: another process of this host that still runs. */
        public boolean isUnbreakable() {
            return isAliveOnThisHost() && pid != ProcessHandle.current().pid();
        }

        /** For messages: {@code 'hexmirror sync' on host build-1 (pid 4242) since 2025-01-02T03:04:05Z}. */
        public String describe() {
            return "'" + owner + "' on host " + host + " (pid " + pid + ") since " + acquiredAt;
        }
    }

    private final Storage storage;
    private final Holder holder;
    /** The lock object as this lock wrote it: what its release compares before deleting. */
    private final byte[] content;
    private final Thread releaseOnExit;
    private boolean closed;

    private MirrorLock(Storage storage, Holder holder, byte[] content) {
        this.storage = storage;
        this.holder = holder;
        this.content = content;
        // SIGTERM (systemctl stop, timeout) and Ctrl-C run shutdown hooks but not the holder's
        // finally blocks: release the lock there, or every later writer would find it taken.
        this.releaseOnExit = new Thread(this::releaseAtExit, "hexmirror-release-lock");
        Runtime.getRuntime().addShutdownHook(releaseOnExit);
    }

    private void releaseAtExit() {
        try {
            if (releaseIfHeld()) {
                LOG.warn("stopped while writing {}: lock released; the next run finishes the work", storage.describe());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not release the lock of {} while stopping: {}", storage.describe(), e.getMessage());
        }
    }

    /**
     * Takes the lock of the mirror in {@code storage}.
     *
     * @param owner a short description of the writer, such as {@code hexmirror sync}; line breaks
     *     and control characters become spaces; must not be blank
     * @throws MirrorLockedException when another writer holds the lock; the message names it and
     *     says that breaking the lock ({@link #breakLock}) releases it
     * @throws UnsupportedOperationException when the store does not declare
     *     {@link StorageCapability#CREATE_EXCLUSIVE}, without which two writers could both believe
     *     they hold the lock
     * @throws IOException when the store fails
     */
    public static MirrorLock acquire(Storage storage, String owner) throws IOException, MirrorLockedException {
        requireNonNull(storage, "storage is null");
        requireNonNull(owner, "owner is null");
        if (singleLine(owner).isEmpty()) {
            throw new IllegalArgumentException("owner is blank");
        }
        if (!storage.capabilities().contains(StorageCapability.CREATE_EXCLUSIVE)) {
            throw new UnsupportedOperationException("storage " + storage.describe()
                    + " cannot create objects exclusively (it lacks " + StorageCapability.CREATE_EXCLUSIVE
                    + "), so it cannot hold the lock that keeps two writers from updating a mirror at once");
        }
        Holder me = new Holder(singleLine(owner), hostName(), ProcessHandle.current().pid(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), newToken());
        byte[] content = encode(me).getBytes(UTF_8);
        for (int attempt = 1; ; attempt++) {
            try {
                storage.write(KEY, content, WriteOptions.exclusiveCreate());
                return new MirrorLock(storage, me, content);
            } catch (ObjectAlreadyExistsException e) {
                Optional<byte[]> current = readLock(storage);
                if (current.isPresent() && carriesToken(text(current.get()), me.token())) {
                    // Our own write landed, but its response was lost and the retried conditional
                    // write found our object: the lock is ours.
                    return new MirrorLock(storage, me, current.get());
                }
                if (current.isPresent()) {
                    Optional<Holder> stale = staleHolder(text(current.get()));
                    if (stale.isPresent() && attempt < ATTEMPTS) {
                        LOG.warn("mirror {} was locked by {}, which is no longer running: taking the lock over",
                                storage.describe(), stale.get().describe());
                        // Only the stale object: another writer may have taken it over first.
                        storage.deleteIfContentEquals(KEY, current.get());
                        continue;
                    }
                    throw locked(storage, text(current.get()));
                }
                // Released between our write and our read: try again, but not forever.
                if (attempt == ATTEMPTS) {
                    throw new MirrorLockedException("mirror " + storage.describe() + " was locked and unlocked "
                            + ATTEMPTS + " times while taking its lock: another process keeps writing it; try again later", null);
                }
            }
        }
    }

    /**
     * Removes the lock of the mirror in {@code storage}, whoever holds it. Use it only when the
     * holder is known to be gone: a running holder would go on writing unaware. A holder that is
     * a running process on this host is therefore refused; one on another host cannot be checked.
     *
     * <p>It removes the lock object it looked at, not one that replaced it meanwhile.
     *
     * @return whether there was a lock to remove
     * @throws MirrorLockedException when the holder is a process still running on this host
     */
    public static boolean breakLock(Storage storage) throws IOException, MirrorLockedException {
        requireNonNull(storage, "storage is null");
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<byte[]> current = readLock(storage);
            if (current.isEmpty()) {
                return false;
            }
            Optional<Holder> holder = holderOf(text(current.get()));
            if (holder.isPresent() && holder.get().isUnbreakable()) {
                throw new MirrorLockedException("mirror " + storage.describe() + " is locked by " + holder.get().describe()
                        + ", which is still running: stop it first (the lock is released when it ends); breaking the lock only"
                        + " removes the lock of a writer that is gone", holder.get());
            }
            if (storage.deleteIfContentEquals(KEY, current.get())) {
                return true;
            }
            // Released or taken by another writer since it was read: look again.
        }
        throw new MirrorLockedException("the lock of mirror " + storage.describe() + " changed " + ATTEMPTS
                + " times while breaking it: another process keeps taking it; try again later", null);
    }

    private static Optional<Holder> holderOf(String content) {
        try {
            return Optional.of(decode(content));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The holder of a lock left by a process of this host that is gone. */
    private static Optional<Holder> staleHolder(String content) {
        return holderOf(content).filter(Holder::isGoneFromThisHost);
    }

    /** Who this lock says holds it: this process. */
    public Holder holder() {
        return holder;
    }

    /**
     * Whether the lock object still carries this lock's token; false once the lock was released,
     * broken, or broken and taken by another writer. A long sync can check it before publishing.
     */
    public boolean isHeld() throws IOException {
        Optional<byte[]> current = readLock(storage);
        return current.isPresent() && carriesToken(text(current.get()), holder.token());
    }

    /**
     * Releases the lock if it is still this one's; does nothing when it was broken (and perhaps
     * taken by another writer) meanwhile, or on a second call.
     */
    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(releaseOnExit);
        } catch (IllegalStateException e) {
            // Shutting down: the hook releases the lock.
        }
        releaseIfHeld();
    }

    private synchronized boolean releaseIfHeld() throws IOException {
        if (closed) {
            return false;
        }
        closed = true;
        // One compare-and-delete, never "read, then delete": a lock broken and taken by another
        // writer between the two would be removed.
        return storage.deleteIfContentEquals(KEY, content);
    }

    private static boolean carriesToken(String content, String token) {
        try {
            return decode(content).token().equals(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static MirrorLockedException locked(Storage storage, String content) {
        Holder current;
        try {
            current = decode(content);
        } catch (IllegalArgumentException e) {
            return new MirrorLockedException("mirror " + storage.describe() + " is locked, but its lock object '" + KEY
                    + "' cannot be read (" + e.getMessage() + "). If no hexmirror process is writing this mirror,"
                    + " break the lock to remove it.", null);
        }
        return new MirrorLockedException("mirror " + storage.describe() + " is locked by " + current.describe()
                + ". If that process is no longer running, break the lock to remove it.", current);
    }

    private static Optional<byte[]> readLock(Storage storage) throws IOException {
        try (InputStream in = storage.read(KEY)) {
            return Optional.of(in.readNBytes(MAX_LOCK_SIZE));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private static String text(byte[] content) {
        return new String(content, UTF_8);
    }

    /** A few {@code name=value} lines, readable by whoever finds the object in the mirror's directory. */
    private static String encode(Holder holder) {
        return "# A hexmirror process is writing this mirror. If none is, break the lock (hexmirror's break-lock option).\n"
                + "owner=" + holder.owner() + "\n"
                + "host=" + holder.host() + "\n"
                + "pid=" + holder.pid() + "\n"
                + "acquired-at=" + holder.acquiredAt() + "\n"
                + "token=" + holder.token() + "\n";
    }

    /** @throws IllegalArgumentException saying what is missing or malformed */
    private static Holder decode(String content) {
        Map<String, String> fields = new HashMap<>();
        for (String line : content.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) {
                continue;
            }
            fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        for (String name : new String[] {"owner", "host", "pid", "acquired-at", "token"}) {
            if (!fields.containsKey(name)) {
                throw new IllegalArgumentException("no '" + name + "' line");
            }
        }
        long pid;
        try {
            pid = Long.parseLong(fields.get("pid"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pid '" + fields.get("pid") + "' is not a number");
        }
        Instant acquiredAt;
        try {
            acquiredAt = Instant.parse(fields.get("acquired-at"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("acquired-at '" + fields.get("acquired-at") + "' is not an ISO-8601 instant");
        }
        return new Holder(fields.get("owner"), fields.get("host"), pid, acquiredAt, fields.get("token"));
    }

    private static String singleLine(String text) {
        return text.codePoints()
                .map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
    }

    private static String hostName() {
        try {
            return singleLine(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
