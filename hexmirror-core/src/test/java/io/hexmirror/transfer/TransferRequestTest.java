package io.hexmirror.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.InvalidInputException;
import io.hexmirror.generation.Generation;
import io.hexmirror.generation.GenerationStore;
import io.hexmirror.generation.JournalEntry;
import io.hexmirror.generation.Sha256;
import io.hexmirror.internal.transfer.RequestCheck;
import io.hexmirror.selection.SelectionSyntaxException;
import io.hexmirror.testkit.storage.MemoryStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferRequestTest {
    @TempDir
    Path dir;

    final MemoryStorage mirror = new MemoryStorage();

    @Test
    void anEmptyMirrorAsksForEverything() throws Exception {
        TransferRequest request = TransferRequest.of(mirror, List.of(), List.of());

        assertThat(request.generation()).isZero();
        assertThat(request.mirrorId()).isEmpty();
        assertThat(ExportOptions.answering(request).full()).isTrue();
    }

    @Test
    void roundTripsWithItsGenerationPackagesAndLockFilesAsGiven() throws Exception {
        Generation g = new GenerationStore(mirror).commitLocal(List.of(JournalEntry.present("names", 0, Sha256.hex(new byte[0]))),
                Generation.Origin.SYNC);
        Path lock = Files.writeString(dir.resolve("mix.lock"),
                "%{\n  \"jason\": {:hex, :jason, \"1.4.1\", \"af1504e35f629ddcdd6addb3513c3853991f694921b1b9368b0bd32beb9f1b63\","
                        + " [:mix], [], \"hexpm\", \"fbb01ecdfd565b56261302f7e1fcc27c4fb8f32d56eab74db621fc154604a7a1\"},\n}\n");

        TransferRequest request = TransferRequest.of(mirror, List.of("phoenix ~> 1.7", " plug "), List.of(lock));
        request.write(dir.resolve("want.json"));
        TransferRequest read = TransferRequest.read(dir.resolve("want.json"));

        assertThat(read).isEqualTo(request);
        assertThat(read.mirrorId()).contains(g.mirrorId());
        assertThat(read.generation()).isEqualTo(1);
        assertThat(read.generationId()).contains(g.id());
        assertThat(read.packages()).containsExactly("phoenix ~> 1.7", "plug");
        assertThat(read.locks()).singleElement().satisfies(l -> assertThat(l.name()).isEqualTo("mix.lock"));
        assertThat(read.locks().get(0).parse().releases()).extracting(r -> r.name() + " " + r.version()).containsExactly("jason 1.4.1");
        assertThat(Files.readString(dir.resolve("want.json"))).contains("\"format\": \"hexmirror-request\"").contains("\"generation\": 1");
        assertThat(ExportOptions.answering(read).since()).isEqualTo(1);
    }

    @Test
    void docsOfNamedPackagesRoundTripAndAreLookedUpInTheAnsweringMirror() throws Exception {
        new GenerationStore(mirror).commitLocal(List.of(JournalEntry.present("names", 0, Sha256.hex(new byte[0]))),
                Generation.Origin.SYNC);
        TransferRequest request = TransferRequest.of(mirror, List.of(), List.of(), List.of("plug@1.14.0", " jason ", "ecto"));
        request.write(dir.resolve("want.json"));
        TransferRequest read = TransferRequest.read(dir.resolve("want.json"));

        assertThat(read).isEqualTo(request);
        assertThat(read.docs()).containsExactly("plug 1.14.0", "jason", "ecto");
        assertThat(Files.readString(dir.resolve("want.json"))).contains("\"docs\": [");

        mirror.write("docs/plug-1.14.0.tar.gz", new byte[] {1}, io.hexmirror.storage.WriteOptions.defaults());
        mirror.write("docs/jason-1.4.1.tar.gz", new byte[] {1}, io.hexmirror.storage.WriteOptions.defaults());
        mirror.write("docs/ecto_sql-3.0.0.tar.gz", new byte[] {1}, io.hexmirror.storage.WriteOptions.defaults());
        assertThat(RequestCheck.unavailable(read, mirror)).as("ecto_sql's docs are not ecto's").containsExactly("docs ecto");
    }

    @Test
    void aRequestWithoutDocsIsWrittenAsBefore() throws Exception {
        TransferRequest.of(mirror, List.of("plug"), List.of()).write(dir.resolve("want.json"));

        assertThat(Files.readString(dir.resolve("want.json"))).doesNotContain("docs");
        assertThat(TransferRequest.read(dir.resolve("want.json")).docs()).isEmpty();
    }

    @Test
    void invalidDocsAreRefused() throws Exception {
        assertThatThrownBy(() -> TransferRequest.of(mirror, List.of(), List.of(), List.of("no-dashes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("docs of 'no-dashes'");
        assertThatThrownBy(() -> TransferRequest.of(mirror, List.of(), List.of(), List.of("plug@1.x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("docs of 'plug 1.x'");
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"format\":\"hexmirror-request\",\"formatVersion\":1,"
                + "\"generation\":0,\"createdAt\":\"2025-01-02T03:04:05Z\",\"docs\":[\"../x\"]}");
        assertThatThrownBy(() -> TransferRequest.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.json is not a valid hexmirror request").hasMessageContaining("docs of '../x'");
    }

    @Test
    void invalidPackagesAndLocksAreRefused() throws Exception {
        assertThatThrownBy(() -> TransferRequest.of(mirror, List.of("no-dashes"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid package name 'no-dashes'");
        assertThatThrownBy(() -> TransferRequest.of(mirror, List.of("phoenix ~> x"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requirement for phoenix in 'phoenix ~> x'");
        Path bad = Files.writeString(dir.resolve("mix.lock"), "%{ not a lock");
        assertThatThrownBy(() -> TransferRequest.of(mirror, List.of(), List.of(bad))).isInstanceOf(SelectionSyntaxException.class);
    }

    @Test
    void aFileThatIsNotARequestIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("x.json"), "{\"format\":\"something\",\"formatVersion\":1}");
        assertThatThrownBy(() -> TransferRequest.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a hexmirror request");
        Path notJson = Files.writeString(dir.resolve("y.json"), "generation=7");
        assertThatThrownBy(() -> TransferRequest.read(notJson)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("y.json");
    }
}
