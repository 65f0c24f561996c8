package io.hexmirror.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.mirror.StoredMirror;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Package texts are written by whoever published the package: none of it may run, load or break a page. */
class HostileMetadataTest {
    @TempDir
    Path dir;

    FileSystemStorage storage;
    StoredMirror mirror;

    @BeforeEach
    void setUp() throws IOException {
        storage = FileSystemStorage.open(dir, false);
        mirror = new StoredMirror(storage);
    }

    private String read(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private Catalog build() throws IOException {
        mirror.write();
        Catalog catalog = Catalog.open(storage, StoredMirror.reader(), CatalogOptions.defaults());
        catalog.rebuild();
        return catalog;
    }

    @Test
    void scriptInDescriptionAndLinksIsEscapedEverywhere() throws IOException {
        mirror.release("evil", "1.0.0")
                .description("</title></p><script>alert(1)</script><img src=x onerror=alert(2)> \"quoted' & more")
                .link("<b>Home</b>", "javascript:alert(3)")
                .link("Data", "data:text/html,<script>alert(4)</script>")
                .link("Vb", "vbscript:msgbox(5)")
                .link("Tabbed", "java\tscript:alert(6)")
                .link("GitHub", "https://github.com/example/evil?a=1&b=2")
                .licenses("<i>MIT</i>")
                .add();
        mirror.release("victim", "1.0.0").description("A well-behaved package.").dep("evil", "~> 1.0", false).add();
        build();

        String page = read(CatalogLayout.packagePageKey("evil"));
        assertThat(page).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("</title></p>")
                .doesNotContain("javascript:").doesNotContain("vbscript:").doesNotContain("data:text")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("Tabbed <span class=\"muted\">(link left out: not a web address)</span>")
                .contains("&lt;b&gt;Home&lt;/b&gt;")
                .contains("&lt;i&gt;MIT&lt;/i&gt;")
                .contains("href=\"https://github.com/example/evil?a=1&amp;b=2\"");
        // Exactly one script-free page structure: the title and body are closed once.
        assertThat(page.split("</title>", -1)).hasSize(2);
        assertThat(page).doesNotContain("<script");
        for (String key : new String[] {CatalogLayout.FRONT_PAGE, CatalogLayout.listPageKey("name", 1), CatalogLayout.packagePageKey("victim")}) {
            assertThat(read(key)).doesNotContain("<script>alert").doesNotContain("<img src=x");
        }
        // The index is JSON with HTML-significant characters escaped, so it cannot end a script element either.
        assertThat(read(CatalogLayout.SEARCH_INDEX)).doesNotContain("<script").doesNotContain("</");
    }

    @Test
    void readmeHtmlAndUnsafeLinksAreRemoved() throws IOException {
        mirror.release("readme_evil", "1.0.0").description("x")
                .readme("# Title\n\n<script>alert(1)</script>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n"
                        + "[click](javascript:alert(2)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:x)\n\n"
                        + "[ok](https://hexdocs.pm/ok) ![logo](https://evil.example/track.png)\n\n"
                        + "<a href=\"javascript:alert(3)\">raw link</a>\n")
                .add();
        build();

        String page = read(CatalogLayout.packagePageKey("readme_evil"));
        String readme = page.substring(page.indexOf("<div class=\"readme\">"), page.indexOf("</div>", page.indexOf("<div class=\"readme\">")));
        assertThat(readme).contains("<h1>Title</h1>")
                .doesNotContain("<script").doesNotContain("<iframe").doesNotContain("href=\"javascript").doesNotContain("vbscript:")
                .doesNotContain("href=\"data:").doesNotContain("<img")
                .contains("&lt;script&gt;")
                .contains("<a rel=\"nofollow\">click</a>")
                .contains("<a rel=\"nofollow noopener noreferrer\" href=\"https://hexdocs.pm/ok\">ok</a>")
                .contains("[image: logo]");
    }

    @Test
    void hugeDescriptionIsCutAndInvalidUtf8IsReplaced() throws IOException {
        String huge = "word ".repeat(200_000);
        mirror.release("huge", "1.0.0").description(huge).readme("x".repeat(2 * CatalogPackage.MAX_README_CHARS)).add();
        // Raw bytes that are not UTF-8 in metadata.config (the file is then read as Latin-1, as Hex tools do).
        mirror.release("latin", "1.0.0").rawMetadata("{<<\"name\">>,<<\"latin\">>}.\n{<<\"version\">>,<<\"1.0.0\">>}.\n"
                + "{<<\"description\">>,<<\"caf\u00e9 \u00ff\u00fe bytes\">>}.\n").readme("ok").add();
        Catalog catalog = build();

        CatalogPackage pkg = catalog.get("huge").orElseThrow();
        assertThat(pkg.meta().description()).hasSizeLessThanOrEqualTo(ReleaseMeta.MAX_DESCRIPTION_CHARS + 1);
        assertThat(pkg.readme().orElseThrow()).hasSize(CatalogPackage.MAX_README_CHARS);
        assertThat(catalog.summaries().get(0).description()).hasSizeLessThanOrEqualTo(PackageSummary.MAX_DESCRIPTION_CHARS + 1);
        assertThat(read(CatalogLayout.SEARCH_INDEX).length()).isLessThan(10_000);

        CatalogPackage latin = catalog.get("latin").orElseThrow();
        assertThat(latin.meta().description()).startsWith("caf").endsWith(" bytes");
        assertThat(read(CatalogLayout.packagePageKey("latin"))).contains("bytes");
    }

    @Test
    void invalidUtf8InReadmeBecomesReplacementCharacters() throws IOException {
        assertThat(ReleaseArchive.decode(new byte[] {'o', 'k', (byte) 0xff, (byte) 0xc3})).isEqualTo("ok\uFFFD\uFFFD");
    }

    @Test
    void unreadableMetadataLeavesTheReleaseListedWithoutIt() throws IOException {
        mirror.release("broken", "1.0.0").rawMetadata("{this is not erlang").add();
        Catalog catalog = build();
        CatalogPackage broken = catalog.get("broken").orElseThrow();
        assertThat(broken.release("1.0.0").orElseThrow().meta()).isEmpty();
        assertThat(read(CatalogLayout.packagePageKey("broken"))).contains("<h1>broken");
    }
}
