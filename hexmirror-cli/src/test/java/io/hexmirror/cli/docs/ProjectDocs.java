package io.hexmirror.cli.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/** The project's Markdown documentation: README.md and docs/*.md, parsed, found from the module's directory. */
final class ProjectDocs {
    private ProjectDocs() {
    }

    /** One Markdown file, by its path relative to the project root, with its parsed tree. */
    record Doc(Path root, Path relativePath, Node document) {
        Path file() {
            return root.resolve(relativePath);
        }

        /** "docs/serving.md:42", for messages and test names (lines count from 1). */
        String at(int lineIndex) {
            return relativePath.toString().replace('\\', '/') + ":" + (lineIndex + 1);
        }
    }

    /** The project root: the parent of this module's directory, where README.md and docs/ live. */
    static Path projectRoot() {
        // Surefire sets basedir to the module's directory; an IDE usually runs tests from it too.
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path root = module.getParent();
        if (root == null || !Files.isRegularFile(root.resolve("README.md"))) {
            throw new IllegalStateException("no README.md in the parent of the module directory " + module);
        }
        return root;
    }

    static List<Doc> all() {
        Path root = projectRoot();
        List<Path> files = new ArrayList<>();
        files.add(Path.of("README.md"));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> list = Files.list(docs)) {
                list.filter(p -> p.getFileName().toString().endsWith(".md"))
                        .map(root::relativize)
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Doc> parsed = new ArrayList<>();
        for (Path relative : files) {
            try {
                parsed.add(new Doc(root, relative, parse(Files.readString(root.resolve(relative)))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parsed;
    }

    /** Markdown text as if it were the file {@code relativePath} of the project. */
    static Doc parse(Path relativePath, String markdown) {
        return new Doc(projectRoot(), relativePath, parse(markdown));
    }

    private static Node parse(String markdown) {
        return Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build().parse(markdown);
    }
}
