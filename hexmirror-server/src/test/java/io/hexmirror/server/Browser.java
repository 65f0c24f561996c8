package io.hexmirror.server;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium driven by Debian's chromedriver, with a fresh profile, no background traffic of its
 * own, and a log of every request the pages make (so a test can check none leaves the mirror).
 * Needs {@code apt-get install -y chromium chromium-driver}.
 */
final class Browser implements AutoCloseable {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start(Path workDir, int width, int height) throws IOException {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("Chromium or chromedriver missing: apt-get install -y chromium chromium-driver");
        }
        Path profile = Files.createTempDirectory(Files.createDirectories(workDir), "chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(width, height));
        return new Browser(driver, profile);
    }

    /** Every URL the pages requested since the last call. */
    List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonObject message = JsonParser.parseString(entry.getMessage()).getAsJsonObject().getAsJsonObject("message");
            if ("Network.requestWillBeSent".equals(message.get("method").getAsString())) {
                urls.add(message.getAsJsonObject("params").getAsJsonObject("request").get("url").getAsString());
            }
        }
        return urls;
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        // The whole page, not just the window: Chromium's DevTools command sizes the capture.
        Object metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) metrics).get("cssContentSize");
        long height = Math.min(4000, ((Number) content.get("height")).longValue());
        Dimension window = driver.manage().window().getSize();
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", window.getWidth(), "height", height,
                "deviceScaleFactor", 1, "mobile", false));
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /**
     * Whether a request stays on the mirror: every network request (http, https, ws, wss) must go to the
     * mirror's origin; the browser's own pages (chrome:, about:) are no network traffic.
     */
    static boolean staysOnMirror(String url, URI base) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        boolean network = lower.startsWith("http:") || lower.startsWith("https:") || lower.startsWith("ws:") || lower.startsWith("wss:")
                || lower.startsWith("ftp:") || lower.startsWith("//");
        return !network || url.startsWith(base.getScheme() + "://" + base.getAuthority() + "/");
    }

    /** Resizes the window (and so the layout viewport). */
    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    @Override
    public void close() {
        driver.quit();
    }

    Path profile() {
        return profile;
    }
}
