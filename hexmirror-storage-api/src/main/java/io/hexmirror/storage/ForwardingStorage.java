package io.hexmirror.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@link Storage} that passes every call to another: the base of decorators that record, count or
 * fail some operations and leave the rest alone. Subclasses override what they change. Closing a
 * forwarding store does not close the store it wraps; whoever opened that one closes it.
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
    public Set<StorageCapability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
