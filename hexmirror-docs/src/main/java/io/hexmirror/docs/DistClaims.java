package io.hexmirror.docs;

import static java.util.Objects.requireNonNull;

import io.hexmirror.generation.Sha256;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for the docs versions one {@link DocsTree#deriveAll} derives side by side, which of them
 * share their {@code dist/} files through {@code hexdocs/_dist/}, exactly as deriving them one after
 * the other in their order would: the versions take their turn in that order ({@link #decide}), and a
 * version may share only when each of its {@code dist/} files matches what {@code _dist} holds or what
 * an earlier version of the run claimed for it (and may not have written yet). Without the claims two
 * versions derived at once could both find a {@code _dist} file missing and write different bytes to it,
 * leaving one version's pages with the other's script.
 *
 * <p>A version waits for its turn only for this decision, not for the earlier versions' trees. Every
 * version in the run must {@link #decide} or {@link #pass} its turn exactly once, or the later ones wait
 * for ever.
 */
final class DistClaims {
    private final Storage storage;
    /** The SHA-256 each {@code _dist} key was claimed with by a version of this run that shares. */
    private final Map<String, String> claimed = new HashMap<>();
    /** The turn of the next version to decide. */
    private int next;

    DistClaims(Storage storage) {
        this.storage = requireNonNull(storage, "storage is null");
    }

    /**
     * What a version that shares writes to {@code _dist}.
     *
     * @param share whether the version shares its {@code dist/} files
     * @param firstClaims the {@code _dist} keys no version had before it, neither in the storage nor claimed:
     *     the version counts them as its new shared files
     */
    record Decision(boolean share, Set<String> firstClaims) {
        static final Decision OWN = new Decision(false, Set.of());
    }

    /**
     * Waits for the turn of the {@code turn}th version of the run, decides whether it shares (claiming its
     * {@code dist/} files when it does) and hands the turn on.
     */
    Decision decide(int turn, DocsContents contents) throws IOException {
        awaitTurn(turn);
        try {
            return decideNow(contents);
        } finally {
            handOn(turn);
        }
    }

    /** Hands on the turn of a version that has nothing to decide (refused before it came to {@code dist/}). */
    void pass(int turn) throws IOException {
        awaitTurn(turn);
        handOn(turn);
    }

    private Decision decideNow(DocsContents contents) throws IOException {
        Map<String, String> wanted = new HashMap<>();
        Set<String> first = new HashSet<>();
        for (DocsEntry entry : contents.files()) {
            if (!entry.path().startsWith("dist/")) {
                continue;
            }
            String key = DocsPaths.SHARED_DIST + entry.path().substring("dist/".length());
            String claim = claimed(key);
            if (claim != null) {
                if (!claim.equals(entry.sha256())) {
                    return Decision.OWN;
                }
                continue;
            }
            Optional<ObjectInfo> existing = storage.stat(key);
            if (existing.isEmpty()) {
                first.add(key);
            } else if (existing.get().size() != entry.size() || !sha256Of(key, existing.get()).equals(entry.sha256())) {
                return Decision.OWN;
            }
            wanted.put(key, entry.sha256());
        }
        synchronized (this) {
            claimed.putAll(wanted);
        }
        return new Decision(true, Set.copyOf(first));
    }

    private synchronized String claimed(String key) {
        return claimed.get(key);
    }

    private String sha256Of(String key, ObjectInfo info) throws IOException {
        if (info.sha256().isPresent()) {
            return info.sha256().get();
        }
        try (InputStream in = storage.read(key)) {
            return Sha256.of(in).sha256();
        }
    }

    private synchronized void awaitTurn(int turn) throws IOException {
        while (next < turn) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to share the dist/ files of docs");
            }
        }
        if (next != turn) {
            throw new IllegalStateException("turn " + turn + " taken twice");
        }
    }

    private synchronized void handOn(int turn) {
        next = turn + 1;
        notifyAll();
    }
}
