package dev.handshakelab.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.account.Role;
import dev.handshakelab.support.TestAccounts;
import dev.handshakelab.support.Visitor;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.Browser;
import tools.jackson.databind.JsonNode;

/**
 * What every browser test class shares: one headless Chromium per class (skipped, saying why,
 * where Debian's chromium and chromium-driver are missing), the app's port and an HTTP client to
 * compare the page with what the API stored. Subclasses carry {@code @ApiTest} so all of them
 * share one cached Spring context.
 */
abstract class BrowserTestBase {

    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient client;

    @Autowired
    TestAccounts accounts;

    /** Whether this class's browser has signed in (as the account the injected client's token belongs to). */
    static boolean signedIn;

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeTrue(Browser.available(), "browser tests skipped: no " + Browser.CHROMIUM + " / " + Browser.CHROMEDRIVER
                + " (apt-get install chromium chromium-driver)");
        browser = Browser.start();
        signedIn = false;
    }

    /** The two viewports in CSS pixels; the phone is emulated as one (touch, device-width layout). */
    static final Map<String, int[]> VIEWPORTS = Map.of("desktop", new int[] {1440, 900}, "phone", new int[] {390, 844});

    /** Makes the page {@code name}'s size (a key of {@link #VIEWPORTS}) and reloads it in that layout. */
    void viewport(String name) {
        emulate(name);
        browser.driver().navigate().refresh();
    }

    private static void emulate(String name) {
        int[] size = VIEWPORTS.get(name);
        browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", size[0], "height", size[1],
                "deviceScaleFactor", 1, "mobile", name.equals("phone")));
    }

    @AfterEach
    void backToTheBrowsersOwnSize() {
        if (browser != null) {
            browser.driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /**
     * Signs the browser in as the account whose token the injected client sends, through the sign-in
     * page, so that what the page does and what the client reads are the same person's sessions.
     */
    /**
     * The size every test of a run uses: the browser's own (desktop) unless
     * {@code -Dbrowser.viewport=phone} (or another key of {@link #VIEWPORTS}) asks for another;
     * the build runs the browser tests once more as a phone (pom.xml, execution browser-phone).
     */
    static final String RUN_VIEWPORT = System.getProperty("browser.viewport", "");

    @BeforeEach
    void home() {
        if (VIEWPORTS.containsKey(RUN_VIEWPORT)) {
            emulate(RUN_VIEWPORT);
        }
        if (!signedIn && signsInAsTester()) {
            accounts.account(TestAccounts.DEFAULT_USER, Role.STUDENT);
            signIn(TestAccounts.DEFAULT_USER, TestAccounts.PASSWORD);
            signedIn = true;
        }
        browser.open("http://127.0.0.1:" + port + "/");
    }

    /** Whether each test starts signed in as the test account (a class about signing in says no). */
    boolean signsInAsTester() {
        return true;
    }

    /**
     * In a lost-SYN-ACK session: sends the student's SYN (seq 1000) and plays the clock until the
     * server has resent its SYN-ACK twice (RFC 6298 timers), then stops the clock.
     */
    void sendSynAndPlayUntilTheSecondSynAckResend() {
        browser.type("composer-seq", "1000");
        browser.byTestId("composer-send").click();
        browser.waitFor(org.openqa.selenium.By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S']"));
        // Play walks the timers: the SYN's delivery, the SYN-ACK's loss, the resends.
        browser.byTestId("clock-play").click();
        browser.waitFor(org.openqa.selenium.By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.'][data-retransmission='2']"));
        browser.byTestId("clock-stop").click();
    }

    /**
     * In an open session: a SYN (Linux preset options, seq 1000) from the composer, then the ACK the
     * composer fills in from the selected SYN-ACK (ack = its seq + 1).
     */
    void handshakeInTheComposer() {
        browser.byTestId("composer-preset-linux").click();
        org.openqa.selenium.WebElement syn = browser.byTestId("composer-flag-SYN");
        if (!syn.isSelected()) {
            syn.click();
        }
        browser.byTestId("composer-seq").sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), "1000");
        browser.byTestId("composer-send").click();
        browser.waitFor(org.openqa.selenium.By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']")).click();
        browser.byTestId("composer-fill-ack").click();
        browser.byTestId("composer-send").click();
    }

    /** A course made over the API by a new instructor, with one new student in it; names unique per call. */
    record Classroom(String suffix, String teacherName, Visitor teacher, String studentName, Visitor student, String courseId) {}

    Classroom classroom(String prefix) {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String base = "http://127.0.0.1:" + port;
        String teacherName = prefix + "-prof-" + suffix;
        String studentName = prefix + "-ada-" + suffix;
        Visitor teacher = Visitor.withToken(base, accounts.token(teacherName, Role.INSTRUCTOR));
        var course = teacher.json(teacher.post("/api/v1/courses", "{\"name\":\"Networks " + suffix + "\",\"term\":\"2027\"}"));
        Visitor student = Visitor.withToken(base, accounts.token(studentName, Role.STUDENT));
        var joined = student.post("/api/v1/courses/join", "{\"joinCode\":\"" + course.get("joinCode").asString() + "\"}");
        if (joined.statusCode() != 200) {
            throw new IllegalStateException("joining the course: " + joined.statusCode() + " " + joined.body());
        }
        return new Classroom(suffix, teacherName, teacher, studentName, student, course.get("id").asString());
    }

    void signIn(String username, String password) {
        browser.open("http://127.0.0.1:" + port + "/#/signin");
        browser.waitFor(Browser.testId("signin-username")).sendKeys(username);
        browser.byTestId("signin-password").sendKeys(password);
        browser.byTestId("signin-submit").click();
        browser.waitFor(Browser.testId("nav-signout"));
    }

    /** The first segment with these tcpdump letters the session's server sent, as the API stored it. */
    JsonNode serverSegment(String id, String letters) {
        JsonNode history = new Api(client).get("/api/v1/sessions/" + id + "/history?kind=segment-sent&host=server", 200);
        for (JsonNode e : history.get("items")) {
            if (e.get("segment").get("letters").asString().equals(letters)) {
                return e.get("segment");
            }
        }
        throw new AssertionError("no " + letters + " sent by the server in " + history);
    }
}
