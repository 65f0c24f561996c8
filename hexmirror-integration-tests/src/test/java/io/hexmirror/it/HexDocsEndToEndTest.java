package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.docs.DocsPolicy;
import io.hexmirror.docs.DocsSync;
import io.hexmirror.docs.DocsSyncOptions;
import io.hexmirror.docs.DocsSyncSummary;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.testkit.clients.ClientResult;
import io.hexmirror.testkit.clients.Mix;
import io.hexmirror.testkit.clients.MixProject;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Offline HexDocs end to end, served by hexmirror and by nginx alone: real Mix fetches a docs
 * tarball with {@code mix hex.docs fetch}, and headless Chromium browses the derived tree, follows a
 * link to another package's docs, switches version and searches, with every request it makes going
 * to the mirror. Fails (does not skip) when Mix, nginx, Chromium or ChromeDriver is missing.
 */
class HexDocsEndToEndTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path tmp;

    private SyncFixture fixture;

    @BeforeEach
    void syncMirrorWithDocs() throws Exception {
        fixture = new SyncFixture(Files.createDirectories(tmp.resolve("mirror")));
        fixture.upstream.release("mime", "1.6.0").withDocs().publish();
        fixture.upstream.release("plug", "1.14.0").dependsOn("mime", "~> 1.0").withDocs().publish();
        fixture.upstream.release("plug", "1.15.0").dependsOn("mime", "~> 1.0").withDocs().publish();
        assertThat(fixture.sync().failures()).isEmpty();
        try (UpstreamClient client = UpstreamClient.builder(fixture.server.baseUri()).build()) {
            DocsSyncSummary docs = new DocsSync(client, fixture.storage, DocsSyncOptions.of(DocsPolicy.ALL)).run();
            assertThat(docs.failures()).isEmpty();
            assertThat(docs.fetched()).isEqualTo(3);
        }
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(ServedMirror.By.class)
    void mixHexDocsFetchGetsTheDocsFromTheMirror(ServedMirror.By by) throws Exception {
        Mix mix = Mix.locate();
        try (ServedMirror served = ServedMirror.start(by, fixture.mirrorDir, tmp)) {
            MixProject project = mix.project(tmp.resolve("client")).hexMirror(served.baseUri())
                    .repositoryPublicKey(fixture.upstream.publicKeyPem());

            ClientResult result = project.fetchDocs("plug", "1.14.0").requireSuccess();

            Map<String, byte[]> expected = untar(fixture.upstream.file("docs/plug-1.14.0.tar.gz").orElseThrow());
            Path docs = project.docsDir("plug", "1.14.0");
            for (Map.Entry<String, byte[]> file : expected.entrySet()) {
                assertThat(docs.resolve(file.getKey())).as(result.describe()).hasBinaryContent(file.getValue());
            }
            List<AccessLogEntry> log = served.awaitAccessLog(
                    l -> l.stream().anyMatch(e -> e.resource().equals("docs/plug-1.14.0.tar.gz")), "the docs tarball");
            assertThat(log).filteredOn(e -> e.resource().equals("docs/plug-1.14.0.tar.gz"))
                    .allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
        }
    }

    @ParameterizedTest
    @EnumSource(ServedMirror.By.class)
    void aBrowserReadsLinksSwitchesVersionAndSearchesOnlyOnTheMirror(ServedMirror.By by) throws Exception {
        assertThat(CHROMIUM).as("apt-get install -y chromium").isExecutable();
        assertThat(CHROMEDRIVER).as("apt-get install -y chromium-driver").isExecutable();
        try (ServedMirror served = ServedMirror.start(by, fixture.mirrorDir, tmp)) {
            String base = served.baseUri().toString();
            ChromeDriver browser = browser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
                // hexdocs/plug/ leads to the latest mirrored version, whose index.html leads to its main page.
                browser.get(base + "/hexdocs/plug/");
                wait.until(d -> d.getCurrentUrl().equals(base + "/hexdocs/plug/1.15.0/Plug.html"));
                screenshots(browser, by + "-plug");

                // A link in the hexdocs.pm/DEP/VSN form and one in the DEP.hexdocs.pm/VSN form, both to the mirror.
                assertThat(browser.findElement(By.cssSelector("a.dep-path")).getAttribute("href"))
                        .isEqualTo(base + "/hexdocs/mime/1.6.0/Mime.html");
                browser.findElement(By.cssSelector("a.dep-host")).click();
                wait.until(d -> d.getCurrentUrl().equals(base + "/hexdocs/mime/1.6.0/Mime.html"));
                assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Mime");
                browser.navigate().back();
                wait.until(d -> d.getCurrentUrl().endsWith("/hexdocs/plug/1.15.0/Plug.html"));

                // The version drop-down lists the mirrored versions (from the generated docs_config.js).
                Select versions = new Select(wait.until(d -> {
                    var select = d.findElement(By.id("version-select"));
                    return new Select(select).getOptions().size() == 2 ? select : null;
                }));
                assertThat(versions.getOptions()).extracting(o -> o.getText()).containsExactly("v1.15.0", "v1.14.0");
                versions.selectByVisibleText("v1.14.0");
                wait.until(d -> d.getCurrentUrl().equals(base + "/hexdocs/plug/1.14.0/Plug.html"));
                assertThat(browser.findElement(By.tagName("h1")).getText()).contains("plug v1.14.0");

                // In-package search over the search data.
                var input = browser.findElement(By.id("search-input"));
                input.sendKeys("hello");
                input.submit();
                wait.until(d -> d.getCurrentUrl().contains("/hexdocs/plug/1.14.0/search.html?q=hello"));
                var result = wait.until(d -> d.findElements(By.cssSelector("#search-results a")).stream().findFirst().orElse(null));
                assertThat(result.getText()).isEqualTo("Plug.hello/1");
                screenshots(browser, by + "-search");
                result.click();
                wait.until(d -> d.getCurrentUrl().equals(base + "/hexdocs/plug/1.14.0/Plug.html#hello/1"));

                List<String> requested = requestedUrls(browser);
                assertThat(requested).as("the browser made requests").isNotEmpty();
                // Chromium's own UI resources (chrome://, data:) never leave the browser; everything else must be the mirror.
                assertThat(requested).as("every network request goes to the mirror")
                        .allMatch(u -> u.startsWith(base + "/") || u.startsWith("chrome://") || u.startsWith("data:"));
                assertThat(requested).anyMatch(u -> u.contains("/hexdocs/_dist/app-"))
                        .anyMatch(u -> u.endsWith("/hexdocs/plug/docs_config.js"));
            } finally {
                browser.quit();
            }
            List<AccessLogEntry> log = served.awaitAccessLog(
                    l -> l.stream().anyMatch(e -> e.resource().startsWith("hexdocs/plug/1.14.0/search.html")), "the search page");
            assertThat(log).filteredOn(e -> e.resource().startsWith("hexdocs/"))
                    .allSatisfy(e -> assertThat(e.status()).isIn(200, 301, 304));
        }
    }

    private ChromeDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile"), "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Every URL the page loads asked for, from Chrome's network log. */
    private static List<String> requestedUrls(ChromeDriver browser) {
        List<String> urls = new java.util.ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            var message = com.google.gson.JsonParser.parseString(entry.getMessage()).getAsJsonObject().getAsJsonObject("message");
            if ("Network.requestWillBeSent".equals(message.get("method").getAsString())) {
                urls.add(message.getAsJsonObject("params").getAsJsonObject("request").get("url").getAsString());
            }
        }
        return urls;
    }

    /** Screenshots at a desktop and a phone width, kept under target/ for a person to look at. */
    private static void screenshots(ChromeDriver browser, String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        for (int width : new int[] {1280, 390}) {
            browser.manage().window().setSize(new Dimension(width, 900));
            Files.write(dir.resolve(name + "-" + width + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        }
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private static Map<String, byte[]> untar(byte[] tarGz) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tarGz)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isFile()) {
                    files.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        return files;
    }

}
