package io.hexmirror.internal.transfer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.generation.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forged manifest cannot exhaust the heap of the importing JVM: each is read in a JVM of its own
 * with {@value #HEAP}, as a small machine would run an import.
 */
class ManifestLimitsTest {
    static final String HEAP = "-Xmx256m";
    static final String SHA = Sha256.hex(new byte[0]);

    @TempDir
    Path dir;

    @Test
    void millionsOfEntriesAreRefusedWithinASmallHeap() throws Exception {
        Path manifest = write(dir.resolve("millions.json.gz"), 2_000_000, "", "", 1, 0);

        Probe probe = probe(manifest);

        assertThat(probe.output()).contains("bundle manifest: lists more than " + ManifestCodec.MAX_ENTRIES + " entries");
        assertThat(probe.exitCode()).as(probe.output()).isEqualTo(2);
    }

    @Test
    void aManifestAtTheBoundIsReadWithinTheSameHeap() throws Exception {
        Path manifest = write(dir.resolve("bound.json.gz"), ManifestCodec.MAX_ENTRIES, "", "", 1, 0);

        Probe probe = probe(manifest);

        assertThat(probe.output()).contains("read " + ManifestCodec.MAX_ENTRIES + " entries");
        assertThat(probe.exitCode()).isZero();
    }

    @Test
    void oneHugeValueIsRefusedWithinASmallHeap() throws Exception {
        Path manifest = write(dir.resolve("huge-value.json.gz"), 1, "x".repeat(1 << 20).repeat(400), "", 1, 0);

        Probe probe = probe(manifest);

        assertThat(probe.output()).contains("bundle manifest: holds a value longer than " + ManifestCodec.MAX_TOKEN_CHARS);
        assertThat(probe.exitCode()).isEqualTo(2);
    }

    @Test
    void manyValuesJustUnderTheBoundOnOneAreRefusedWithinASmallHeap() throws Exception {
        // 12,000 paths of 60,000 characters each: 720 MB of text, within the bound on a manifest's inflated size.
        Path manifest = write(dir.resolve("long-paths.json.gz"), 12_000, "", "p".repeat(60_000), 1, 0);

        Probe probe = probe(manifest);

        assertThat(probe.output()).contains("bundle manifest: holds more than " + ManifestCodec.MAX_KEPT_BYTES + " bytes of text");
        assertThat(probe.exitCode()).as(probe.output()).isEqualTo(2);
    }

    @Test
    void oneHugeValueOfJsonPunctuationIsRefusedWithinASmallHeap() throws Exception {
        // Commas and brackets inside a string are text like any other, not places where a value ends.
        Path manifest = write(dir.resolve("huge-path.json.gz"), 1, "", "x,[{:".repeat(1 << 20), 80, 0);

        Probe probe = probe(manifest);

        assertThat(probe.output()).contains("bundle manifest: holds a value longer than " + ManifestCodec.MAX_TOKEN_CHARS);
        assertThat(probe.exitCode()).as(probe.output()).isEqualTo(2);
    }

    @Test
    void millionsOfGenerationsAreRefusedWithinASmallHeap() throws Exception {
        Path manifest = write(dir.resolve("generations.json.gz"), 1, "", "", 1, 3_000_000);

        Probe probe = probe(manifest);

        assertThat(probe.output()).contains("bundle manifest: lists more than " + ManifestCodec.MAX_GENERATIONS + " generations");
        assertThat(probe.exitCode()).as(probe.output()).isEqualTo(2);
    }

    /**
     * A manifest with {@code entries} empty files in one empty pack, each path with {@code pathPadding} in it
     * {@code repeats} times, and
     * {@code generations} generations; {@code comment} goes in an unknown field.
     */
    private static Path write(Path file, int entries, String comment, String pathPadding, int repeats,
            int generations) throws IOException {
        try (OutputStream out = new FastGzipOutputStream(Files.newOutputStream(file));
                Writer json = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, UTF_8), 1 << 16)) {
            json.write("{\"format\":\"hexmirror-bundle\",\"formatVersion\":1,\"mirrorId\":\"m\",\"full\":true,"
                    + "\"comment\":\"" + comment + "\","
                    + "\"base\":{\"generation\":0},\"target\":{\"generation\":1,\"id\":\"g\",\"createdAt\":\"2025-01-01T00:00:00Z\"},"
                    + "\"generations\":[");
            for (int i = 0; i < generations; i++) {
                json.write((i == 0 ? "" : ",") + "\n{\"generation\":" + (i + 1) + ",\"id\":\"g" + i
                        + "\",\"createdAt\":\"2025-01-01T00:00:00Z\"}");
            }
            json.write("],\"createdAt\":\"2025-01-01T00:00:00Z\","
                    + "\"packs\":[{\"member\":\"data/000001\",\"size\":0}],\"entries\":[");
            for (int i = 0; i < entries; i++) {
                json.write((i == 0 ? "" : ",") + "\n{\"path\":\"tarballs/p");
                for (int r = 0; r < repeats; r++) {
                    json.write(pathPadding);
                }
                json.write(i + "-1.0.0.tar\",\"size\":0,\"sha256\":\"" + SHA + "\",\"member\":\"data/000001\",\"offset\":0}");
            }
            json.write("]}\n");
        }
        return file;
    }

    /** Gzip at the fastest level: some forged manifests inflate to hundreds of MB, and only that size matters. */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(java.util.zip.Deflater.BEST_SPEED);
        }
    }

    record Probe(int exitCode, String output) {
    }

    private Probe probe(Path manifest) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, HEAP, "-cp", System.getProperty("java.class.path"),
                ManifestReadProbe.class.getName(), manifest.toString())).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Probe(process.exitValue(), output);
    }
}
