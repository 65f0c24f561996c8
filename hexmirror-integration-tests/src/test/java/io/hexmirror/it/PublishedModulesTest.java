package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What every published module owes its users: a place in the BOM, so that an embedder who imports it gets
 * aligned versions of whatever a module pulls in (the server brings the docs and catalog modules, for
 * instance), and a {@code package-info.java} for every package, which the Javadoc jar shows as the package's
 * description. A module is published unless its pom skips the Javadoc jar (the tests and benchmarks do).
 */
class PublishedModulesTest {
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();

    @Test
    void theBomListsEveryPublishedModule() throws IOException {
        List<String> managed = new ArrayList<>();
        Matcher artifacts = ARTIFACT.matcher(Files.readString(ROOT.resolve("hexmirror-bom/pom.xml")));
        while (artifacts.find()) {
            managed.add(artifacts.group(1));
        }

        assertThat(managed).as("the artifacts hexmirror-bom/pom.xml manages").containsAll(publishedModules());
    }

    @Test
    void everyPackageOfAPublishedModuleHasAPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String module : publishedModules()) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            TreeSet<Path> packages = new TreeSet<>();
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> packages.add(f.getParent()));
            }
            for (Path dir : packages) {
                if (!Files.exists(dir.resolve("package-info.java"))) {
                    missing.add(ROOT.relativize(dir).toString());
                }
            }
        }

        assertThat(missing).as("packages without a package-info.java").isEmpty();
    }

    private static List<String> publishedModules() throws IOException {
        List<String> published = new ArrayList<>();
        Matcher modules = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (modules.find()) {
            String module = modules.group(1);
            String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
            if (!module.equals("hexmirror-bom") && !pom.contains("<maven.javadoc.skip>true</maven.javadoc.skip>")) {
                published.add(module);
            }
        }
        assertThat(published).as("published modules").contains("hexmirror-core", "hexmirror-storage-api", "hexmirror-cli");
        return published;
    }
}
