package io.hexmirror.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class GeneratedContentTest {

    @Test
    void theSameSeedGivesTheSameBytesWhateverTheReadSizes() throws IOException {
        byte[] inOneGo = GeneratedContent.bytes(100_000, 7);
        byte[] byteByByte = readWithChunks(new GeneratedContent(100_000, 7), 1);
        byte[] oddChunks = readWithChunks(new GeneratedContent(100_000, 7), 8191);

        assertThat(byteByByte).isEqualTo(inOneGo);
        assertThat(oddChunks).isEqualTo(inOneGo);
    }

    @Test
    void theStreamEndsAfterExactlyItsSize() throws IOException {
        try (InputStream in = new GeneratedContent(10_001, 1)) {
            assertThat(in.available()).isEqualTo(10_001);
            assertThat(in.readAllBytes()).hasSize(10_001);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
            assertThat(in.available()).isZero();
        }
        assertThat(GeneratedContent.bytes(0, 1)).isEmpty();
    }

    @Test
    void differentSeedsGiveDifferentBytes() {
        assertThat(GeneratedContent.bytes(64, 1)).isNotEqualTo(GeneratedContent.bytes(64, 2));
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThatThrownBy(() -> new GeneratedContent(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    private static byte[] readWithChunks(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk];
        if (chunk == 1) {
            for (int b; (b = in.read()) >= 0; ) {
                out.write(b);
            }
            return out.toByteArray();
        }
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
