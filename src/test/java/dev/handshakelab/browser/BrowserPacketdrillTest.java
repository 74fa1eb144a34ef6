package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.handshakelab.support.ApiTest;

/**
 * The packetdrill page in real Chromium: a pasted script whose SYN-ACK window is wrong runs, and
 * the page marks the line where the run stopped with what the server really sent; the session
 * page's packetdrill link downloads what the API exports.
 */
@ApiTest
class BrowserPacketdrillTest extends BrowserTestBase {

    private static final String WRONG_WINDOW = String.join("\n",
            "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "+0 bind(3, ..., ...) = 0",
            "+0 listen(3, 8) = 0",
            "+0 < S 0:0(0) win 64240 <mss 1460,nop,nop,sackOK>",
            "+0 > S. 0:0(0) ack 1 win 12345 <mss 1460,nop,nop,sackOK>",
            "+.01 < . 1:1(0) ack 1 win 502",
            "");

    @Test
    void aPastedScriptRuns_andTheMismatchingLineIsMarked() throws Exception {
        browser.byTestId("nav-packetdrill").click();
        browser.waitFor(By.cssSelector("[data-testid='packetdrill-script']"));
        browser.type("packetdrill-script", WRONG_WINDOW);
        browser.byTestId("packetdrill-run").click();

        WebElement failed = browser.waitFor(By.cssSelector("tr[data-testid='packetdrill-failed-line']"));
        browser.screenshot("packetdrill-mismatch");
        assertThat(failed.getText()).contains("win 12345").contains("mismatch").contains("tcp_window")
                .contains("actual").contains("win 64240");
        assertThat(failed.getAttribute("data-status")).isEqualTo("mismatch");
        assertThat(browser.byTestId("packetdrill-verdict").getText()).contains("line 5");
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-status='passed']"))).hasSize(4);
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-status='not-run']"))).hasSize(1);
    }

    @Test
    void aScriptTheParserRefuses_marksItsLineToo() {
        browser.byTestId("nav-packetdrill").click();
        browser.waitFor(By.cssSelector("[data-testid='packetdrill-script']"));
        browser.type("packetdrill-script", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 frobnicate(3) = 0\n");
        browser.byTestId("packetdrill-run").click();
        WebElement failed = browser.waitFor(By.cssSelector("[data-testid='packetdrill-problem'] [data-testid='packetdrill-failed-line']"));
        assertThat(failed.getText()).startsWith("2: +0 frobnicate(3) = 0");
        assertThat(browser.byTestId("packetdrill-problem").getText()).contains("frobnicate").contains("not supported");
    }

    @Test
    void theSessionPagesPacketdrillLinkDownloadsTheExportedScript() {
        String id = browser.createFromTemplate("basic-handshake", "browser packetdrill");
        browser.byTestId("composer-preset-linux").click();
        browser.check("composer-flag-SYN", true);
        browser.byTestId("composer-send").click();
        browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']"));
        browser.byTestId("export-packetdrill").click();
        byte[] downloaded = browser.downloaded("handshake-lab-" + id + ".pkt");
        byte[] exported = client.get().uri("/api/v1/sessions/" + id + "/packetdrill").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(new String(downloaded, StandardCharsets.UTF_8)).isEqualTo(new String(exported, StandardCharsets.UTF_8)).contains("> S. 0:0(0)");
    }
}
