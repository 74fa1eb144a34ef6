package dev.handshakelab.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its matching chromedriver, with the flags this closed
 * network needs (no background networking, no component updates) and a fresh profile. Waits are
 * WebDriver waits on conditions in the page, never sleeps.
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final Path profile;

    private Browser() throws IOException {
        profile = Files.createTempDirectory("handshake-lab-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1440,1100", "--user-data-dir=" + profile);
        // downloads land in the profile, without asking, so a test can open what a link downloaded
        options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads().toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** Whether this machine has the browser and driver; tests skip saying so when it does not. */
    public static boolean available() {
        return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    }

    public static Browser start() throws IOException {
        return new Browser();
    }

    public void open(String url) {
        driver.get(url);
    }

    /** The element with this data-testid, once it is visible. */
    public WebElement byTestId(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(testId(id)));
    }

    public static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    public WebElement waitFor(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public void waitForText(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Replaces the text of the input with this data-testid. */
    public WebElement type(String testId, String text) {
        WebElement input = byTestId(testId);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
        return input;
    }

    /** Chooses the option with this value in the select with this data-testid. */
    public void choose(String testId, String value) {
        new Select(byTestId(testId)).selectByValue(value);
    }

    /** Sets a checkbox with this data-testid to the wanted state. */
    public void check(String testId, boolean on) {
        WebElement box = byTestId(testId);
        if (box.isSelected() != on) {
            box.click();
        }
    }

    /** Scrolls the element with this data-testid to the top of the window, e.g. before a screenshot. */
    public WebElement scrollTo(String testId) {
        WebElement e = byTestId(testId);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'});", e);
        return e;
    }

    /** On the sessions page: creates a session from a template and returns its id once its page is open. */
    public String createFromTemplate(String template, String name) {
        byTestId("template-" + template).click();
        type("new-session-name", name);
        return createSession();
    }

    /** Presses "Create session" and returns the new session's id once its page is open. */
    public String createSession() {
        byTestId("create-session").click();
        wait.until(d -> d.getCurrentUrl().contains("#/sessions/"));
        String url = driver.getCurrentUrl();
        return url.substring(url.indexOf("#/sessions/") + "#/sessions/".length());
    }

    public ChromeDriver driver() {
        return driver;
    }

    private Path downloads() {
        return profile.resolve("downloads");
    }

    /** The bytes of a file the browser downloaded, once it has finished downloading it. */
    public byte[] downloaded(String fileName) {
        Path file = downloads().resolve(fileName);
        wait.until(d -> Files.isRegularFile(file) && !Files.exists(downloads().resolve(fileName + ".crdownload")));
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public WebDriverWait await() {
        return wait;
    }

    /** Saves a PNG of the page under target/screenshots. */
    public Path screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        // a run at another size (-Dbrowser.viewport, BrowserTestBase) keeps its own screenshots
        String viewport = System.getProperty("browser.viewport", "");
        Path target = dir.resolve(name + (viewport.isEmpty() ? "" : "-" + viewport) + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
