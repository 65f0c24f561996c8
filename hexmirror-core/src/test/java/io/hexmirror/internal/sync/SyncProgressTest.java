package io.hexmirror.internal.sync;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.testkit.storage.MemoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The resume record of a full sync: saved in parts of bounded size, read whole on resume. */
class SyncProgressTest {
    private static final Optional<byte[]> MIRROR_NAMES = Optional.of("the mirror's /names".getBytes(UTF_8));

    private final MemoryStorage storage = new MemoryStorage();
    private final UpstreamIndexes upstream = upstream(IntStream.range(0, 260).mapToObj(SyncProgressTest::name).toList(), "1.0.0");

    @Test
    void eachSaveWritesOnlyThePackagesFinishedSinceTheLastOne() throws IOException {
        SyncProgress progress = SyncProgress.load(storage, MIRROR_NAMES);
        for (int i = 0; i < 120; i++) {
            progress.record(storage, name(i), upstream);
        }
        progress.save(storage);

        List<String> parts = keys(SyncProgress.PARTS);
        assertThat(parts).hasSize(3);
        // A baseline line and at most one save's packages: the same size at the end of a long sync as at its start.
        assertThat(parts).allSatisfy(part -> assertThat(lines(part)).hasSizeLessThanOrEqualTo(1 + SyncProgress.SAVE_EVERY));
        assertThat(lines(parts.get(2))).hasSize(1 + 20);

        SyncProgress resumed = SyncProgress.load(storage, MIRROR_NAMES);
        assertThat(IntStream.range(0, 120).filter(i -> resumed.finished(name(i), upstream))).hasSize(120);
        assertThat(resumed.finished(name(120), upstream)).isFalse();
    }

    @Test
    void aResumedSyncAddsPartsAfterTheOnesItRead() throws IOException {
        SyncProgress first = SyncProgress.load(storage, MIRROR_NAMES);
        for (int i = 0; i < 60; i++) {
            first.record(storage, name(i), upstream);
        }
        // Stopped here: the last 10 were not saved.
        SyncProgress second = SyncProgress.load(storage, MIRROR_NAMES);
        for (int i = 60; i < 130; i++) {
            second.record(storage, name(i), upstream);
        }
        second.save(storage);

        SyncProgress third = SyncProgress.load(storage, MIRROR_NAMES);
        assertThat(IntStream.range(0, 130).filter(i -> !third.finished(name(i), upstream)))
                .as("not recorded").containsExactlyElementsOf(IntStream.range(50, 60).boxed().toList());
        assertThat(keys(SyncProgress.PARTS)).hasSize(3);
    }

    @Test
    void aPackageThatChangedUpstreamSinceItWasRecordedIsNotFinished() throws IOException {
        SyncProgress progress = SyncProgress.load(storage, MIRROR_NAMES);
        progress.record(storage, name(1), upstream);
        progress.record(storage, name(2), upstream);
        progress.save(storage);

        UpstreamIndexes later = upstream(List.of(name(1), name(2)), "1.1.0");
        SyncProgress resumed = SyncProgress.load(storage, MIRROR_NAMES);
        assertThat(resumed.finished(name(1), upstream)).isTrue();
        assertThat(resumed.finished(name(1), later)).isFalse();
    }

    @Test
    void aRecordMadeFromOtherMirrorIndexesIsIgnored() throws IOException {
        SyncProgress progress = SyncProgress.load(storage, MIRROR_NAMES);
        progress.record(storage, name(1), upstream);
        progress.save(storage);

        SyncProgress afterAnImport = SyncProgress.load(storage, Optional.of("newer /names".getBytes(UTF_8)));
        assertThat(afterAnImport.finished(name(1), upstream)).isFalse();
    }

    @Test
    void theSingleFileOfAnOlderHexmirrorIsReadAndItsPackagesMovedIntoAPart() throws IOException {
        SyncProgress progress = SyncProgress.load(storage, MIRROR_NAMES);
        progress.record(storage, name(1), upstream);
        progress.record(storage, name(2), upstream);
        progress.save(storage);
        // The same lines as one file where an older hexmirror kept them.
        String part = keys(SyncProgress.PARTS).get(0);
        storage.write(SyncProgress.SINGLE_FILE, String.join("\n", lines(part)).getBytes(UTF_8), WriteOptions.defaults());
        storage.delete(part);

        SyncProgress resumed = SyncProgress.load(storage, MIRROR_NAMES);
        assertThat(resumed.finished(name(1), upstream)).isTrue();
        assertThat(storage.stat(SyncProgress.SINGLE_FILE)).isEmpty();
        resumed.save(storage);
        assertThat(SyncProgress.load(storage, MIRROR_NAMES).finished(name(2), upstream)).isTrue();
    }

    @Test
    void clearingRemovesEveryPart() throws IOException {
        SyncProgress progress = SyncProgress.load(storage, MIRROR_NAMES);
        for (int i = 0; i < 120; i++) {
            progress.record(storage, name(i), upstream);
        }
        progress.save(storage);

        SyncProgress.clear(storage);

        assertThat(keys(SyncProgress.PARTS)).isEmpty();
        assertThat(SyncProgress.load(storage, MIRROR_NAMES).finished(name(1), upstream)).isFalse();
    }

    private static UpstreamIndexes upstream(List<String> names, String version) {
        Map<String, NamesPackage> n = new HashMap<>();
        Map<String, VersionsPackage> v = new HashMap<>();
        for (String name : names) {
            n.put(name, NamesPackage.newBuilder().setName(name).build());
            v.put(name, VersionsPackage.newBuilder().setName(name).addVersions(version).build());
        }
        return new UpstreamIndexes(n, v);
    }

    private static String name(int i) {
        return String.format("pkg_%03d", i);
    }

    private List<String> keys(String prefix) throws IOException {
        try (Stream<ObjectInfo> listing = storage.list(prefix)) {
            return listing.map(ObjectInfo::key).toList();
        }
    }

    private List<String> lines(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return List.of(new String(in.readAllBytes(), UTF_8).split("\n"));
        }
    }
}
