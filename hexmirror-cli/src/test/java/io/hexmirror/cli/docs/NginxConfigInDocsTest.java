package io.hexmirror.cli.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.junit.jupiter.api.Test;

/**
 * The nginx configuration in docs/serving.md is the site template the tests run nginx and rebar3
 * with (hexmirror-server's {@code nginx-site.conf}), with its placeholders filled in as a user would.
 */
class NginxConfigInDocsTest {
    private static final String TEMPLATE = "io/hexmirror/server/nginx-site.conf";

    @Test
    void theDocumentedNginxConfigurationIsTheTestedTemplate() throws IOException {
        String template;
        try (InputStream in = Objects.requireNonNull(
                getClass().getClassLoader().getResourceAsStream(TEMPLATE), TEMPLATE)) {
            template = new String(in.readAllBytes(), UTF_8);
        }
        String filledIn = template
                .replace("# Replace @LISTEN@ (e.g. 80, or 127.0.0.1:8080) and @ROOT@ (the mirror directory).",
                        "# Change the listen address and the root (the mirror directory) to yours.")
                .replace("listen @LISTEN@;", "listen 80;")
                .replace("root @ROOT@;", "root /srv/hexmirror;");

        assertThat(filledIn).doesNotContain("@LISTEN@", "@ROOT@");
        assertThat(nginxBlocks(Path.of("docs", "serving.md"))).containsExactly(filledIn);
    }

    private static List<String> nginxBlocks(Path relativePath) {
        ProjectDocs.Doc doc = ProjectDocs.all().stream()
                .filter(d -> d.relativePath().equals(relativePath))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + relativePath));
        List<String> blocks = new ArrayList<>();
        doc.document().accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                if ("nginx".equals(block.getInfo())) {
                    blocks.add(block.getLiteral());
                }
            }
        });
        return blocks;
    }
}
