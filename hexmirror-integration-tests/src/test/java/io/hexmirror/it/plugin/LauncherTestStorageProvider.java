package io.hexmirror.it.plugin;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageProvider;
import io.hexmirror.storage.config.ProviderOptions;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * A provider that {@code PluginLauncherIT} packs into a plugin jar of its own (it is not registered
 * on this module's class path). Opening a store answers with a message that proves the plugin was
 * loaded and given the target and its options.
 */
public final class LauncherTestStorageProvider implements StorageProvider {
    public static final String SCHEME = "launchertest";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Storage open(URI uri, Map<String, String> options) {
        String greeting = ProviderOptions.of("launchertest storage", options, Set.of("greeting"), Set.of())
                .string("greeting").orElse("hello");
        throw new IllegalArgumentException("launchertest plugin loaded from its own jar says " + greeting + " to " + uri);
    }
}
