package io.hexmirror.internal.transfer;

import io.hexmirror.transfer.BundleManifest;
import java.nio.file.Path;
import java.util.Map;

/**
 * A bundle whose files were copied to a local directory and checked against its manifest.
 *
 * @param manifest what the bundle says about itself
 * @param files the local copy of each file the bundle carries, by path
 */
record StagedBundle(BundleManifest manifest, Map<String, Path> files) {
    StagedBundle {
        files = Map.copyOf(files);
    }
}
