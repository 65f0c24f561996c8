package io.hexmirror.internal.transfer;

import io.hexmirror.generation.JournalEntry;
import io.hexmirror.transfer.BundleEntry;
import io.hexmirror.transfer.BundleManifest;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a bundle's bytes go: files packed back to back into data members of up to
 * {@value #PACK_LIMIT} bytes, and the exact length of the resulting tar.
 *
 * <p>The tar is plain ustar with 512-byte records: each member is a 512-byte header and its
 * content padded to a multiple of 512; two zero records end the archive. Member names are short
 * and members stay below ustar's 8 GiB size limit, so no extension header is ever needed, and the
 * length of a bundle follows from its manifest alone.
 */
public final class BundleLayout {
    public static final int RECORD = 512;
    static final long PACK_LIMIT = 256L << 20;
    /** ustar's size field holds 11 octal digits. */
    static final long MAX_MEMBER = (1L << 33) - 1;

    private BundleLayout() {
    }

    /** Files and removals with their places, and the packs that hold the files. */
    record Plan(List<BundleManifest.Pack> packs, List<BundleEntry> entries) {
    }

    /** Assigns each file, in the given order, to the current pack or a new one. */
    static Plan plan(List<JournalEntry> ordered) {
        List<BundleManifest.Pack> packs = new ArrayList<>();
        List<BundleEntry> entries = new ArrayList<>();
        String member = null;
        long fill = 0;
        for (JournalEntry e : ordered) {
            if (e.deleted()) {
                entries.add(BundleEntry.removal(e.path()));
                continue;
            }
            if (e.size() > MAX_MEMBER) {
                throw new IllegalArgumentException(e.path() + " is " + e.size() + " bytes; a bundle carries files up to " + MAX_MEMBER);
            }
            if (member == null || (e.size() > 0 && fill > 0 && fill + e.size() > PACK_LIMIT)) {
                if (member != null) {
                    packs.add(new BundleManifest.Pack(member, fill));
                }
                member = String.format("data/%06d", packs.size() + 1);
                fill = 0;
            }
            entries.add(BundleEntry.file(e.path(), e.size(), e.sha256(), member, fill));
            fill += e.size();
        }
        if (member != null) {
            packs.add(new BundleManifest.Pack(member, fill));
        }
        return new Plan(packs, entries);
    }

    /** A member's length in the tar: header and padded content. */
    static long memberBytes(long size) {
        return RECORD + (size + RECORD - 1) / RECORD * RECORD;
    }

    /** The length of a whole bundle whose manifest member is {@code manifestBytes} long. */
    static long tarBytes(long manifestBytes, List<BundleManifest.Pack> packs) {
        long total = memberBytes(manifestBytes) + 2L * RECORD;
        for (BundleManifest.Pack pack : packs) {
            total += memberBytes(pack.size());
        }
        return total;
    }
}
