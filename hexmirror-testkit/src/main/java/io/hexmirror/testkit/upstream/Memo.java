package io.hexmirror.testkit.upstream;

import java.util.function.Supplier;

/** A value computed on first use and kept; thread-safe, computes at most once. */
final class Memo<T> {
    private Supplier<T> supplier;
    private volatile T value;

    Memo(Supplier<T> supplier) {
        this.supplier = supplier;
    }

    T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = supplier.get();
                    value = v;
                    supplier = null; // release what the computation captured
                }
            }
        }
        return v;
    }

    /** The value if it is computed already, else null; never computes it. */
    T peek() {
        return value;
    }

    /** Stores a value computed elsewhere (for example along with a tarball built for serving). */
    void offer(T computed) {
        if (value == null) {
            synchronized (this) {
                if (value == null) {
                    value = computed;
                    supplier = null;
                }
            }
        }
    }
}
