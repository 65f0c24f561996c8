package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.catalog.Catalog;
import io.hexmirror.catalog.CatalogOptions;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.clients.Nginx;
import io.hexmirror.testkit.clients.NginxServer;
import io.hexmirror.testkit.mirror.RealisticPackages;
import io.hexmirror.testkit.mirror.StoredMirror;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person in headless Chromium uses the catalog of a realistic mirror, served as plain files by nginx
 * (search runs in the browser, from the static index) and by {@code hexmirror serve} (search runs on
 * the server): search, open a package, follow a dependency, on a laptop-wide and a phone-wide window,
 * and no request ever leaves the mirror. Also runs the search-ranking table in the browser.
 * Needs nginx, chromium and chromium-driver.
 */
class WebBrowserTest {
    @TempDir
    static Path dir;

    static NginxServer nginx;
    static MirrorServer server;
    static Path screenshots;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Path root = dir.resolve("mirror");
        FileSystemStorage storage = FileSystemStorage.open(root, false);
        RealisticPackages.write(storage);
        // Mirrored docs for one release, as the docs work lays them out.
        storage.write("hexdocs/jason/1.4.1/index.html", "<!doctype html><title>jason docs</title><h1>Jason docs</h1>"
                .getBytes(StandardCharsets.UTF_8), WriteOptions.defaults());
        Catalog.open(storage, StoredMirror.reader(), CatalogOptions.defaults().withUpstream("https://repo.hex.pm")).rebuild();

        String site;
        try (InputStream in = Objects.requireNonNull(MirrorServer.class.getResourceAsStream("nginx-site.conf"), "nginx-site.conf")) {
            site = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        nginx = Nginx.locate().start(dir.resolve("nginx"), site, root);
        server = MirrorServer.builder(storage).port(0).build();
        server.start();
        screenshots = Path.of("target", "screenshots");
        // One browser for all tests: starting Chromium is the slow part.
        browser = Browser.start(dir.resolve("browser"), 1280, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> servedAndWidths() {
        return Stream.of(
                Arguments.of("nginx", 1280, 900), Arguments.of("nginx", 390, 844),
                Arguments.of("serve", 1280, 900), Arguments.of("serve", 390, 844));
    }

    private static URI base(String how) {
        return how.equals("nginx") ? URI.create(nginx.baseUri() + "/") : URI.create(server.uri().toString().replaceAll("/?$", "/"));
    }

    @ParameterizedTest(name = "{0} at {1} px")
    @MethodSource("servedAndWidths")
    void searchOpenAPackageAndFollowADependency(String how, int width, int height) throws Exception {
        URI base = base(how);
        browser.requestedUrls();
        browser.resize(width, height);
        {
            var driver = browser.driver;
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(base.toString());
            assertThat(driver.getTitle()).isEqualTo("Hex mirror");
            assertThat(driver.findElement(By.cssSelector(".facts")).getText()).contains("packages").contains("releases");
            assertFitsWidth(driver, width);
            if (width == 1280) {
                browser.screenshot(screenshots.resolve(how + "-front-" + width + ".png"));
            }

            WebElement box = driver.findElement(By.cssSelector("form.search input[name=q]"));
            box.sendKeys("http client", Keys.ENTER);
            wait.until(d -> d.findElements(By.cssSelector("#results li a.name")).size() > 0);
            List<String> found = driver.findElements(By.cssSelector("#results li a.name")).stream().map(WebElement::getText).toList();
            assertThat(found).first().isEqualTo("httpoison");
            assertThat(found).contains("finch", "mint", "req", "tesla", "hackney");
            assertThat(driver.findElement(By.id("status")).getText()).contains("packages found");
            assertFitsWidth(driver, width);
            browser.screenshot(screenshots.resolve(how + "-search-" + width + ".png"));

            driver.findElement(By.linkText("httpoison")).click();
            wait.until(d -> d.getTitle().startsWith("httpoison"));
            assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith("httpoison");
            assertThat(driver.findElement(By.cssSelector("pre.copy")).getText()).isEqualTo("{:httpoison, \"~> 2.2\"}");
            assertFitsWidth(driver, width);
            browser.screenshot(screenshots.resolve(how + "-package-" + width + ".png"));

            WebElement dependency = driver.findElement(By.cssSelector("ul.deps a"));
            assertThat(dependency.getText()).isEqualTo("hackney");
            dependency.click();
            wait.until(d -> d.getCurrentUrl().endsWith("/browse/packages/hackney.html"));
            assertThat(driver.getTitle()).startsWith("hackney");
            assertThat(driver.findElement(By.cssSelector("p.description")).getText()).isEqualTo("Simple HTTP client.");
            assertThat(driver.findElement(By.cssSelector(".dependents")).getText()).contains("httpoison", "tesla");

            // Docs mirrored for jason: its page links to them, and the same server serves them.
            driver.get(base.resolve("browse/packages/jason.html").toString());
            WebElement docsLink = driver.findElement(By.linkText("Documentation for 1.4.1"));
            assertThat(docsLink.getAttribute("href")).isEqualTo(base.resolve("hexdocs/jason/1.4.1/index.html").toString());
            docsLink.click();
            wait.until(d -> d.getCurrentUrl().endsWith("/hexdocs/jason/1.4.1/index.html"));
            assertThat(driver.getTitle()).isEqualTo("jason docs");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Jason docs");

            assertThat(browser.requestedUrls()).isNotEmpty().allSatisfy(url -> assertThat(Browser.staysOnMirror(url, base))
                    .as("request to %s stays on %s", url, base).isTrue());
        }
    }

    static Stream<Arguments> rankingOnBothServers() {
        return Stream.of(Arguments.of("nginx"), Arguments.of("serve"));
    }

    /** The ranking table, as a person's browser sees it: by the static index with nginx, by the server with serve. */
    @ParameterizedTest(name = "ranking table through {0}")
    @MethodSource("rankingOnBothServers")
    void rankingTableInTheBrowser(String how) throws Exception {
        URI base = base(how);
        browser.requestedUrls();
        browser.resize(1280, 900);
        {
            var driver = browser.driver;
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            for (String[] row : RealisticPackages.RANKING) {
                driver.get(base.resolve("browse/search.html?q=" + URLEncoder.encode(row[0], StandardCharsets.UTF_8)).toString());
                wait.until(d -> d.findElement(By.id("status")).getText().contains("found"));
                List<WebElement> first = driver.findElements(By.cssSelector("#results li a.name"));
                assertThat(first).as("results for '%s'", row[0]).isNotEmpty();
                assertThat(first.get(0).getText()).as("first result for '%s'", row[0]).isEqualTo(row[1]);
            }
            assertThat(browser.requestedUrls()).allSatisfy(url -> assertThat(Browser.staysOnMirror(url, base)).as(url).isTrue());
        }
    }

    private static void assertFitsWidth(org.openqa.selenium.WebDriver driver, int width) {
        Object overflow = ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow at %d px", width).isLessThanOrEqualTo(0);
    }
}
