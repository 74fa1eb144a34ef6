package dev.handshakelab.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.support.Browser;

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

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeTrue(Browser.available(), "browser tests skipped: no " + Browser.CHROMIUM + " / " + Browser.CHROMEDRIVER
                + " (apt-get install chromium chromium-driver)");
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @BeforeEach
    void home() {
        browser.open("http://127.0.0.1:" + port + "/");
    }
}
