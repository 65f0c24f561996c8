package io.hexmirror.generation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.hexmirror.files.StoredObjects;
import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The releases a mirror leaves out because upstream serves them wrongly (see
 * {@link QuarantinedRelease}), kept in {@value #KEY} next to the generations, so that every later
 * sync retries them even after {@code /names} and {@code /versions} moved on, and so that
 * {@code status} and {@code verify} can say what is missing and since when.
 *
 * <p>The file is short text a person can read: a comment, {@code format=1}, a blank line, then one
 * line per entry, {@code NAME VERSION SINCE LAST-TRIED SUBJECT REASON}, with {@code -} as the version
 * of a package file. Only the reason may hold spaces, and it comes last. The file is absent when
 * nothing is quarantined. Immutable; reading is safe at any time, saving is for the one writer
 * holding the mirror's lock.
 */
public final class Quarantine {
    /** Where the record lives. */
    public static final String KEY = ReservedKeys.PREFIX + "quarantine";
    private static final int FORMAT = 1;
    private static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final Quarantine EMPTY = new Quarantine(List.of());

    private final List<QuarantinedRelease> entries;

    private Quarantine(List<QuarantinedRelease> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A record holding exactly these entries. */
    public static Quarantine of(Collection<QuarantinedRelease> entries) {
        requireNonNull(entries, "entries is null");
        return entries.isEmpty() ? EMPTY : new Quarantine(new ArrayList<>(entries));
    }

    /**
     * The mirror's record; empty when there is none.
     *
     * @throws IOException when the storage fails, or the file is not one this version of hexmirror
     *     wrote (the message names the file and the line)
     */
    public static Quarantine load(Storage storage) throws IOException {
        requireNonNull(storage, "storage is null");
        Optional<byte[]> bytes = StoredObjects.readIfPresent(storage, KEY, MAX_BYTES);
        return bytes.isEmpty() ? EMPTY : parse(new String(bytes.get(), UTF_8), KEY + " in " + storage.describe());
    }

    /** Writes the record, or deletes the file when it is empty. */
    public void save(Storage storage) throws IOException {
        requireNonNull(storage, "storage is null");
        if (entries.isEmpty()) {
            storage.delete(KEY);
            return;
        }
        byte[] text = text().getBytes(UTF_8);
        storage.write(KEY, text, WriteOptions.defaults().withSha256(Sha256.hex(text)));
    }

    public List<QuarantinedRelease> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The names of the packages with an entry. */
    public Set<String> packages() {
        Set<String> names = new TreeSet<>();
        entries.forEach(e -> names.add(e.name()));
        return names;
    }

    /** The entries of one package. */
    public List<QuarantinedRelease> entriesOf(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).toList();
    }

    String text() {
        StringBuilder out = new StringBuilder("# hexmirror: releases upstream serves wrongly; left out, and retried by"
                + " every sync (see 'hexmirror status'). Do not edit.\n"
                + "format=" + FORMAT + "\n\n");
        for (QuarantinedRelease e : entries) {
            out.append(e.name()).append(' ').append(e.version().orElse("-")).append(' ').append(e.since()).append(' ')
                    .append(e.lastTried()).append(' ').append(e.subject()).append(' ').append(e.reason()).append('\n');
        }
        return out.toString();
    }

    static Quarantine parse(String text, String where) throws IOException {
        List<QuarantinedRelease> entries = new ArrayList<>();
        boolean body = false;
        boolean formatSeen = false;
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (!body) {
                if (line.isEmpty()) {
                    body = true;
                } else if (line.startsWith("format=")) {
                    if (!line.equals("format=" + FORMAT)) {
                        throw new IOException(where + " line " + lineNumber + ": " + line + " is not a format this hexmirror"
                                + " reads (" + FORMAT + "); is it newer?");
                    }
                    formatSeen = true;
                }
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ", 6);
            try {
                if (f.length < 6) {
                    throw new IllegalArgumentException("expected 'NAME VERSION SINCE LAST-TRIED SUBJECT REASON'");
                }
                entries.add(new QuarantinedRelease(f[0], f[1].equals("-") ? Optional.empty() : Optional.of(f[1]), f[4], f[5],
                        Instant.parse(f[2]), Instant.parse(f[3])));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IOException(where + " line " + lineNumber + " is not a valid entry: " + e.getMessage());
            }
        }
        if (!formatSeen) {
            throw new IOException(where + " is not a valid hexmirror file: no 'format' line");
        }
        return of(entries);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Quarantine q && q.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "Quarantine" + entries;
    }
}
