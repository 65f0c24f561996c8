package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.it.plugin.LauncherTestStorageProvider;
import io.hexmirror.storage.StorageProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./hexmirror} launcher loads storage plugins from jars of their own: from {@code plugins/}
 * next to it, from the directory in {@code HEXMIRROR_PLUGINS}, and from {@code HEXMIRROR_CLASSPATH}.
 * The launcher and the shaded jar are laid out in a temporary directory as in a checkout, so that
 * its {@code plugins/} directory is the test's own; the plugin jar holds one provider class and its
 * {@code META-INF/services} entry, nothing else.
 */
class PluginLauncherIT {
    private static final String TARGET = LauncherTestStorageProvider.SCHEME + "://team?greeting=bonjour";
    private static final String LOADED = "launchertest plugin loaded from its own jar says bonjour to launchertest://team";

    @TempDir
    Path dir;

    private Path launcher;
    private Path pluginJar;

    @BeforeEach
    void layOut() throws IOException {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        launcher = Files.copy(launcherScript(), checkout.resolve("hexmirror"));
        Path jarDir = Files.createDirectories(checkout.resolve("hexmirror-cli/target"));
        Files.createSymbolicLink(jarDir.resolve("hexmirror.jar"), HexmirrorProcess.jar());
        pluginJar = buildPluginJar(Files.createDirectories(dir.resolve("built")).resolve("launchertest-plugin.jar"));
    }

    @Test
    void withoutThePluginTheSchemeIsRefusedListingTheProvidersFound() throws Exception {
        Run run = run(Map.of(), "verify", TARGET);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("no storage provider for scheme 'launchertest'").contains("providers found: file, s3");
    }

    @Test
    void aPluginJarInThePluginsDirectoryNextToTheLauncherIsLoaded() throws Exception {
        Path plugins = Files.createDirectories(launcher.getParent().resolve("plugins"));
        Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()));

        Run run = run(Map.of(), "verify", TARGET);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(LOADED);
    }

    @Test
    void aPluginJarInTheDirectoryOfHexmirrorPluginsIsLoaded() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("opt plugins"));
        Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()));

        Run run = run(Map.of("HEXMIRROR_PLUGINS", plugins.toString()), "verify", TARGET);

        assertThat(run.err()).contains(LOADED);
    }

    @Test
    void aPluginJarOnHexmirrorClasspathIsLoaded() throws Exception {
        Run run = run(Map.of("HEXMIRROR_CLASSPATH", pluginJar.toString()), "verify", TARGET);

        assertThat(run.err()).contains(LOADED);
    }

    @Test
    void aPluginsDirectoryThatDoesNotExistStopsTheLauncherWithItsName() throws Exception {
        Path missing = dir.resolve("no-such-plugins");

        Run run = run(Map.of("HEXMIRROR_PLUGINS", missing.toString()), "verify", TARGET);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("HEXMIRROR_PLUGINS is '" + missing + "', which is not a directory");
    }

    /** The launcher at the root of the checkout this module is part of. */
    private static Path launcherScript() {
        Path script = Path.of(System.getProperty("hexmirror.launcher", "../hexmirror"));
        assertThat(script).as("the launcher script").isRegularFile();
        return script;
    }

    /** A jar with the provider's class file and a services file naming it, as a plugin author would build. */
    private static Path buildPluginJar(Path jar) throws IOException {
        Class<?> provider = LauncherTestStorageProvider.class;
        String classFile = provider.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(classFile));
            try (var in = provider.getClassLoader().getResourceAsStream(classFile)) {
                in.transferTo(out);
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + StorageProvider.class.getName()));
            out.write((provider.getName() + "\n").getBytes(UTF_8));
        }
        return jar;
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** Runs the launcher with {@code sh}, with the java of this test first on the PATH. */
    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("sh", launcher.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("launcher.out");
        Path err = dir.resolve("launcher.err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.remove("HEXMIRROR_PLUGINS");
        environment.remove("HEXMIRROR_CLASSPATH");
        environment.put("PATH", Path.of(HexmirrorProcess.javaExecutable()).getParent() + File.pathSeparator
                + environment.getOrDefault("PATH", "/usr/bin:/bin"));
        environment.putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not exit within 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }
}
