package io.hexmirror.mirror;

import io.hexmirror.HexMirrorException;
import java.util.Optional;

/**
 * Another writer holds the mirror's {@link MirrorLock}. The message says who and since when, and
 * how to break a lock left behind by a process that is gone.
 */
public class MirrorLockedException extends HexMirrorException {
    private final transient MirrorLock.Holder holder;

    /**
     * @param holder who holds the lock, or null when the lock object cannot be read
     */
    public MirrorLockedException(String message, MirrorLock.Holder holder) {
        super(message);
        this.holder = holder;
    }

    /** The current holder, when the lock object could be read. */
    public Optional<MirrorLock.Holder> holder() {
        return Optional.ofNullable(holder);
    }

    /**
     * Whether {@link io.hexmirror.HexMirror#breakLock()} would remove this lock: false when its holder is another
     * process still running on this host, whose lock is never broken.
     */
    public boolean breakable() {
        return holder == null || !holder.isUnbreakable();
    }
}
