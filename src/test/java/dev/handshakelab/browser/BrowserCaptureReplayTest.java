package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.Browser;

/** The capture replay page in Chromium: upload a real Linux capture, pick a flow, read the comparison. */
@ApiTest
class BrowserCaptureReplayTest extends BrowserTestBase {

    static final Path CAPTURES = Path.of("src", "test", "resources", "captures").toAbsolutePath();

    @Test
    void uploadLoopbackCapture_replayAgainstLinux_theWindowScaleDifferenceIsHighlightedAndExplained() throws Exception {
        browser.byTestId("nav-captures").click();
        browser.byTestId("capture-file").sendKeys(CAPTURES.resolve("linux-loopback-any.pcapng").toString());
        browser.waitForText(Browser.testId("capture-summary"), "pcapng: 7 packets, 7 TCP in 1 flow");
        assertThat(browser.byTestId("flow-option").isSelected()).isTrue();
        browser.choose("replay-profile", "linux");
        browser.type("replay-mtu", "65535");
        browser.byTestId("replay-button").click();

        browser.waitForText(Browser.testId("replay-verdict"), "answers differ from the captured server's");
        WebElement synAck = browser.byTestId("answer");
        List<WebElement> differing = synAck.findElements(Browser.testId("field-diff"));
        assertThat(differing).hasSize(1);
        assertThat(differing.get(0).getText()).startsWith("wscale 10 7").contains("tcp_rmem[2] 6291456");
        assertThat(synAck.findElements(Browser.testId("field-same"))).extracting(WebElement::getText)
                .anyMatch(t -> t.startsWith("mss 65495 65495")).anyMatch(t -> t.startsWith("window 65483 65483"));
        assertThat(browser.byTestId("differences").getText()).contains("neither writes nor closes");
        browser.scrollTo("replay-report");
        browser.screenshot("capture-replay-loopback");
    }

    @Test
    void uploadVethCapture_pickTheClosedPortFlow_theKernelsRstIsTheSimulatedOne() {
        browser.open("http://127.0.0.1:" + port + "/#/captures");
        browser.byTestId("capture-file").sendKeys(CAPTURES.resolve("linux-veth.pcap").toString());
        browser.waitForText(Browser.testId("capture-summary"), "2 flows");
        List<WebElement> flows = browser.driver().findElements(Browser.testId("flow-option"));
        assertThat(flows).hasSize(2);
        flows.get(1).click();
        browser.byTestId("replay-button").click();
        browser.waitForText(Browser.testId("replay-verdict"), "The simulated linux server's answer matches the captured one.");
        assertThat(browser.byTestId("replay-report").getText()).contains("No listener on 10.99.0.2:8081").contains("flags R. R.");
    }

    @Test
    void aDamagedFile_isAnsweredWithTheRecordAndByteInTheAlert() throws Exception {
        Path damaged = java.nio.file.Files.createTempFile("damaged", ".pcap");
        byte[] file = java.nio.file.Files.readAllBytes(CAPTURES.resolve("linux-veth.pcap"));
        java.nio.file.Files.write(damaged, java.util.Arrays.copyOf(file, file.length - 10));
        browser.open("http://127.0.0.1:" + port + "/#/captures");
        browser.byTestId("capture-file").sendKeys(damaged.toString());
        browser.waitForText(Browser.testId("alerts"), "record 9 at byte");
    }
}
