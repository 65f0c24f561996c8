package io.hexmirror.generation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.WriteOptions;
import io.hexmirror.testkit.storage.MemoryStorage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuarantineTest {
    static final Instant SINCE = Instant.parse("2026-11-01T10:00:00Z");
    static final Instant LAST = Instant.parse("2026-12-01T10:00:00Z");

    final MemoryStorage storage = new MemoryStorage();

    @Test
    void savesAndLoadsEveryFieldWithSpacesInTheReasonAndAPackageFileEntry() throws Exception {
        QuarantinedRelease tarball = new QuarantinedRelease("plug", Optional.of("1.16.0"), "tarballs/plug-1.16.0.tar",
                "outer checksum 9f3c does not match the registry's 3466", SINCE, LAST);
        QuarantinedRelease file = new QuarantinedRelease("mime", Optional.empty(), "packages/mime",
                "signature does not verify", SINCE, SINCE);

        Quarantine.of(List.of(tarball, file)).save(storage);
        Quarantine loaded = Quarantine.load(storage);

        assertThat(loaded.entries()).containsExactly(tarball, file);
        assertThat(loaded.packages()).containsExactly("mime", "plug");
        assertThat(loaded.entriesOf("plug")).containsExactly(tarball);
        assertThat(new String(storage.read(Quarantine.KEY).readAllBytes(), UTF_8))
                .startsWith("# hexmirror: ")
                .contains("\nplug 1.16.0 2026-11-01T10:00:00Z 2026-12-01T10:00:00Z tarballs/plug-1.16.0.tar outer checksum")
                .contains("\nmime - ");
    }

    @Test
    void anEmptyRecordDeletesTheFileAndAMissingFileIsAnEmptyRecord() throws Exception {
        Quarantine.of(List.of(new QuarantinedRelease("plug", Optional.of("1.0.0"), "tarballs/plug-1.0.0.tar", "bad",
                SINCE, LAST))).save(storage);
        assertThat(storage.stat(Quarantine.KEY)).isPresent();

        Quarantine.of(List.of()).save(storage);

        assertThat(storage.stat(Quarantine.KEY)).isEmpty();
        assertThat(Quarantine.load(storage).isEmpty()).isTrue();
    }

    @Test
    void aReasonOnSeveralLinesIsKeptOnOne() {
        QuarantinedRelease entry = new QuarantinedRelease("plug", Optional.empty(), "packages/plug", "first\nsecond\r\n",
                SINCE, LAST);

        assertThat(entry.reason()).isEqualTo("first second");
    }

    @Test
    void aMalformedLineIsAnErrorNamingTheFileAndLine() throws Exception {
        write("# c\nformat=1\n\nplug 1.0.0 yesterday 2026-12-01T10:00:00Z tarballs/plug-1.0.0.tar bad\n");

        assertThatThrownBy(() -> Quarantine.load(storage)).isInstanceOf(IOException.class)
                .hasMessageContaining(Quarantine.KEY).hasMessageContaining("line 4");
    }

    @Test
    void aNewerFormatIsRefused() throws Exception {
        write("format=2\n\n");

        assertThatThrownBy(() -> Quarantine.load(storage)).isInstanceOf(IOException.class)
                .hasMessageContaining(Quarantine.KEY).hasMessageContaining("newer");
    }

    @Test
    void aFileWithoutFormatIsRefused() throws Exception {
        write("plug 1.0.0\n");

        assertThatThrownBy(() -> Quarantine.load(storage)).isInstanceOf(IOException.class).hasMessageContaining("format");
    }

    @Test
    void namesAndSubjectsWithSpacesAreRefused() {
        assertThatThrownBy(() -> new QuarantinedRelease("a b", Optional.empty(), "packages/a", "x", SINCE, LAST))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuarantinedRelease("a", Optional.of(""), "packages/a", "x", SINCE, LAST))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void write(String text) throws IOException {
        storage.write(Quarantine.KEY, text.getBytes(UTF_8), WriteOptions.defaults());
    }
}
