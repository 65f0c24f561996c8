package io.hexmirror.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A Linux memory control group that a benchmark starts a server in, so that the server's memory,
 * its own and the page cache of the files it reads, is capped as on a machine with that much memory.
 * This is how a mirror larger than the page cache is measured on a machine whose memory would hold
 * it: the kernel charges a file's pages to the group of the process that reads them first, and
 * reclaims within the group when it is full.
 *
 * <p>Works with cgroup v2 ({@code memory.max}) and v1 ({@code memory.limit_in_bytes}), as root or
 * wherever the current group's directory is writable. A child group is made under the group this
 * JVM runs in and removed by {@link #close()} once its processes have ended.
 */
final class MemoryCgroup implements AutoCloseable {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final Path directory;
    private final boolean v2;

    private MemoryCgroup(Path directory, boolean v2) {
        this.directory = directory;
        this.v2 = v2;
    }

    /**
     * Makes a child group of the current one with this memory limit.
     *
     * @throws IOException naming the directory, when there is no memory controller or it cannot be written
     */
    static MemoryCgroup create(String name, long limitBytes) throws IOException {
        boolean v2 = Files.exists(ROOT.resolve("cgroup.controllers"));
        Path parent = v2 ? ROOT.resolve(ownGroup("")) : ROOT.resolve("memory").resolve(ownGroup("memory"));
        Path directory = parent.resolve(name);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(v2 ? "memory.max" : "memory.limit_in_bytes"), Long.toString(limitBytes),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("cannot make a memory cgroup with a limit at " + directory + " (run as root, on Linux with"
                    + " the memory controller): " + e, e);
        }
        return new MemoryCgroup(directory, v2);
    }

    /** The group this JVM is in, for the v1 controller named, or for v2 when the name is empty. */
    private static String ownGroup(String controller) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.US_ASCII)) {
            String[] fields = line.split(":", 3);
            boolean matches = controller.isEmpty() ? fields[0].equals("0") && fields[1].isEmpty()
                    : List.of(fields[1].split(",")).contains(controller);
            if (matches) {
                return fields[2].replaceFirst("^/", "");
            }
        }
        throw new IOException("no " + (controller.isEmpty() ? "cgroup v2" : controller + " cgroup") + " in /proc/self/cgroup");
    }

    /**
     * The words to put before a command so that it starts in this group: a shell that moves itself
     * into the group, then becomes the command (same pid), whose children stay in the group.
     */
    List<String> launcher() {
        return List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", directory.resolve("cgroup.procs").toString());
    }

    /** The most memory the group has used, page cache included, where the kernel reports it. */
    Optional<Long> peakBytes() {
        Path peak = directory.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes");
        try {
            return Optional.of(Long.parseLong(Files.readString(peak, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes dirty pages out and drops the clean page cache of the whole machine, so that no file a
     * server is about to read is already cached on some other group's account.
     *
     * @throws IOException when the cache cannot be dropped (not root)
     */
    static void dropPageCache() throws IOException, InterruptedException {
        Process sync = new ProcessBuilder("sync").inheritIO().start();
        if (sync.waitFor() != 0) {
            throw new IOException("sync exited with " + sync.exitValue());
        }
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "1", StandardCharsets.US_ASCII);
    }

    /** Removes the group, waiting up to 10 s for its last processes to end (the kernel refuses while any is left). */
    @Override
    public void close() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(directory);
                return;
            } catch (IOException busy) {
                if (attempt == 100) {
                    throw new IOException("cannot remove the memory cgroup " + directory + ": " + busy, busy);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while removing the memory cgroup " + directory, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
