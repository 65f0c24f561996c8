package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What {@link LinkRewriter} rewrites and what it leaves, case by case, and that it rewrites every page
 * exactly as the regular expression it replaced ({@link RegexLinkRewriter}) did: the same bytes and the same
 * links collected, over ExDoc-shaped pages, tricky markup and random fragments, at several depths.
 */
class LinkRewriterTest {
    private static final MirroredDocs DOCS = MirroredDocs.of(List.of(new DocsRelease("mime", "1.5.0"),
            new DocsRelease("mime", "1.6.0"), new DocsRelease("mime", "2.0.0-rc.1"), new DocsRelease("plug", "1.0.0"),
            new DocsRelease("elixir", "1.15.0"), new DocsRelease("www", "1.0.0"), new DocsRelease("telemetry", "1.2.1")));
    private static final List<String> PAGE_PATHS = List.of("index.html", "Mime.html", "guides/intro.html", "a/b/c.html",
            "dist/page.html", "distx/page.html", "docs_config.js/page.html", "x/dist/y/page.html");

    private static String rewrite(String pagePath, String html, boolean sharedDist) {
        return new String(new LinkRewriter(DOCS, sharedDist).rewrite(pagePath, html.getBytes(ISO_8859_1)), ISO_8859_1);
    }

    @Test
    void rewritesQuotedHrefAndSrcInAnyCaseAndSpacing() {
        assertThat(rewrite("index.html", "<a href=\"dist/app.js\">", true)).isEqualTo("<a href=\"../../_dist/app.js\">");
        assertThat(rewrite("index.html", "<a href='dist/app.js'>", true)).isEqualTo("<a href='../../_dist/app.js'>");
        assertThat(rewrite("index.html", "<script SRC = \"docs_config.js\">", true)).isEqualTo("<script SRC = \"../docs_config.js\">");
        assertThat(rewrite("guides/intro.html", "<a\n\tHrEf=\n'../dist/app.js?v=1&amp;x#top'>", true))
                .isEqualTo("<a\n\tHrEf=\n'../../../_dist/app.js?v=1&amp;x#top'>");
        assertThat(rewrite("index.html", "<a href=\"dist/app.js\">", false)).as("dist/ not shared").isEqualTo("<a href=\"dist/app.js\">");
    }

    @Test
    void leavesWhatTheRegularExpressionNeverMatched() {
        for (String html : List.of("<a href=dist/app.js>", "<a/href=\"dist/app.js\">", "<a data-href=\"dist/app.js\">",
                "<img srcset=\"dist/a.png 1x\">", "<a href=\"it's/dist/app.js\">", "<a href=\"dist/<b>.js\">",
                "<a\u00a0href=\"dist/app.js\">", "<a\u001chref=\"dist/app.js\">", "href=\"dist/app.js\"", "<a href=\"dist/app.js",
                "<a href=\"dist/app.js' src='x'>", "<a href=\"#dist/app.js\">", "<a href=\"/dist/app.js\">",
                "<a href=\"javascript:dist/app.js\">", "<a href=\"../dist/app.js\">", "<a href=\"https://hexdocs.pm.evil/mime/\">")) {
            assertThat(rewrite("index.html", html, true)).as(html).isEqualTo(html);
        }
    }

    @Test
    void rewritesLinksInCommentsAndScriptsAsAnywhereElse() {
        assertThat(rewrite("index.html", "<!-- <a href=\"dist/app.js\"> --><script>x = ' src=\"docs_config.js\"'</script>", true))
                .isEqualTo("<!-- <a href=\"../../_dist/app.js\"> --><script>x = ' src=\"../docs_config.js\"'</script>");
    }

    @Test
    void hexdocsLinksLeadToMirroredDocsAndAreCollected() {
        LinkRewriter rewriter = new LinkRewriter(DOCS, true);
        String html = "<a href=\"https://hexdocs.pm/mime/1.6.0/Mime.html#t:t/0\"><a href=\"https://mime.hexdocs.pm/9.9.9/\">"
                + "<a href=\"//hexdocs.pm/jason/1.4.0/Jason.html\"><a href=\"HTTPS://HEXDOCS.PM/plug\">";

        String out = new String(rewriter.rewrite("guides/intro.html", html.getBytes(ISO_8859_1)), ISO_8859_1);

        assertThat(out).isEqualTo("<a href=\"../../../mime/1.6.0/Mime.html#t:t/0\"><a href=\"../../../mime/1.6.0/\">"
                + "<a href=\"//hexdocs.pm/jason/1.4.0/Jason.html\"><a href=\"../../../plug/1.0.0/\">");
        assertThat(rewriter.links()).extracting(DocsLinks.Link::dep).containsExactlyInAnyOrder("mime", "mime", "jason", "plug");
    }

    @Test
    void aPageWithNothingToRewriteIsReturnedAsItIs() {
        byte[] page = "<p>caf\u00e9 <a href=\"#top\">top</a> <a href=\"https://example.com/\">x</a></p>".getBytes(UTF_8);

        assertThat(new LinkRewriter(DOCS, true).rewrite("index.html", page)).isSameAs(page);
    }

    @Test
    void keepsEveryByteOutsideTheRewrittenValues() {
        byte[] page = new byte[256 + 30];
        for (int i = 0; i < 256; i++) {
            page[i] = (byte) i;
        }
        System.arraycopy(" src='dist/app.js'>".getBytes(ISO_8859_1), 0, page, 256, 19);

        byte[] out = new LinkRewriter(DOCS, true).rewrite("index.html", page);

        assertThat(new String(out, ISO_8859_1)).startsWith(new String(page, 0, 256, ISO_8859_1))
                .endsWith(" src='../../_dist/app.js'>" + new String(new byte[11], ISO_8859_1));
    }

    @Test
    void rewritesExactlyAsTheRegularExpressionDid() {
        SplittableRandom random = new SplittableRandom(23);
        List<byte[]> pages = new ArrayList<>();
        pages.add(ExDocPages.tricky());
        pages.add(ExDocPages.modulePage("plug", "1.0.0", "Plug", 40, random));
        pages.add(ExDocPages.modulePage("mime", "1.6.0", "Mime", 3, random));
        for (String tricky : ExDocPages.TRICKY) {
            pages.add(tricky.getBytes(ISO_8859_1));
        }
        for (int i = 0; i < 3000; i++) {
            pages.add(ExDocPages.fuzz(random, 1 + random.nextInt(60)));
        }
        int rewritten = 0;
        for (boolean sharedDist : new boolean[] {true, false}) {
            for (String pagePath : PAGE_PATHS) {
                LinkRewriter rewriter = new LinkRewriter(DOCS, sharedDist);
                RegexLinkRewriter reference = new RegexLinkRewriter(DOCS, sharedDist);
                for (byte[] page : pages) {
                    String expected = reference.rewrite(pagePath, new String(page, ISO_8859_1));
                    byte[] out = rewriter.rewrite(pagePath, page.clone());
                    assertThat(new String(out, ISO_8859_1)).as("%s (shared dist: %s): %s", pagePath, sharedDist,
                            new String(page, ISO_8859_1)).isEqualTo(expected);
                    rewritten += expected.equals(new String(page, ISO_8859_1)) ? 0 : 1;
                }
                assertThat(rewriter.links()).isEqualTo(reference.links());
            }
        }
        assertThat(rewritten).as("pages changed by the rewriting").isGreaterThan(1000);
    }
}
