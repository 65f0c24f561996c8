package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MirrorServerBuilderTest {
    @TempDir
    Path dir;

    private MirrorServer.Builder builder() throws Exception {
        return MirrorServer.builder(MirrorFixture.create(dir).storage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hex", "/hex", "hex/", "/hex/", "//hex//"})
    void prefixIsNormalised(String prefix) throws Exception {
        MirrorServer server = builder().pathPrefix(prefix).port(0).accessLog(null).build();
        server.start();
        try {
            assertThat(server.uri().getPath()).isEqualTo("/hex/");
        } finally {
            server.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "../x", "x/..", ".", "a%2fb", "a?b", "é"})
    void unsafePrefixesAreRefused(String prefix) {
        assertThatThrownBy(() -> builder().pathPrefix(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path prefix '" + prefix + "'");
    }

    @Test
    void badSettingsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> builder().port(70000)).hasMessage("port must be between 0 and 65535: 70000");
        assertThatThrownBy(() -> builder().syncJob(() -> SyncOutcome.of(""), Duration.ZERO)).hasMessage("sync interval must be positive: PT0S");
        assertThatThrownBy(() -> builder().maxThreads(2)).hasMessage("maxThreads must be at least 8: 2");
    }

    @Test
    void uriNeedsAStartedServer() throws Exception {
        MirrorServer server = builder().port(0).build();

        assertThatThrownBy(server::uri).isInstanceOf(IllegalStateException.class).hasMessage("server not started");
    }
}
