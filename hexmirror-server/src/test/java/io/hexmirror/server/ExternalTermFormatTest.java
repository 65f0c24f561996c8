package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalTermFormatTest {
    @TempDir
    Path dir;

    @Test
    void writesTheTagsOfTheFormat() {
        assertThat(ExternalTermFormat.encode(null)).containsExactly(131, 119, 3, 'n', 'i', 'l');
        assertThat(ExternalTermFormat.encode(true)).containsExactly(131, 119, 4, 't', 'r', 'u', 'e');
        assertThat(ExternalTermFormat.encode(7)).containsExactly(131, 97, 7);
        assertThat(ExternalTermFormat.encode(300)).containsExactly(131, 98, 0, 0, 1, 44);
        assertThat(ExternalTermFormat.encode(-1)).containsExactly(131, 98, 255, 255, 255, 255);
        assertThat(ExternalTermFormat.encode(1L << 40)).containsExactly(131, 110, 6, 0, 0, 0, 0, 0, 0, 1);
        assertThat(ExternalTermFormat.encode(-(1L << 32))).containsExactly(131, 110, 5, 1, 0, 0, 0, 0, 1);
        assertThat(ExternalTermFormat.encode("é")).containsExactly(131, 109, 0, 0, 0, 2, 0xc3, 0xa9);
        assertThat(ExternalTermFormat.encode(List.of())).containsExactly(131, 106);
        assertThat(ExternalTermFormat.encode(List.of(1, 2))).containsExactly(131, 108, 0, 0, 0, 2, 97, 1, 97, 2, 106);
        assertThat(ExternalTermFormat.encode(Map.of("a", 1))).containsExactly(131, 116, 0, 0, 0, 1, 109, 0, 0, 0, 1, 'a', 97, 1);
        assertThat(ExternalTermFormat.encode(1.5)).containsExactly(131, 70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void refusesWhatHasNoTerm() {
        assertThatThrownBy(() -> ExternalTermFormat.encode(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExternalTermFormat.encode(Map.of(1, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys must be strings");
    }

    /** What Hex clients do with a body: {@code binary_to_term(Body, [safe])}, here in a real Erlang VM. */
    @Test
    void realErlangDecodesADocumentWithTheSafeOption() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "plug");
        doc.put("description", "Ünïcode – ✓ \"quoted\"");
        doc.put("docs_html_url", null);
        doc.put("has_docs", false);
        doc.put("downloads", Map.of());
        doc.put("count", 5_000_000_000L);
        doc.put("negative", -42);
        doc.put("releases", List.of(Map.of("version", "1.0.0"), Map.of("version", "0.9.0")));
        doc.put("licenses", List.of());
        Path file = dir.resolve("term.bin");
        Files.write(file, ExternalTermFormat.encode(doc));

        String printed = erlang("{ok, B} = file:read_file(\"" + file + "\"), T = binary_to_term(B, [safe]),"
                + " #{<<\"name\">> := <<\"plug\">>, <<\"docs_html_url\">> := nil, <<\"has_docs\">> := false,"
                + " <<\"downloads\">> := #{}, <<\"count\">> := 5000000000, <<\"negative\">> := -42,"
                + " <<\"releases\">> := [#{<<\"version\">> := <<\"1.0.0\">>}, #{<<\"version\">> := <<\"0.9.0\">>}],"
                + " <<\"licenses\">> := []} = T,"
                + " io:put_chars(maps:get(<<\"description\">>, T))");

        assertThat(printed).isEqualTo("Ünïcode – ✓ \"quoted\"");
    }

    static String erlang(String expression) throws IOException, InterruptedException {
        Path erl = Arrays.stream(System.getenv("PATH").split(File.pathSeparator)).map(d -> Path.of(d, "erl"))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("erl not found on PATH: install it with `apt-get install -y erlang-base`"
                        + " (rebar3 and elixir bring it)"));
        // A failed match must end the VM with an error rather than leave it running.
        String program = "io:setopts([{encoding, unicode}]), try " + expression + ", halt(0) catch C:R -> io:format(\"~p:~p~n\", [C, R]),"
                + " halt(1) end.";
        Process process = new ProcessBuilder(erl.toString(), "-noshell", "-eval", program)
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }
}
