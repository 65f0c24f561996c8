package io.hexmirror.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.junit.jupiter.api.Test;

/** Every relative link in README.md and docs/*.md leads to a file of the project, and to a heading in it. */
class DocumentationLinksTest {
    /**
     * Guides that other branches bring: linked already, allowed to be absent until those branches
     * are merged. Empty while every linked guide is in; remove each entry once its file is in.
     */
    private static final Set<String> ARRIVING = Set.of();

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingOfTheProject() {
        List<ProjectDocs.Doc> docs = ProjectDocs.all();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (ProjectDocs.Doc doc : docs) {
            anchors.put(doc.file().normalize(), headingAnchors(doc.document()));
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (ProjectDocs.Doc doc : docs) {
            for (LinkAt link : relativeLinks(doc)) {
                checked++;
                String problem = problemWith(doc, link.destination(), anchors);
                if (problem != null) {
                    broken.add(link.at() + ": " + link.destination() + ": " + problem);
                }
            }
        }

        assertThat(broken).as("broken links").isEmpty();
        assertThat(checked).as("relative links checked").isPositive();
    }

    @Test
    void anchorsAreTheOnesGitHubMakesFromHeadings() {
        ProjectDocs.Doc doc = ProjectDocs.parse(Path.of("x.md"), """
                # Serving the mirror
                ## `hexmirror serve`
                ## Mix (Hex)
                ## Mix (Hex)
                ## Verifying without downloading: `--trust-stored-checksums`
                """);

        assertThat(headingAnchors(doc.document())).containsExactlyInAnyOrder(
                "serving-the-mirror", "hexmirror-serve", "mix-hex", "mix-hex-1",
                "verifying-without-downloading---trust-stored-checksums");
    }

    private static String problemWith(ProjectDocs.Doc doc, String destination, Map<Path, Set<String>> anchors) {
        int hash = destination.indexOf('#');
        String path = hash < 0 ? destination : destination.substring(0, hash);
        String fragment = hash < 0 ? null : destination.substring(hash + 1);
        Path target = path.isEmpty() ? doc.file() : doc.file().getParent().resolve(path).normalize();
        String fromRoot = doc.root().relativize(target).toString().replace('\\', '/');
        if (ARRIVING.contains(fromRoot)) {
            return null;
        }
        if (!target.startsWith(doc.root())) {
            return "leads out of the project";
        }
        if (!Files.exists(target)) {
            return "no such file " + fromRoot;
        }
        if (fragment != null && !fragment.isEmpty()) {
            Set<String> known = anchors.get(target);
            if (known == null) {
                return "an anchor into a file that is not Markdown documentation";
            }
            if (!known.contains(fragment)) {
                return "no heading with anchor #" + fragment + " in " + fromRoot;
            }
        }
        return null;
    }

    record LinkAt(String at, String destination) {
    }

    private static List<LinkAt> relativeLinks(ProjectDocs.Doc doc) {
        List<LinkAt> links = new ArrayList<>();
        doc.document().accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                add(link, link.getDestination());
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                add(image, image.getDestination());
            }

            private void add(Node node, String destination) {
                if (URI.create(destination.replace(" ", "%20")).getScheme() == null) {
                    int line = node.getSourceSpans().isEmpty() ? 0 : node.getSourceSpans().get(0).getLineIndex();
                    links.add(new LinkAt(doc.at(line), destination));
                }
            }
        });
        return links;
    }

    /** The anchors GitHub gives the headings: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
    static Set<String> headingAnchors(Node document) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                StringBuilder text = new StringBuilder();
                heading.accept(new AbstractVisitor() {
                    @Override
                    public void visit(Text t) {
                        text.append(t.getLiteral());
                    }

                    @Override
                    public void visit(Code code) {
                        text.append(code.getLiteral());
                    }
                });
                String slug = text.toString().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                        .replace(' ', '-');
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        });
        return anchors;
    }
}
