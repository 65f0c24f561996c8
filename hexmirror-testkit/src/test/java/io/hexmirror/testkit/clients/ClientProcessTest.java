package io.hexmirror.testkit.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientProcessTest {
    @TempDir
    Path tmp;

    @Test
    void aTimedOutClientIsKilledWithTheProcessesItStarted() throws Exception {
        // Like rebar3's and mix's scripts, which start an Erlang VM: the script waits for a child.
        Path pidFile = tmp.resolve("child.pid");
        List<String> command = List.of("sh", "-c", "sleep 60 & echo $! > " + pidFile + "; echo started; wait");

        ClientResult result = ClientProcess.run(command, tmp, name -> false, Map.of(), tmp.resolve("run.log"),
                Duration.ofSeconds(2)); // time enough for the script to start its child on a busy machine

        assertThat(result.timedOut()).isTrue();
        assertThat(result.output()).contains("started");
        long child = Long.parseLong(Files.readString(pidFile, UTF_8).strip());
        // SIGKILL was sent; the kernel may take a moment to reap the child.
        ProcessHandle.of(child).ifPresent(h -> h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join());
        Optional<ProcessHandle> survivor = ProcessHandle.of(child).filter(ProcessHandle::isAlive);
        survivor.ifPresent(ProcessHandle::destroyForcibly);
        assertThat(survivor).as("the script's child, process %d", child).isEmpty();
    }

    @Test
    void inheritedVariablesAreDroppedAndTheGivenOnesSet() throws Exception {
        assertThat(System.getenv("PATH")).as("this test's own environment").isNotNull();

        ClientResult result = ClientProcess.run(List.of("/usr/bin/env"), tmp, "PATH"::equals, Map.of("HOME", "/nowhere"),
                tmp.resolve("run.log"), Duration.ofSeconds(30));

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.output().lines()).contains("HOME=/nowhere").noneMatch(line -> line.startsWith("PATH="));
        assertThat(result.logFile()).hasContent(result.output());
    }
}
