package io.hexmirror.example;

import io.hexmirror.HexMirror;
import io.hexmirror.MirrorOptions;
import java.nio.file.Path;

public final class SyncAndVerify {
    public static boolean run(Path directory, MirrorOptions options) throws Exception {
        try (HexMirror mirror = HexMirror.open(directory, options)) {
            boolean synced = mirror.sync().succeeded();
            boolean sound = mirror.verify().sound();
            System.out.println(mirror.describe() + (synced && sound ? ": up to date and sound" : ": needs attention"));
            return synced && sound;
        }
    }
}
