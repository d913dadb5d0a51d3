package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver, on a fresh profile, for the
 * browser tests of the web page. It remembers every URL the page requested (from Chrome's
 * performance log: the DevTools {@code Network.requestWillBeSent} events) and every message the page
 * logged, so a test can prove that nothing came from another origin and nothing broke the page's
 * Content-Security-Policy.
 *
 * <p>The driver and browser paths are given explicitly, so Selenium Manager never runs and nothing
 * is downloaded; when either is missing the test fails and says how to install them.
 */
final class CounterBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * Selenium looks for DevTools bindings of the browser's exact version and warns when it has none;
     * these tests read Chrome's performance log instead and need none. Held here because the JDK
     * keeps loggers only weakly, and their level with them.
     */
    private static final java.util.logging.Logger DEVTOOLS_LOG = quiet("org.openqa.selenium.devtools");

    /** How long one step of a flow may take in the browser (an OCR or a B-LTA signature included). */
    static final Duration STEP = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final String origin;
    private final Path downloads;
    private final List<String> requested = new ArrayList<>();
    private final List<String> console = new ArrayList<>();

    /**
     * Starts the browser.
     *
     * @param origin the service, e.g. {@code http://127.0.0.1:41234}
     * @param workDir a fresh folder for the profile and the downloads
     * @param width the window's width (a 10-inch tablet: 1280 x 800 or 800 x 1280)
     */
    CounterBrowser(String origin, Path workDir, int width, int height) throws IOException {
        assertThat(CHROMIUM)
                .as("Chromium is needed by the web page tests: install chromium and chromium-driver"
                        + " (scripts/install-deps.sh)")
                .isExecutable();
        assertThat(CHROMEDRIVER)
                .as("chromedriver is needed by the web page tests: install chromium-driver (scripts/install-deps.sh)")
                .isExecutable();
        this.origin = origin;
        this.downloads = Files.createDirectories(workDir.resolve("downloads"));
        Path profile = Files.createDirectories(workDir.resolve("profile"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-default-apps",
                "--no-first-run",
                "--no-default-browser-check",
                "--lang=vi",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory",
                        downloads.toString(),
                        "download.prompt_for_download",
                        false,
                        "profile.default_content_setting_values.automatic_downloads",
                        1,
                        "safebrowsing.enabled",
                        false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        viewport(width, height);
        driver.manage().timeouts().scriptTimeout(STEP);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** Sizes the window so that the page itself (the viewport) is width x height CSS pixels. */
    private void viewport(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        Object inner = ((JavascriptExecutor) driver).executeScript("return [window.innerWidth, window.innerHeight]");
        List<?> size = (List<?>) inner;
        int dw = width - ((Number) size.get(0)).intValue();
        int dh = height - ((Number) size.get(1)).intValue();
        if (dw != 0 || dh != 0) {
            driver.manage().window().setSize(new Dimension(width + dw, height + dh));
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * Opens the page. What the browser loaded before (its own start page) is not the page's doing,
     * so the logs start here.
     */
    void open() {
        driver.manage().logs().get(LogType.PERFORMANCE);
        driver.manage().logs().get(LogType.BROWSER);
        driver.get(origin + "/");
        waitFor(By.id("api-key"));
    }

    /** Opens the page and signs in with an API key; waits until the role is shown. */
    void signIn(String apiKey) {
        open();
        driver.findElement(By.id("api-key")).sendKeys(apiKey);
        driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        wait(STEP).until(ExpectedConditions.visibilityOfElementLocated(By.id("role-name")));
    }

    WebElement waitFor(By by) {
        return wait(STEP).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    WebElement waitVisible(By by) {
        return wait(STEP).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebDriverWait wait(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    /** Gives a file to a file input, hidden or not. */
    void upload(String inputId, Path... files) {
        driver.findElement(By.id(inputId))
                .sendKeys(String.join(
                        "\n",
                        Stream.of(files).map(p -> p.toAbsolutePath().toString()).toList()));
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Waits for a finished download whose name ends with the suffix, and answers its path. */
    Path downloaded(String suffix) {
        return wait(STEP).until(d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                        .filter(p -> p.toFile().length() > 0)
                        .findFirst()
                        .orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Scrolls an element to the top of the window, then writes a screenshot (see {@link #screenshot}). */
    Path screenshot(String name, By showing) throws IOException {
        script("arguments[0].scrollIntoView({block: 'start'})", driver.findElement(showing));
        return screenshot(name);
    }

    /** Writes a screenshot of the window to {@code target/screenshots/NAME.png}. */
    Path screenshot(String name) throws IOException {
        Path out = Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png");
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        return Files.copy(shot.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every URL the page requested so far (navigations, scripts, styles, images, fetches). */
    List<String> requestedUrls() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            JsonObject message = new JsonObject(entry.getMessage()).getJsonObject("message");
            if ("Network.requestWillBeSent".equals(message.getString("method"))) {
                requested.add(
                        message.getJsonObject("params").getJsonObject("request").getString("url"));
            }
        }
        return List.copyOf(requested);
    }

    /** The messages the page wrote to its console so far, CSP violations included. */
    List<String> consoleMessages() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER).getAll()) {
            console.add(entry.getLevel() + " " + entry.getMessage());
        }
        return List.copyOf(console);
    }

    /**
     * Checks that the page asked nothing of any origin but the service's (data: and blob: URLs it
     * made itself aside), that it did ask the service (so the check cannot pass on an empty log), and
     * that no Content-Security-Policy violation was logged.
     */
    void assertOnlyTheServiceWasAsked() {
        List<String> urls = requestedUrls();
        assertThat(urls).as("the page's requests").contains(origin + "/");
        assertThat(urls).as("the page's requests").anyMatch(u -> u.startsWith(origin + "/v1/"));
        assertThat(urls)
                .as("requests to another origin than the service's")
                .allMatch(u ->
                        u.startsWith(origin + "/") || u.startsWith("data:") || u.startsWith("blob:" + origin + "/"));
        assertThat(consoleMessages())
                .as("Content-Security-Policy violations")
                .noneMatch(m -> m.contains("Content Security Policy"));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
