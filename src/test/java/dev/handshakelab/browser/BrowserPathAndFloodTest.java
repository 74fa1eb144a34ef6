package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.Browser;
import tools.jackson.databind.JsonNode;

/**
 * The failure and flood labs in a real headless Chromium: a lost SYN-ACK retransmitted on the
 * server's timer (RFC 6298 §2.1 initial RTO 1 s, doubled per RFC 6298 §5.5), a SYN flood against
 * a server with syncookies and one of its cookies opened up, and a simultaneous open (RFC 9293
 * Figure 8) crafted through the composer's address fields on a path built in the path editor.
 * Every check reads data attributes or text the page shows and compares it with what the API
 * stored; screenshots land in target/screenshots.
 */
@ApiTest
class BrowserPathAndFloodTest extends BrowserTestBase {

    @Test
    void lostSynAck_serverResendsOneAndThreeSecondsAfterTheFirst_inLadderAndTimeline() throws Exception {
        browser.byTestId("template-lost-syn-ack").click();
        assertThat(browser.byTestId("template-path-back").getText()).contains("server → [synack-loss] → [link] → client");
        String id = browser.createFromTemplate("lost-syn-ack", "lost SYN-ACK in the browser");
        assertThat(browser.byTestId("session-path-forward").getText()).contains("client → [link] → server");
        assertThat(browser.byTestId("session-path").getText()).contains("synack-loss: loses the 1st of SYN-ACKs").contains("link: delays 10 ms");

        sendSynAndPlayUntilTheSecondSynAckResend();

        List<WebElement> synAcks = browser.driver().findElements(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']"));
        WebElement first = synAcks.get(0);
        assertThat(first.getAttribute("data-retransmission")).isEqualTo("0");
        assertThat(first.getAttribute("data-dropped")).isEqualTo("true");
        assertThat(first.getAttribute("data-drop-where")).contains("synack-loss");
        long firstAt = Long.parseLong(first.getAttribute("data-sent-micros"));
        assertThat(firstAt).isEqualTo(10_000); // the SYN crossed the 10 ms link first
        assertThat(sentMicros(synAcks, "1") - firstAt).isEqualTo(1_000_000);
        assertThat(sentMicros(synAcks, "2") - firstAt).isEqualTo(3_000_000);
        browser.driver().findElements(By.cssSelector("[data-testid='ladder-retx-mark']")).forEach(m -> assertThat(m.getText()).contains("retransmission #"));
        browser.scrollTo("ladder");
        browser.screenshot("path-1-lost-syn-ack-ladder");

        String connection = "10.0.0.1:40000-10.0.0.2:80";
        browser.waitFor(By.cssSelector("[data-testid='timeline'][data-connection='" + connection + "'] li[data-kind='retransmission'][data-retransmission='2']"));
        List<WebElement> resends = browser.driver().findElements(By.cssSelector("[data-testid='timeline'] li[data-kind='retransmission']"));
        assertThat(resends).extracting(e -> e.getAttribute("data-at-micros")).startsWith("1010000", "3010000");
        assertThat(resends).extracting(e -> e.getAttribute("data-rto-micros")).startsWith("1000000", "2000000");
        assertThat(resends).extracting(e -> e.getAttribute("data-gap-micros")).startsWith("1000000", "2000000");
        assertThat(resends.get(0).getText()).contains("1.010 s: server resends S. (retransmission 1, 1 s after the previous send; its RTO of 1 s expired)");
        WebElement drop = browser.waitFor(By.cssSelector("[data-testid='timeline'] li[data-kind='drop'][data-host='synack-loss']"));
        assertThat(drop.getAttribute("data-at-micros")).isEqualTo("10000");
        assertThat(drop.getText()).contains("loses SYN-ACK number 1");
        assertThat(browser.byTestId("connection-outcome-" + connection).getAttribute("data-outcome")).isEqualTo("pending");

        // The plot shows what the API's timeline holds, entry for entry (once the last step's refresh is in).
        browser.await().until(d -> shownTimeline().equals(storedTimeline(id, connection)));
        assertThat(shownTimeline()).contains("retransmission@1010000", "retransmission@3010000", "drop@10000");
        browser.scrollTo("timeline");
        browser.screenshot("path-2-lost-syn-ack-timeline");
    }

    @Test
    void synFloodWithCookies_seriesCharted_andALegitimateClientsCookieOpened() throws Exception {
        String id = browser.createFromTemplate("syn-flood-cookies", "flood in the browser");
        browser.type("flood-syns", "5000");
        browser.type("flood-ratePerSecond", "5000");
        browser.type("flood-clients", "20");
        browser.byTestId("flood-start").click();

        WebElement result = browser.byTestId("flood-result");
        WebElement flood = browser.byTestId("flood");
        JsonNode series = new Api(client).get("/api/v1/sessions/" + id + "/flood/series", 200);
        JsonNode totals = series.get("totals");
        assertThat(flood.getAttribute("data-buckets")).isEqualTo(String.valueOf(series.get("series").size()));
        assertThat(browser.byTestId("flood-totals").getText())
                .contains(totals.get("synsReceived").asLong() + " SYNs received")
                .contains(totals.get("cookiesSent").asLong() + " of them cookies")
                .contains("20 of 20 legitimate connections completed");
        assertThat(totals.get("cookiesSent").asLong()).isPositive();
        assertThat(Long.parseLong(result.getAttribute("data-event-count"))).isPositive().isLessThan(5000);
        assertThat(browser.byTestId("flood-notes").getText()).contains("The history keeps every event of the legitimate clients");
        assertThat(browser.byTestId("flood-memory-basis").getText()).contains(series.get("bytesPerHalfOpenEntry").asInt() + " bytes");
        for (String chart : List.of("flood-queues", "flood-rates", "flood-answers", "flood-legit", "flood-latency", "flood-memory")) {
            WebElement figure = browser.byTestId(chart);
            assertThat(figure.getAttribute("data-points")).isEqualTo(String.valueOf(series.get("series").size()));
            browser.await().until(d -> !figure.findElements(By.cssSelector(".recharts-line path")).isEmpty());
        }
        browser.scrollTo("flood");
        browser.screenshot("flood-1-series");

        // A legitimate client's SYN-ACK that followed a cookie-issued event: open its cookie.
        long synAck = lastLegitimateCookieSynAck(id);
        By row = Browser.testId("ladder-segment-" + synAck);
        while (browser.driver().findElements(row).isEmpty()) {
            browser.byTestId("ladder-show-earlier").click();
        }
        browser.driver().findElement(row).click();
        browser.byTestId("cookie-open").click();
        WebElement panel = browser.byTestId("cookie-panel");
        JsonNode inspected = new Api(client).post("/api/v1/sessions/" + id + "/cookies/inspect", java.util.Map.of("eventIndex", synAck), 200);
        assertThat(panel.getAttribute("data-hash-check")).isEqualTo("true");
        assertThat(panel.getAttribute("data-mss")).isEqualTo(inspected.get("cookie").get("mss").asString());
        assertThat(browser.byTestId("cookie-part-value").getText()).contains(inspected.get("cookie").get("hex").asString());
        assertThat(browser.byTestId("cookie-part-mss").getText()).contains("→ MSS " + inspected.get("cookie").get("mss").asInt());
        assertThat(browser.byTestId("cookie-ts-wire").getText()).contains(inspected.get("timestamps").get("wireLowBits").asString());
        assertThat(browser.byTestId("cookie-ts-decoded").getText()).contains(inspected.get("timestamps").get("decodedLowBits").asString());

        browser.byTestId("cookie-ack-check").click();
        browser.await().until(ExpectedConditions.attributeToBe(Browser.testId("cookie-verdict"), "data-valid", "true"));
        browser.scrollTo("cookie-panel");
        browser.screenshot("flood-2-cookie-valid");
        long ack = Long.parseLong(browser.byTestId("cookie-ack-ack").getAttribute("value"));
        browser.type("cookie-ack-ack", String.valueOf(ack + 1));
        browser.byTestId("cookie-ack-check").click();
        browser.await().until(ExpectedConditions.attributeToBe(Browser.testId("cookie-verdict"), "data-valid", "false"));
        assertThat(browser.byTestId("cookie-verdict").getText()).contains("fails the hash check");
        browser.screenshot("flood-3-cookie-forged-ack");
    }

    @Test
    void simultaneousOpen_crossingSynFromTheServersAddress_onAPathBuiltInTheEditor() throws Exception {
        browser.byTestId("template-scratch").click();
        browser.type("new-session-name", "simultaneous open in the browser");
        // Two loss boxes on the forward route: the client's first SYN, and every SYN-ACK it sends.
        browser.choose("path-add-type", "loss");
        browser.byTestId("path-add").click();
        browser.check("box-0-match-flag-SYN", true);
        browser.type("box-0-nth", "1");
        browser.byTestId("path-add").click();
        browser.check("box-1-match-flag-SYN", true);
        browser.check("box-1-match-flag-ACK", true);
        browser.choose("box-1-by", "all");
        browser.type("box-1-id", "synacks");
        browser.choose("route-forward-pick", "loss");
        browser.byTestId("route-forward-add").click();
        browser.byTestId("route-forward-add").click();
        assertThat(browser.byTestId("route-forward-words").getText()).isEqualTo("client → [loss] → [synacks] → server");
        browser.screenshot("simopen-1-path-editor");
        String id = browser.createSession();
        assertThat(browser.byTestId("session-path-forward").getText()).contains("client → [loss] → [synacks] → server");
        JsonNode path = new Api(client).get("/api/v1/sessions/" + id, 200).get("path");
        assertThat(path.get("forward").toString()).isEqualTo("[\"loss\",\"synacks\"]");
        assertThat(path.get("middleboxes").get(1).get("match").get("flags").toString()).isEqualTo("[\"SYN\",\"ACK\"]");

        browser.type("connect-port", "40000");
        browser.byTestId("connect-send").click();
        browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S'][data-dropped='true']"));

        // The crossing SYN: from the server's address and port to the client's.
        browser.byTestId("composer-swap").click();
        assertThat(browser.byTestId("composer-from-address").getAttribute("value")).isEqualTo("10.0.0.2");
        assertThat(browser.byTestId("composer-from-port").getAttribute("value")).isEqualTo("80");
        assertThat(browser.byTestId("composer-to-address").getAttribute("value")).isEqualTo("10.0.0.1");
        assertThat(browser.byTestId("composer-to-port").getAttribute("value")).isEqualTo("40000");
        browser.type("composer-seq", "5000");
        browser.byTestId("composer-send").click();
        browser.waitForText(Browser.testId("endpoint-states"), "SYN_RECEIVED");
        WebElement clientSynAck = browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.'][data-sender='client']"));
        assertThat(clientSynAck.getAttribute("data-dropped")).isEqualTo("true");

        // Its SYN-ACK was lost, so the "server" side acknowledges the client's ISN by hand.
        long clientIsn = clientSyn(id).get("seq").asLong();
        browser.check("composer-flag-SYN", false);
        browser.check("composer-flag-ACK", true);
        browser.type("composer-seq", "5001");
        browser.type("composer-ack", String.valueOf((clientIsn + 1) & 0xFFFF_FFFFL));
        while (!browser.driver().findElements(Browser.testId("option-remove-0")).isEmpty()) {
            browser.byTestId("option-remove-0").click();
        }
        browser.byTestId("composer-send").click();
        browser.waitForText(Browser.testId("endpoint-states"), "ESTABLISHED");
        JsonNode snapshot = new Api(client).get("/api/v1/sessions/" + id + "/snapshot", 200);
        List<String> clientStates = new ArrayList<>();
        snapshot.get("endpoints").forEach(e -> {
            if (e.get("host").asString().equals("client")) {
                clientStates.add(e.get("state").asString());
            }
        });
        assertThat(clientStates).containsExactly("ESTABLISHED");
        browser.waitFor(By.cssSelector("[data-testid='timeline'] li[data-kind='state'][data-host='client']"));
        assertThat(browser.byTestId("timeline").getText()).contains("SYN_SENT → SYN_RECEIVED").contains("SYN_RECEIVED → ESTABLISHED");
        browser.scrollTo("endpoint-states");
        browser.screenshot("simopen-2-established");
    }

    @Test
    void simultaneousOpenTemplate_studentsSocketOnTheServersAddressAnswersWithASynAck() throws Exception {
        String id = browser.createFromTemplate("simultaneous-open", "simultaneous open template in the browser");
        assertThat(browser.byTestId("session-path-forward").getText()).contains("client → [you] → server");
        // The template's client opened at time 0; its SYN stops at the 'you' box.
        WebElement clientSyn = browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S'][data-sender='client']"));
        assertThat(clientSyn.getAttribute("data-dropped")).isEqualTo("true");

        browser.byTestId("composer-swap").click();
        browser.type("composer-seq", "7000");
        browser.byTestId("composer-send").click();
        WebElement clientSynAck = browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.'][data-sender='client']"));
        browser.waitForText(Browser.testId("endpoint-states"), "SYN_RECEIVED");

        clientSynAck.click();
        browser.byTestId("composer-fill-synack").click();
        assertThat(browser.byTestId("composer-seq").getAttribute("value")).isEqualTo("7000");
        long clientIsn = clientSyn(id).get("seq").asLong();
        assertThat(browser.byTestId("composer-ack").getAttribute("value")).isEqualTo(String.valueOf((clientIsn + 1) & 0xFFFF_FFFFL));
        assertThat(browser.byTestId("composer-from-address").getAttribute("value")).isEqualTo("10.0.0.2");
        assertThat(browser.byTestId("composer-flag-SYN").isSelected()).isTrue();
        assertThat(browser.byTestId("composer-flag-ACK").isSelected()).isTrue();
        browser.byTestId("composer-send").click();
        browser.waitForText(Browser.testId("endpoint-states"), "ESTABLISHED");
        browser.scrollTo("endpoint-states");
        browser.screenshot("simopen-3-template-established");
    }

    private List<String> storedTimeline(String id, String connection) {
        JsonNode timeline = new Api(client).get("/api/v1/sessions/" + id + "/connections/" + connection + "/timeline", 200);
        List<String> stored = new ArrayList<>();
        timeline.get("entries").forEach(e -> stored.add(e.get("kind").asString() + "@" + e.get("atMicros").asLong()));
        return stored.stream().sorted().toList();
    }

    private static List<String> shownTimeline() {
        List<String> shown = new ArrayList<>();
        browser.driver().findElements(By.cssSelector("[data-testid='timeline'] li[data-kind]"))
                .forEach(e -> shown.add(e.getAttribute("data-kind") + "@" + e.getAttribute("data-at-micros")));
        return shown.stream().sorted().toList();
    }

    private static long sentMicros(List<WebElement> rows, String retransmission) {
        return rows.stream().filter(r -> retransmission.equals(r.getAttribute("data-retransmission"))).findFirst()
                .map(r -> Long.parseLong(r.getAttribute("data-sent-micros"))).orElseThrow();
    }

    private JsonNode clientSyn(String id) {
        JsonNode history = new Api(client).get("/api/v1/sessions/" + id + "/history?kind=segment-sent&size=100", 200);
        for (JsonNode e : history.get("items")) {
            if (e.get("segment").get("sender").asString().equals("client") && e.get("segment").get("letters").asString().equals("S")) {
                return e.get("segment");
            }
        }
        throw new AssertionError("the client sent no SYN: " + history);
    }

    /** The history index of the server's SYN-ACK after the last cookie-issued event of a lab client (10.0.0.1). */
    private long lastLegitimateCookieSynAck(String id) {
        JsonNode issued = new Api(client).get("/api/v1/sessions/" + id + "/history?kind=cookie-issued&size=1000", 200);
        String connection = null;
        for (JsonNode e : issued.get("items")) {
            if (e.get("connection").asString().startsWith("10.0.0.1:")) {
                connection = e.get("connection").asString();
            }
        }
        assertThat(connection).as("a legitimate client got a cookie").isNotNull();
        JsonNode sent = new Api(client).get("/api/v1/sessions/" + id + "/history?kind=segment-sent&size=100&connection=" + connection, 200);
        for (JsonNode e : sent.get("items")) {
            if (e.get("segment").get("letters").asString().equals("S.")) {
                return e.get("index").asLong();
            }
        }
        throw new AssertionError("no SYN-ACK on " + connection);
    }
}
