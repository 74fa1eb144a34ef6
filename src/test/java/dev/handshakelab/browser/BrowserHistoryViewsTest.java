package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.Browser;
import tools.jackson.databind.JsonNode;

/**
 * The firewall-on-the-return-path lab after 130 s (issue 16): the ladder and the timeline tell the
 * same story (the same drops by fw with the same rule, the same SYN-ACKs resent for duplicate
 * SYNs), the timeline's labels neither overlap nor leave the plot, and the history can be
 * filtered like Wireshark's display filter and jumped through by virtual time.
 */
@ApiTest
class BrowserHistoryViewsTest extends BrowserTestBase {

    static final String CONNECTION = "10.0.0.1:40001-10.0.0.2:80";

    /** The asymmetric-firewall lab run through the API: a Linux client on port 40001, then 130 s of timers. */
    String firewallSessionAfter130s(Api api) {
        String id = api.createSession(Map.of("name", "firewall views", "template", "asymmetric-firewall"));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001, "preset", "linux"), 200);
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 130_000), 200);
        return id;
    }

    @Test
    void ladderAndTimelineAgreeOnEveryDropAndResend_andTheTimelineLabelsNeitherOverlapNorLeaveThePlot() throws Exception {
        Api api = new Api(client);
        String id = firewallSessionAfter130s(api);
        browser.open("http://127.0.0.1:" + port + "/#/sessions/" + id);
        browser.waitFor(By.cssSelector("[data-testid='timeline'][data-connection='" + CONNECTION + "']"));
        JsonNode timeline = api.get("/api/v1/sessions/" + id + "/connections/" + CONNECTION + "/timeline", 200);

        // Every drop: the same place (fw) and the same rule in both views.
        List<String> timelineDrops = new ArrayList<>();
        Map<String, Integer> timelineResends = new HashMap<>();
        for (JsonNode e : timeline.get("entries")) {
            if (e.get("kind").asString().equals("drop")) {
                timelineDrops.add(e.get("atMicros").asLong() + " " + e.get("host").asString() + ": " + e.get("reason").asString());
            }
            if (e.get("kind").asString().equals("retransmission")) {
                timelineResends.put(e.get("host").asString() + " " + e.get("letters").asString() + " @" + e.get("atMicros").asLong(),
                        e.get("retransmission").asInt());
            }
        }
        assertThat(timelineDrops).isNotEmpty().allMatch(d -> d.contains(" fw: no conntrack entry"));
        // The ladder shows its last 60 arrows at first; this lab has fewer.
        List<String> ladderDrops = new ArrayList<>();
        Map<String, Integer> ladderResends = new HashMap<>();
        for (WebElement arrow : browser.driver().findElements(By.cssSelector("[data-testid^='ladder-segment-']"))) {
            long dropAt = arrow.getAttribute("data-dropped").equals("true")
                    ? Long.parseLong(arrow.findElement(By.cssSelector("[data-testid='ladder-drop']")).getAttribute("data-drop-micros")) : -1;
            if (dropAt >= 0) {
                ladderDrops.add(dropAt + " " + arrow.getAttribute("data-drop-where") + ": " + arrow.getAttribute("data-drop-reason"));
            }
            int n = Integer.parseInt(arrow.getAttribute("data-retransmission"));
            if (n > 0) {
                ladderResends.put(arrow.getAttribute("data-sender") + " " + arrow.getAttribute("data-letters") + " @"
                        + arrow.getAttribute("data-sent-micros"), n);
            }
        }
        assertThat(ladderDrops).containsExactlyInAnyOrderElementsOf(timelineDrops);
        assertThat(ladderResends).isEqualTo(timelineResends);
        // A SYN-ACK resent at once for a duplicate SYN is a retransmission in both, and says so.
        List<WebElement> dupSynAcks = browser.driver().findElements(By.cssSelector(
                "[data-testid^='ladder-segment-'][data-letters='S.'][data-retransmission-cause^='the client']"));
        assertThat(dupSynAcks).isNotEmpty();
        assertThat(dupSynAcks.get(0).findElement(By.cssSelector("[data-testid='ladder-retx-mark']")).getText()).contains("(dup SYN)");
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid='timeline'] li[data-kind='retransmission'][data-host='server'][data-rto-micros='']")))
                .hasSameSizeAs(dupSynAcks);

        // The plot: labels inside the svg, and no two labels' boxes overlapping.
        @SuppressWarnings("unchecked")
        List<String> clashes = (List<String>) browser.driver().executeScript("""
                const svg = document.querySelector('[data-testid="timeline"] svg');
                const box = svg.getBoundingClientRect();
                const labels = [...svg.querySelectorAll('.tl-label')].map(t => [t.textContent, t.getBoundingClientRect()]);
                const out = [];
                for (const [text, r] of labels) if (r.left < box.left - 0.5 || r.right > box.right + 0.5) out.push('cut: ' + text);
                for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
                  const [a, p] = labels[i], [b, q] = labels[j];
                  if (p.left < q.right - 0.5 && q.left < p.right - 0.5 && p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5) out.push(a + ' / ' + b);
                }
                return out;""");
        assertThat(clashes).as("timeline labels cut at an edge or overlapping").isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid='timeline'] .tl-label"))).hasSizeGreaterThan(20);
        assertThat(browser.byTestId("timeline").getAttribute("data-end-micros")).isEqualTo("140000000");
        browser.scrollTo("timeline");
        browser.screenshot("views-1-firewall-timeline");
        browser.scrollTo("ladder");
        browser.screenshot("views-2-firewall-ladder");
    }

    @Test
    void theHistoryFiltersLikeWiresharksDisplayFilter_andJumpsToATime() throws Exception {
        Api api = new Api(client);
        String id = firewallSessionAfter130s(api);
        browser.open("http://127.0.0.1:" + port + "/#/sessions/" + id);
        browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-']"));
        JsonNode history = api.get("/api/v1/sessions/" + id + "/history/all", 200);
        int total = history.size();
        int byFw = 0;
        int synsOnly = 0;
        for (JsonNode e : history) {
            if (e.path("where").asString("").endsWith(": fw")) {
                byFw++;
            }
            JsonNode flags = e.path("segment").path("flags");
            if (flags.isArray() && flags.toString().contains("SYN") && !flags.toString().contains("ACK")) {
                synsOnly++;
            }
        }

        WebElement input = browser.type("filter-input", "host == fw");
        browser.await().until(ExpectedConditions.attributeToBe(Browser.testId("filter-status"), "data-matched", String.valueOf(byFw)));
        assertThat(browser.byTestId("filter-status").getText()).isEqualTo(byFw + " of " + total + " events match.");
        List<WebElement> arrows = browser.driver().findElements(By.cssSelector("[data-testid^='ladder-segment-']"));
        assertThat(arrows).isNotEmpty().allMatch(a -> a.getAttribute("data-drop-where").equals("fw"));
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid='event-log'] li[data-kind]"))).hasSize(byFw)
                .allMatch(li -> li.getAttribute("data-kind").equals("segment-dropped"));
        browser.screenshot("views-3-filter-host-fw");

        browser.type("filter-input", "tcp.flags.syn && !tcp.flags.ack");
        browser.await().until(ExpectedConditions.attributeToBe(Browser.testId("filter-status"), "data-matched", String.valueOf(synsOnly)));
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid^='ladder-segment-']")))
                .isNotEmpty().allMatch(a -> a.getAttribute("data-letters").equals("S"));

        browser.type("filter-input", "tcp.flags.sin");
        browser.await().until(ExpectedConditions.attributeToBe(Browser.testId("filter-input"), "aria-invalid", "true"));
        assertThat(browser.byTestId("filter-status").getText()).contains("\"tcp.flags.sin\" is not a field");
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        browser.await().until(ExpectedConditions.attributeToBe(Browser.testId("filter-status"), "data-matched", String.valueOf(total)));

        // Jump to 63 s: the first segment sent at or after it is selected (shown even if it was among the hidden).
        browser.type("jump-time", "63 s").sendKeys(Keys.ENTER);
        WebElement chosen = browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][aria-pressed='true']"));
        long at = Long.parseLong(chosen.getAttribute("data-sent-micros"));
        long first = Long.MAX_VALUE;
        for (JsonNode e : history) {
            if (e.get("kind").asString().equals("segment-sent") && e.get("atMicros").asLong() >= 63_000_000) {
                first = Math.min(first, e.get("atMicros").asLong());
            }
        }
        assertThat(at).isEqualTo(first);
        assertThat(browser.driver().switchTo().activeElement().getAttribute("data-testid")).isEqualTo(chosen.getAttribute("data-testid"));
        // Everyday: the link to this session, and the history downloaded as the API answers it.
        browser.byTestId("copy-link").click();
        browser.await().until(d -> !browser.byTestId("copy-link-status").getText().isEmpty());
        String said = browser.byTestId("copy-link-status").getText();
        assertThat(said.equals("Link copied.") || said.contains("#/sessions/" + id)).as(said).isTrue();
        assertThat(browser.byTestId("export-history").getAttribute("href")).endsWith("/api/v1/sessions/" + id + "/history/all");
        browser.byTestId("export-history").click();
        JsonNode downloaded = Api.json().readTree(browser.downloaded("session-" + id + "-history.json"));
        assertThat(downloaded).isEqualTo(history);

        browser.type("jump-time", "soon").sendKeys(Keys.ENTER);
        assertThat(browser.byTestId("jump-error").getText()).contains("a virtual time such as");
        if (Axe.available()) {
            assertThat(Axe.seriousViolations(browser)).as("axe-core with the filter").isEmpty();
        }
    }

    @Test
    void theInspectorShowsTheIpHeader_anAsciiColumn_andOffsetsInDecimalAndHexAsTheFieldTableDoes() throws Exception {
        Api api = new Api(client);
        String id = firewallSessionAfter130s(api);
        browser.open("http://127.0.0.1:" + port + "/#/sessions/" + id);
        JsonNode syn = api.get("/api/v1/sessions/" + id + "/history?kind=segment-sent&host=client&size=1", 200).get("items").get(0);
        browser.waitFor(By.cssSelector("[data-testid='ladder-segment-" + syn.get("index").asLong() + "']")).click();
        WebElement ip = browser.byTestId("inspector-ip");
        ip.findElement(By.tagName("summary")).click();
        assertThat(browser.byTestId("inspector-value-ip-src").getText()).isEqualTo("10.0.0.1");
        assertThat(browser.byTestId("inspector-value-ip-dst").getText()).isEqualTo("10.0.0.2");
        assertThat(browser.byTestId("inspector-value-ip-proto").getText()).isEqualTo("6 (TCP)");
        assertThat(browser.byTestId("inspector-value-ip-checksum").getText()).endsWith("✔");
        assertThat(browser.byTestId("inspector-where-ip-ttl").getText()).isEqualTo("byte 8 (0x08)");
        String ipHex = syn.get("segment").get("ipHex").asString();
        assertThat(browser.byTestId("ip-byte-8").getText()).isEqualTo(ipHex.substring(16, 18));

        // The field table's offsets, in decimal and hex, name the bytes the hex dump lights for the field.
        assertThat(browser.byTestId("inspector-where-seq").getText()).isEqualTo("bytes 4–7 (0x04–0x07)");
        browser.byTestId("inspector-row-seq").click();
        new org.openqa.selenium.interactions.Actions(browser.driver()).moveToElement(browser.byTestId("inspector-row-seq")).perform();
        browser.await().until(d -> "true".equals(browser.byTestId("hex-byte-4").getAttribute("aria-selected")));
        for (int i = 0; i < 20; i++) {
            assertThat(browser.byTestId("hex-byte-" + i).getAttribute("aria-selected")).as("byte " + i).isEqualTo(i >= 4 && i <= 7 ? "true" : "false");
        }
        assertThat(browser.byTestId("hexdump-offset-16").getText()).isEqualTo("0x0010 (16)");
        String tcpHex = syn.get("segment").get("tcpHex").asString();
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            int b = Integer.parseInt(tcpHex.substring(2 * i, 2 * i + 2), 16);
            ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        assertThat(browser.byTestId("hexdump-ascii-0").getText()).isEqualTo(ascii.toString());

        // No number is broken across lines, at 1440 px nor on a 390 px phone.
        for (org.openqa.selenium.Dimension size : List.of(new org.openqa.selenium.Dimension(1440, 900), new org.openqa.selenium.Dimension(390, 844))) {
            browser.driver().manage().window().setSize(size);
            @SuppressWarnings("unchecked")
            List<String> broken = (List<String>) browser.driver().executeScript("""
                    return [...document.querySelectorAll('[data-testid^="inspector-value-"], [data-testid^="inspector-where-"], .hex-offset, .hex-ascii')]
                      .filter(e => { if (e.getClientRects().length === 0) return false;
                        const r = document.createRange(); r.selectNodeContents(e);
                        return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size > 1; })
                      .map(e => e.dataset.testid + ' ' + e.textContent);""");
            assertThat(broken).as("values broken across lines at " + size).isEmpty();
            browser.scrollTo("inspector-summary");
            browser.screenshot("views-4-inspector-" + size.getWidth());
        }
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1100));
        if (Axe.available()) {
            assertThat(Axe.seriousViolations(browser)).as("axe-core on the inspector with the IP header open").isEmpty();
        }
    }

    @Test
    void undoTheLastStepAndForkAtAStep_eachOpenANewSessionAndKeepThisOne() throws Exception {
        Api api = new Api(client);
        String id = firewallSessionAfter130s(api);
        int steps = api.get("/api/v1/sessions/" + id, 200).get("steps").asInt();
        browser.open("http://127.0.0.1:" + port + "/#/sessions/" + id);
        browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-']"));
        browser.byTestId("undo-step").click();
        browser.await().until(d -> !d.getCurrentUrl().endsWith(id));
        String undone = browser.driver().getCurrentUrl().replaceFirst(".*#/sessions/", "");
        assertThat(api.get("/api/v1/sessions/" + undone, 200).get("steps").asInt()).isEqualTo(steps - 1);
        browser.waitFor(By.cssSelector("[data-testid='session-name']"));
        browser.await().until(d -> browser.byTestId("session-name").getText().endsWith("(step " + (steps - 1) + ")"));

        browser.open("http://127.0.0.1:" + port + "/#/sessions/" + id);
        browser.choose("fork-step", "1");
        browser.byTestId("fork-go").click();
        browser.await().until(d -> !d.getCurrentUrl().endsWith(id) && !d.getCurrentUrl().endsWith(undone));
        String forked = browser.driver().getCurrentUrl().replaceFirst(".*#/sessions/", "");
        assertThat(api.get("/api/v1/sessions/" + forked, 200).get("steps").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/sessions/" + id, 200).get("steps").asInt()).isEqualTo(steps);
    }
}
