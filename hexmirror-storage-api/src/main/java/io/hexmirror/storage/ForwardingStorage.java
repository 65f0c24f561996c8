package io.hexmirror.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@link Storage} that passes every call to another: the base of decorators that record, count or
 * fail some operations and leave the rest alone. Subclasses override what they change. Closing a
 * forwarding store does not close the store it wraps; whoever opened that one closes it.
 *
 * <p>Reads go through {@link #read} only: a forwarding store opens no {@link #openLocalFile local
 * files} and does not declare {@link StorageCapability#LOCAL_FILES}, so that a decorator that
 * changes or watches reads is never bypassed. One that leaves reads alone and wants its delegate's
 * files served directly overrides both {@link #openLocalFile} and {@link #capabilities}.
 *
 * <p>Likewise {@link #deleteIfContentEquals} is the interface's best-effort default, which goes
 * through this store's {@link #read} and {@link #delete}, and {@link StorageCapability#CONDITIONAL_DELETE}
 * is not declared: a decorator that watches deletes sees every one. One that wants the delegate's
 * atomic version forwards the method itself (doing for it what it does for a delete) and keeps the
 * capability in {@link #capabilities}.
 */
public abstract class ForwardingStorage implements Storage {
    private final Storage delegate;

    protected ForwardingStorage(Storage delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    /** The wrapped store. */
    protected Storage delegate() {
        return delegate;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return delegate.stat(key);
    }

    @Override
    public InputStream read(String key) throws IOException {
        return delegate.read(key);
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) throws IOException {
        return delegate.write(key, options);
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public boolean delete(String key) throws IOException {
        return delegate.delete(key);
    }

    @Override
    public void syncDeferredWrites() throws IOException {
        delegate.syncDeferredWrites();
    }

    @Override
    public void syncWithDeferredWrites(String key) throws IOException {
        delegate.syncWithDeferredWrites(key);
    }

    /**
     * The delegate's capabilities, without {@link StorageCapability#LOCAL_FILES} and
     * {@link StorageCapability#CONDITIONAL_DELETE} (see above).
     */
    @Override
    public Set<StorageCapability> capabilities() {
        Set<StorageCapability> capabilities = EnumSet.noneOf(StorageCapability.class);
        capabilities.addAll(delegate.capabilities());
        capabilities.remove(StorageCapability.LOCAL_FILES);
        capabilities.remove(StorageCapability.CONDITIONAL_DELETE);
        return capabilities;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
