package io.hexmirror.cli.demo;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.FakeUpstreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A fake upstream to look at the CLI by hand (progress bar, serve): {@code FakeUpstreamDemo DIR [PACKAGES]}
 * publishes PACKAGES packages of three releases each (the newest with docs) and download counts for its API
 * (at URL/api, for {@code sync --download-counts-api}), every tarball answered after a short delay so that a sync
 * takes a while, writes DIR/upstream.pem and prints the URL. Runs until killed.
 */
public final class FakeUpstreamDemo {
    private FakeUpstreamDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int packages = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        FakeHexRepository upstream = FakeHexRepository.create();
        for (int i = 0; i < packages; i++) {
            upstream.publish("pkg" + i, "1.0.0").publish("pkg" + i, "1.1.0");
            upstream.release("pkg" + i, "2.0.0").withDocs().publish();
            upstream.downloads("pkg" + i, 1_000L * (i + 1) * (i + 1), 100L * (i + 1), 10L * (i + 1), i + 1);
        }
        FakeUpstreamServer server = FakeUpstreamServer.start(upstream);
        for (int i = 0; i < packages; i++) {
            for (String version : new String[] {"1.0.0", "1.1.0", "2.0.0"}) {
                server.faults().slow("/tarballs/pkg" + i + "-" + version + ".tar", Duration.ofMillis(150));
            }
        }
        Files.writeString(dir.resolve("upstream.pem"), upstream.publicKeyPem());
        System.out.println(server.baseUri());
        Thread.currentThread().join();
    }
}
