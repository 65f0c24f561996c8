package io.hexmirror.bench;

import io.hexmirror.testkit.clients.Nginx;
import io.hexmirror.testkit.clients.NginxServer;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The static catalog's search as a person on a plain web server meets it: nginx serves the mirror
 * directory with the configuration users are given, headless Chromium (Debian's chromium and
 * chromedriver) opens {@code browse/search.html}, loads the search index, then runs queries through
 * the page's own {@code search.js}, timed inside the page.
 */
final class InBrowserSearch {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    /** Timing of the queries in the page: parse, score and sort, as {@code search.js} does for a search. */
    private static final String RUN_QUERIES = """
            var api = window.hexmirrorSearch, queries = arguments[0], times = [];
            for (var i = 0; i < Math.min(200, queries.length); i++) {
              api.search(api.ready.packages, api.parse(queries[i], '', api.ready.index));
            }
            for (var j = 0; j < queries.length; j++) {
              var start = performance.now();
              api.search(api.ready.packages, api.parse(queries[j], '', api.ready.index));
              times.push(performance.now() - start);
            }
            return times;
            """;

    private InBrowserSearch() {
    }

    /** Prints the index's load time (page open to index ready) and the queries' median and p99. */
    static void measure(Path mirror, Path workDir, List<String> queries) throws Exception {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("Chromium or chromedriver missing: apt-get install -y chromium chromium-driver");
        }
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        try (NginxServer nginx = Nginx.locate().start(workDir.resolve("nginx"), FullSizeBenchmark.siteTemplate(), mirror)) {
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                URI page = URI.create(nginx.baseUri() + "/browse/search.html?q=" + queries.get(0).replace(' ', '+'));
                long opened = System.nanoTime();
                browser.get(page.toString());
                new WebDriverWait(browser, Duration.ofMinutes(2)).until(
                        driver -> Boolean.TRUE.equals(browser.executeScript("return !!(window.hexmirrorSearch && window.hexmirrorSearch.ready)")));
                double loadSeconds = (System.nanoTime() - opened) / 1e9;
                @SuppressWarnings("unchecked")
                List<Number> times = (List<Number>) browser.executeScript(RUN_QUERIES, queries);
                double[] millis = times.stream().mapToDouble(Number::doubleValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "in-browser search (Chromium, search.js): index loaded and prepared in %.2f s;"
                        + " %,d queries: median %.2f ms, p99 %.2f ms, max %.2f ms%n", loadSeconds, millis.length,
                        millis[millis.length / 2], millis[(int) (millis.length * 0.99)], millis[millis.length - 1]);
            } finally {
                browser.quit();
            }
        }
    }
}
