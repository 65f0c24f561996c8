package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AsyncLogWriterTest {

    @Test
    void everyLineReachesTheSinkInOrderByTheTimeItStops() throws Exception {
        List<String> sink = new CopyOnWriteArrayList<>();
        AsyncLogWriter writer = new AsyncLogWriter(sink::add);
        writer.start();

        // More than the queue holds, so that writers also wait for room.
        List<String> lines = IntStream.range(0, 40_000).mapToObj(i -> "line " + i).toList();
        for (String line : lines) {
            writer.write(line);
        }
        writer.stop();

        assertThat(sink).containsExactlyElementsOf(lines);
    }

    @Test
    void aFailingSinkDoesNotStopLaterLines() throws Exception {
        List<String> sink = new CopyOnWriteArrayList<>();
        AsyncLogWriter writer = new AsyncLogWriter(line -> {
            if (line.equals("bad")) {
                throw new IllegalStateException("sink failure");
            }
            sink.add(line);
        });
        writer.start();

        writer.write("first");
        writer.write("bad");
        writer.write("last");
        writer.stop();

        assertThat(sink).containsExactly("first", "last");
    }
}
