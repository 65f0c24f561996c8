package io.hexmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sync writes the catalog's pages for what it changed; catalog rebuild and update do it by hand. */
class CatalogCommandTest {
    @TempDir
    Path dir;

    FakeHexRepository upstream;
    FakeUpstreamServer server;
    Path key;
    Path mirror;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeHexRepository.create();
        upstream.release("decimal", "2.1.1").description("Arbitrary precision decimal arithmetic.").publish();
        upstream.release("jason", "1.4.0").dependsOn("decimal", "~> 2.0").publish();
        server = FakeUpstreamServer.start(upstream);
        key = Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
        mirror = dir.resolve("mirror");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun sync() {
        return CliRun.of("sync", "--upstream", server.baseUri().toString(), "--upstream-key", key.toString(), mirror.toString());
    }

    @Test
    void syncWritesThePagesOfWhatChanged() throws Exception {
        CliRun sync = sync();
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("catalog updated: 2 packages read");
        assertThat(mirror.resolve("index.html")).content().contains("<strong>2</strong> packages")
                .contains("mirrored from <code>" + server.baseUri());
        assertThat(mirror.resolve("browse/packages/decimal.html")).content().contains("Arbitrary precision decimal arithmetic.")
                .contains("<a href=\"jason.html\">jason</a>");

        upstream.release("decimal", "2.2.0").description("Now faster.").publish();
        CliRun again = sync();
        assertThat(again.out()).contains("catalog updated: 1 packages read");
        assertThat(mirror.resolve("browse/packages/decimal.html")).content().contains("Now faster.");
    }

    @Test
    void rebuildAndUpdate() throws Exception {
        assertThat(sync().exitCode()).isZero();
        catalogFilesWrittenBeforeTheIndex();
        Files.delete(mirror.resolve("browse/packages/jason.html"));

        CliRun rebuild = CliRun.of("catalog", "rebuild", "--upstream-key", key.toString(), "--mirror-url", "http://hex.internal",
                mirror.toString());
        assertThat(rebuild.exitCode()).as(rebuild.err()).isZero();
        assertThat(rebuild.out()).contains("catalog rebuilt: 2 packages read, 0 removed, 1 pages written");
        assertThat(mirror.resolve("browse/packages/jason.html")).exists();
        assertThat(mirror.resolve("index.html")).content().contains("export HEX_MIRROR_URL=http://hex.internal");

        CliRun update = CliRun.of("catalog", "update", "--upstream-key", key.toString(), mirror.toString());
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(update.out()).contains("catalog: up to date");
    }

    /**
     * Stamps the catalog's files a second before its index, as the clock has them a while after the sync: a rebuild
     * rewrites a file last changed in the index's own tick of the file system's clock, not known to be durable.
     */
    private void catalogFilesWrittenBeforeTheIndex() throws Exception {
        Path index = mirror.resolve("catalog/index.json");
        FileTime before = FileTime.from(Files.getLastModifiedTime(index).toInstant().minusSeconds(1));
        for (String dir : new String[] {"catalog", "browse"}) {
            try (Stream<Path> files = Files.walk(mirror.resolve(dir))) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.equals(index)).toList()) {
                    Files.setLastModifiedTime(file, before);
                }
            }
        }
    }
}
