package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.handshakelab.core.wire.Ipv6HeaderField;
import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.Browser;
import tools.jackson.databind.JsonNode;

/**
 * The IPv6 lab as a student uses it, in a real headless Chromium: choose IPv6 in the new-session
 * form, send the Linux preset SYN (MSS 1440 over IPv6), read the SYN-ACK's IPv6 header field by
 * field and byte by byte in the inspector (checked against the bytes the API stored), its MSS
 * 1440 and the TCP checksum over the pseudo-header, then finish the handshake.
 */
@ApiTest
class BrowserIpv6LabTest extends BrowserTestBase {

    @Test
    void ipv6ChosenInTheForm_wholeHandshake_synAcksIpv6HeaderInTheInspector() throws Exception {
        browser.byTestId("template-basic-handshake").click();
        browser.byTestId("new-session-ipv6").click();
        assertThat(browser.byTestId("new-session-server-address").getAttribute("value")).isEqualTo("2001:db8::2");
        assertThat(browser.byTestId("new-session-client-address").getAttribute("value")).isEqualTo("2001:db8::1");
        browser.type("new-session-name", "browser ipv6");
        String id = browser.createSession();
        JsonNode session = new Api(client).get("/api/v1/sessions/" + id, 200);
        assertThat(session.get("server").get("address").asString()).isEqualTo("2001:db8::2");

        // the page writes the server's host:port as the API does, the IPv6 address in brackets
        assertThat(browser.byTestId("session-meta").getText()).contains("server [2001:db8::2]:80");
        browser.byTestId("composer-preset-linux").click();
        browser.check("composer-flag-SYN", true);
        WebElement seq = browser.byTestId("composer-seq");
        seq.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1000");
        browser.byTestId("composer-send").click();

        browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']")).click();
        JsonNode stored = serverSegment(id, "S.");
        assertThat(browser.byTestId("inspector-summary").getText()).contains("[2001:db8::2]:80 → [2001:db8::1]:40000")
                .contains(stored.get("summary").asString());
        assertThat(browser.byTestId("inspector-value-opt-0").getText()).isEqualTo("mss 1440");

        // the IPv6 header, opened from its summary line
        browser.waitFor(By.cssSelector("[data-testid='inspector-ip'] > summary")).click();
        byte[] ip = HexFormat.of().parseHex(stored.get("ipHex").asString());
        assertThat(browser.byTestId("inspector-ip").getAttribute("data-version")).isEqualTo("6");
        assertThat(value("ip-version")).isEqualTo("6");
        assertThat(value("ip-ecn")).isEqualTo("0 (Not-ECT)");
        assertThat(value("ip-flow")).isEqualTo(String.format("0x%05x", Ipv6HeaderField.FLOW_LABEL.read(ip, 0)));
        assertThat(value("ip-payload")).isEqualTo(String.valueOf(ip.length - 40));
        assertThat(value("ip-next")).isEqualTo("6 (TCP)");
        assertThat(value("ip-hop")).isEqualTo("64");
        assertThat(value("ip-src")).isEqualTo("2001:db8::2");
        assertThat(value("ip-dst")).isEqualTo("2001:db8::1");
        assertThat(browser.byTestId("inspector-where-ip-src").getText()).startsWith("bytes 8–23");

        // its 40 bytes, 8 to a line: each address takes two whole lines
        StringBuilder dumped = new StringBuilder();
        browser.byTestId("ip-hexdump").findElements(By.cssSelector("[data-testid^='ip-byte-']")).forEach(b -> dumped.append(b.getText().trim()));
        assertThat(dumped.toString()).isEqualToIgnoringCase(HexFormat.of().formatHex(ip, 0, 40));
        assertThat(browser.byTestId("ip-hexdump-offset-8").getText()).isEqualTo("0x0008 (8)");
        assertThat(browser.byTestId("ip-byte-8").getAttribute("data-fields")).isEqualTo("ip-src");
        assertThat(browser.byTestId("inspector-pseudo-checksum").getText())
                .contains("carried " + stored.get("checksum").asString()).contains("✔");
        browser.scrollTo("inspector-ip-fields");
        browser.screenshot("ipv6-inspector-syn-ack");

        browser.byTestId("composer-fill-ack").click();
        assertThat(browser.byTestId("composer-from-address").getAttribute("value")).isEqualTo("2001:db8::1");
        browser.byTestId("composer-send").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("endpoint-states"), "ESTABLISHED"));
        JsonNode snapshot = new Api(client).get("/api/v1/sessions/" + id + "/snapshot", 200);
        assertThat(snapshot.toString()).contains("ESTABLISHED").contains("[2001:db8::1]:40000");
    }

    private String value(String field) {
        return browser.byTestId("inspector-value-" + field).getText();
    }

    /** The flood form in an IPv6 session: it proposes an IPv6 /64 and the flood runs from it, charted as over IPv4. */
    @Test
    void synFloodWithCookiesInAnIpv6Session_fromTheFormsIpv6Prefix() throws Exception {
        browser.byTestId("template-syn-flood-cookies").click();
        browser.byTestId("new-session-ipv6").click();
        browser.type("new-session-name", "browser ipv6 flood");
        String id = browser.createSession();
        assertThat(browser.byTestId("flood-cidr").getAttribute("value")).isEqualTo("2001:db8:5::/64");
        browser.type("flood-syns", "5000");
        browser.type("flood-ratePerSecond", "5000");
        browser.type("flood-clients", "20");
        browser.byTestId("flood-start").click();

        browser.byTestId("flood-result");
        JsonNode series = new Api(client).get("/api/v1/sessions/" + id + "/flood/series", 200);
        JsonNode totals = series.get("totals");
        assertThat(totals.get("cookiesSent").asLong()).isPositive();
        assertThat(browser.byTestId("flood-totals").getText())
                .contains(totals.get("synsReceived").asLong() + " SYNs received")
                .contains("20 of 20 legitimate connections completed");
        assertThat(browser.byTestId("flood-notes").getText()).contains("from 2001:db8:5::/64");
        assertThat(browser.byTestId("flood-memory-basis").getText()).contains("128 bytes");
        browser.scrollTo("flood");
        browser.screenshot("ipv6-flood-series");
    }
}
