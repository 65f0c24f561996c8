package io.hexmirror.internal.transfer;

import io.hexmirror.MalformedDataException;
import io.hexmirror.transfer.BundleManifest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one manifest file in a JVM of its own, so that a test can give it a small heap: prints the
 * refusal's message and exits 2 when the manifest is refused, 0 when it is read, 3 when the heap
 * runs out.
 */
final class ManifestReadProbe {
    private ManifestReadProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            BundleManifest manifest = ManifestCodec.read(in);
            System.out.println("read " + manifest.entries().size() + " entries");
            System.exit(0);
        } catch (MalformedDataException e) {
            System.out.println(e.getMessage());
            System.exit(2);
        } catch (OutOfMemoryError e) {
            System.out.println("out of memory");
            System.exit(3);
        }
    }
}
