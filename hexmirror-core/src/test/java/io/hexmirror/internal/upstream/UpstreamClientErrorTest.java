package io.hexmirror.internal.upstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} while a body is read (the heap runs out) cancels the request, as an exception
 * does: closing the response instead would read an endless body forever. Run in a JVM of its own
 * with a small heap, so that running out of it harms no other test.
 */
class UpstreamClientErrorTest {
    @Test
    void anOutOfMemoryErrorWhileReadingCancelsTheRequest() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ErrorCancelProbe.class.getName())).redirectErrorStream(true).start();
        boolean ended = process.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);

        assertThat(ended).as("the fetch returned instead of reading on: " + output).isTrue();
        assertThat(output).contains("OutOfMemoryError while fetching").contains("request cancelled");
        assertThat(process.exitValue()).as(output).isZero();
    }
}
