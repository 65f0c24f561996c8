package io.hexmirror.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.MalformedDataException;
import io.hexmirror.generation.Sha256;
import io.hexmirror.transfer.BundleEntry;
import io.hexmirror.transfer.BundleManifest;
import io.hexmirror.transfer.GenerationRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {
    static final String SHA_A = Sha256.hex("a".getBytes(StandardCharsets.UTF_8));
    static final String SHA_BB = Sha256.hex("bb".getBytes(StandardCharsets.UTF_8));
    static final Instant T = Instant.parse("2025-03-04T05:06:07Z");

    static BundleManifest sample() {
        return new BundleManifest(1, "mirror-1", false, 7, Optional.of("id-7"), new GenerationRef(9, "id-9", T),
                List.of(new GenerationRef(8, "id-8", T), new GenerationRef(9, "id-9", T)), T, OptionalLong.of(1024),
                List.of(new BundleManifest.Pack("data/000001", 3)),
                List.of(BundleEntry.file("tarballs/x-1.0.0.tar", 1, SHA_A, "data/000001", 0),
                        BundleEntry.file("packages/x \"quoted\"", 2, SHA_BB, "data/000001", 1),
                        BundleEntry.removal("packages/gone")));
    }

    @Test
    void roundTripsAndPutsOneEntryOnEachLine() throws Exception {
        byte[] encoded = encode(sample());

        assertThat(ManifestCodec.read(new ByteArrayInputStream(encoded))).isEqualTo(sample());
        String json = new String(new GZIPInputStream(new ByteArrayInputStream(encoded)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(json).contains("\n{\"path\":\"tarballs/x-1.0.0.tar\",\"size\":1,\"sha256\":\"" + SHA_A
                + "\",\"member\":\"data/000001\",\"offset\":0}")
                .contains("\n{\"path\":\"packages/gone\",\"deleted\":true}")
                .contains("\"format\":\"hexmirror-bundle\"");
    }

    @Test
    void unknownFieldsAreSkipped() throws Exception {
        String json = json(sample()).replace("\"mirrorId\"", "\"comment\":{\"nested\":[1,2]},\"mirrorId\"");

        assertThat(ManifestCodec.read(gzip(json))).isEqualTo(sample());
    }

    @Test
    void aNewerFormatVersionIsRefused() throws Exception {
        String json = json(sample()).replace("\"formatVersion\":1", "\"formatVersion\":2");

        assertThatThrownBy(() -> ManifestCodec.read(gzip(json))).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("format version 2").hasMessageContaining("newer hexmirror");
    }

    @Test
    void invalidManifestsAreRefusedSayingWhy() throws Exception {
        String good = json(sample());
        assertRefused(good.replace("\"format\":\"hexmirror-bundle\"", "\"format\":\"other\""), "format is 'other'");
        assertRefused(good.replace("packages/gone", "packages/x \\\"quoted\\\""), "appears twice");
        assertRefused(good.replace("packages/gone", ".hexmirror/lock"), "reserved prefix");
        assertRefused(good.replace("\"offset\":1", "\"offset\":2"), "starts at offset 2");
        assertRefused(good.replace("\"size\":3", "\"size\":4"), "data/000001 is 4 bytes but its entries fill 3");
        assertRefused(good.replace("\"generation\":7", "\"generation\":10"), "is not below the target");
        assertRefused(good.replace("\"generation\":7", "\"generation\":9"), "is the target generation, yet the bundle brings something");
        assertRefused(good.replace("packages/gone", "../escape"), "'..' segment");
        assertRefused(good.substring(0, good.length() - 10), "bundle manifest");
        assertRefused(good.replace(SHA_A, "XYZ"), "not 64 lowercase hex digits");
    }

    @Test
    void notGzipIsRefused() {
        assertThatThrownBy(() -> ManifestCodec.read(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("damaged gzip data");
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> ManifestCodec.read(gzip(json))).as(message).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(message);
    }

    static byte[] encode(BundleManifest m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ManifestCodec.write(m, out);
        return out.toByteArray();
    }

    static String json(BundleManifest m) throws IOException {
        return new String(new GZIPInputStream(new ByteArrayInputStream(encode(m))).readAllBytes(), StandardCharsets.UTF_8);
    }

    static ByteArrayInputStream gzip(String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return new ByteArrayInputStream(out.toByteArray());
    }
}
