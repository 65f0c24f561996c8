package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.HexMirror;
import io.hexmirror.catalog.Catalog;
import io.hexmirror.cli.Main;
import io.hexmirror.docs.DocsSync;
import io.hexmirror.server.MirrorServer;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engines in {@code io.hexmirror.internal.*} and the mirror's lock ({@code MirrorLock}, which only
 * {@link HexMirror} takes) are core's business: the other published modules go through the facade and the API
 * types (see docs/architecture-notes.md). This reads the compiled classes of those modules and fails on any
 * reference to them. Tests and benchmarks may drive the engines directly and are not read.
 */
class ModuleBoundaryTest {
    /** A class name in a class file's constant pool: an internal engine, or the lock and its nested types. */
    private static final Pattern CORE_ONLY = Pattern.compile(
            "io/hexmirror/internal/[\\w/$]+|io/hexmirror/mirror/MirrorLock(?=[;$]|\\z)(\\$\\w+)?");

    @Test
    void noModuleButCoreUsesTheEnginesOrTheLock() throws Exception {
        List<String> references = new ArrayList<>();
        for (Class<?> module : List.of(Main.class, MirrorServer.class, DocsSync.class, Catalog.class,
                FakeHexRepository.class)) {
            references.addAll(coreOnlyReferences(module));
        }

        assertThat(references).as("references to core's engines or lock outside core").isEmpty();
    }

    @Test
    void theCheckSeesTheReferencesCoreMakes() throws Exception {
        // Core itself uses both: an empty answer here would mean the class files were not read.
        assertThat(coreOnlyReferences(HexMirror.class)).contains(
                "io.hexmirror.HexMirror -> io.hexmirror.internal.sync.SyncEngine",
                "io.hexmirror.HexMirror -> io.hexmirror.mirror.MirrorLock");
    }

    /** "class -> referenced class" for every core-only reference in the module (directory or jar) of {@code module}. */
    private static List<String> coreOnlyReferences(Class<?> module) throws IOException, URISyntaxException {
        Path location = Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> references = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        references.addAll(coreOnlyReferences(in));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        references.addAll(coreOnlyReferences(in));
                    }
                }
            }
        }
        return references;
    }

    /**
     * The core-only classes one class file names in its constant pool: every class it uses, and every type in its
     * fields' and methods' descriptors, appear there as UTF-8 entries (JVMS 4.4).
     */
    private static List<String> coreOnlyReferences(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.readUnsignedShort();
        String self = utf8[classNameIndex[in.readUnsignedShort()]].replace('/', '.');
        TreeSet<String> found = new TreeSet<>();
        for (String entry : utf8) {
            if (entry == null) {
                continue;
            }
            Matcher m = CORE_ONLY.matcher(entry);
            while (m.find()) {
                found.add(m.group().replace('/', '.').replace('$', '.'));
            }
        }
        return found.stream().map(target -> self + " -> " + target).toList();
    }
}
