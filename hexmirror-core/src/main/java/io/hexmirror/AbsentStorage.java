package io.hexmirror;

import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A mirror that does not exist yet, read as an empty one: what {@code plan} and {@code want} see of
 * a target that nobody has synced into. It holds nothing and refuses every write, so reading it can
 * never create the target.
 */
final class AbsentStorage implements Storage {
    private final String location;

    AbsentStorage(String location) {
        this.location = location;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return Optional.empty();
    }

    @Override
    public InputStream read(String key) throws IOException {
        throw new ObjectNotFoundException(key, describe());
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) throws IOException {
        throw new IOException("cannot write '" + key + "': " + location + " does not exist, and this command creates nothing");
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        return Stream.empty();
    }

    @Override
    public boolean delete(String key) {
        return false;
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return Set.of();
    }

    @Override
    public String describe() {
        return location;
    }
}
