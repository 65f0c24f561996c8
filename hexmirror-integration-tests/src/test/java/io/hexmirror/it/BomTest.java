package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM manages every published module, so an embedder who imports it gets aligned versions of whatever a
 * module pulls in (the server brings the docs and catalog modules, for instance). A module is published unless
 * its pom skips the Javadoc jar (the tests and benchmarks do).
 */
class BomTest {
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

    @Test
    void theBomListsEveryPublishedModule() throws IOException {
        Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
        List<String> published = new ArrayList<>();
        Matcher modules = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (modules.find()) {
            String module = modules.group(1);
            String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
            if (!module.equals("hexmirror-bom") && !pom.contains("<maven.javadoc.skip>true</maven.javadoc.skip>")) {
                published.add(module);
            }
        }
        List<String> managed = new ArrayList<>();
        Matcher artifacts = ARTIFACT.matcher(Files.readString(root.resolve("hexmirror-bom/pom.xml")));
        while (artifacts.find()) {
            managed.add(artifacts.group(1));
        }

        assertThat(published).as("published modules").contains("hexmirror-core", "hexmirror-storage-api");
        assertThat(managed).as("the artifacts hexmirror-bom/pom.xml manages").containsAll(published);
    }
}
