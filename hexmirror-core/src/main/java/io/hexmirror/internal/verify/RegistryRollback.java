package io.hexmirror.internal.verify;

import static java.util.Objects.requireNonNull;

import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Notices a registry file that is older than the one it would replace. A signature proves who
 * wrote a file, not when: whoever kept an old, validly signed {@code /names} or package file can
 * serve it again (a "rollback", or freeze, attack) to undo a release or a security retirement.
 * Hex's registry files carry no version number, but {@code /names} records each package's last
 * change, which never goes backwards upstream. (A retirement that a package file no longer carries is only
 * warned about, by the sync: its author may have lifted it.)
 */
public final class RegistryRollback {
    private static final int MAX_LISTED = 5;

    private RegistryRollback() {
    }

    /**
     * The packages whose {@code updated_at} in {@code offered} is earlier than in {@code held},
     * described for a message ({@code "plug (2024-01-02T03:04:05Z, had 2024-02-03T04:05:06Z)"});
     * empty when nothing goes backwards. Packages only one of the two lists are not compared.
     */
    public static List<String> olderPackages(Names held, Names offered) {
        requireNonNull(held, "held is null");
        requireNonNull(offered, "offered is null");
        Map<String, Timestamp> before = new HashMap<>(held.getPackagesCount() * 2);
        for (NamesPackage p : held.getPackagesList()) {
            if (p.hasUpdatedAt()) {
                before.put(p.getName(), p.getUpdatedAt());
            }
        }
        List<String> older = new ArrayList<>();
        for (NamesPackage p : offered.getPackagesList()) {
            Timestamp had = before.get(p.getName());
            if (had != null && p.hasUpdatedAt() && compare(p.getUpdatedAt(), had) < 0) {
                older.add(p.getName() + " (" + text(p.getUpdatedAt()) + ", had " + text(had) + ")");
            }
        }
        return older;
    }


    /** A short list for a message: the first few items and how many more. */
    public static String summary(List<String> items) {
        if (items.size() <= MAX_LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, MAX_LISTED)) + " and " + (items.size() - MAX_LISTED) + " more";
    }

    private static int compare(Timestamp a, Timestamp b) {
        int bySeconds = Long.compare(a.getSeconds(), b.getSeconds());
        return bySeconds != 0 ? bySeconds : Integer.compare(a.getNanos(), b.getNanos());
    }

    private static String text(Timestamp t) {
        return java.time.Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }
}
