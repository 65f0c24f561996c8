package io.hexmirror.internal.sync;

import io.hexmirror.mirror.ReservedKeys;
import io.hexmirror.sync.RegistryMode;

/**
 * Where the mirror keeps upstream's registry files. Verbatim, they are the served files themselves;
 * when the mirror re-signs, it keeps upstream's originals in its reserved area, to compare with
 * upstream on the next sync without asking upstream again.
 */
public enum RegistryLayout {
    VERBATIM(""),
    RESIGN(ReservedKeys.PREFIX + "upstream/");

    private final String prefix;

    RegistryLayout(String prefix) {
        this.prefix = prefix;
    }

    static RegistryLayout of(RegistryMode mode) {
        return mode == RegistryMode.RESIGN ? RESIGN : VERBATIM;
    }

    /** The key of upstream's copy of a registry file such as {@code names} or {@code packages/x}. */
    public String upstreamCopy(String path) {
        return prefix + path;
    }

    boolean keepsSeparateCopies() {
        return this == RESIGN;
    }
}
