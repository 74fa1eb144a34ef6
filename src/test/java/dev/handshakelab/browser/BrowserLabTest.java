package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.Browser;
import tools.jackson.databind.JsonNode;

/**
 * The browser lab as a student uses it, in a real headless Chromium against the running app:
 * create a session from a template, compose a SYN with options, read the SYN-ACK in the ladder
 * and the inspector (checked against what the API stored), finish the handshake and see
 * ESTABLISHED, at the desktop size and on a phone. Screenshots of each view land in target/screenshots.
 */
@ApiTest
class BrowserLabTest extends BrowserTestBase {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"desktop", "phone"})
    void synWithOptionsThroughTheComposer_synAckInLadderAndInspectorMatchesTheApi_thenEstablished(String size) throws Exception {
        String id = browser.createFromTemplate("basic-handshake", "browser handshake " + size);
        viewport(size);
        browser.screenshot("1-session-page-" + size);

        browser.byTestId("composer-preset-linux").click();
        WebElement syn = browser.byTestId("composer-flag-SYN");
        if (!syn.isSelected()) {
            syn.click();
        }
        WebElement seq = browser.byTestId("composer-seq");
        seq.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1000");
        browser.byTestId("composer-send").click();

        WebElement synAck = browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']"));
        synAck.click();
        String shown = browser.byTestId("inspector-summary").getText();

        JsonNode stored = serverSegment(id, "S.");
        assertThat(shown).contains(stored.get("summary").asString());
        assertThat(stored.get("summary").asString()).contains("ack 1001").contains("<mss 1460,sackOK,TS val");
        assertThat(browser.byTestId("inspector-value-window").getText()).contains("65160");
        StringBuilder dumped = new StringBuilder();
        browser.byTestId("hexdump").findElements(By.cssSelector("[data-testid^='hex-byte-']")).forEach(b -> dumped.append(b.getText().trim()));
        assertThat(dumped.toString()).isEqualToIgnoringCase(stored.get("tcpHex").asString());
        browser.screenshot("2-inspector-syn-ack-" + size);

        browser.byTestId("composer-fill-ack").click();
        browser.byTestId("composer-send").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("endpoint-states"), "ESTABLISHED"));
        browser.await().until(d -> !d.findElements(By.cssSelector("[data-testid='state-node-ESTABLISHED'][data-current='true']")).isEmpty());
        browser.screenshot("3-established-" + size);

        JsonNode ack = serverStates(id);
        assertThat(ack.toString()).contains("ESTABLISHED");
    }

    @Test
    void thePcapLinkDownloadsTheSessionsCaptureAsTheApiExportsIt() {
        String id = browser.createFromTemplate("basic-handshake", "browser capture");
        browser.byTestId("composer-preset-linux").click();
        browser.check("composer-flag-SYN", true);
        browser.byTestId("composer-send").click();
        browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']")).click();
        assertThat(browser.byTestId("export-connection-pcapng").getText()).contains("10.0.0.1:");

        browser.byTestId("export-pcap").click();
        byte[] downloaded = browser.downloaded("handshake-lab-" + id + ".pcap");
        byte[] exported = client.get().uri("/api/v1/sessions/" + id + "/capture?format=pcap").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(downloaded).isEqualTo(exported);
        assertThat(downloaded.length).as("header, SYN and SYN-ACK").isGreaterThan(24 + 2 * (16 + 40));
    }

    private JsonNode serverStates(String id) {
        JsonNode snapshot = new Api(client).get("/api/v1/sessions/" + id + "/snapshot", 200);
        List<String> states = new java.util.ArrayList<>();
        snapshot.get("endpoints").forEach(e -> states.add(e.get("state").asString()));
        return Api.json().valueToTree(states);
    }
}
