package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.Browser;
import tools.jackson.databind.JsonNode;

/**
 * The lab explains itself (issue 16): the event log beside the ladder tells every event in the
 * server's words and selects together with the ladder and the inspector.
 */
@ApiTest
class BrowserTeachingTest extends BrowserTestBase {

    @Test
    void eventLog_tellsEveryStoredEventInOrder_andSelectsTogetherWithTheLadder() throws Exception {
        String id = browser.createFromTemplate("lost-syn-ack", "event log");
        sendSynAndPlayUntilTheSecondSynAckResend();

        // Every stored event (a flood's samples aside) in history order, in the server's own sentence.
        JsonNode history = new Api(client).get("/api/v1/sessions/" + id + "/history?page=0&size=500", 200);
        List<String> stored = new ArrayList<>();
        history.get("items").forEach(e -> stored.add(e.get("index").asLong() + " " + e.get("text").asString()));
        try {
            browser.await().until(d -> shownLog().equals(stored));
        } finally {
            assertThat(shownLog()).containsExactlyElementsOf(stored);
        }
        assertThat(stored).anyMatch(t -> t.contains("synack-loss drops")).anyMatch(t -> t.contains("timer fires"))
                .anyMatch(t -> t.contains("→"));

        // The drop's entry selects the lost SYN-ACK in the ladder and the inspector.
        WebElement drop = browser.waitFor(By.cssSelector("[data-testid='event-log'] li[data-kind='segment-dropped']"));
        String row = drop.getAttribute("data-row");
        drop.findElement(By.tagName("button")).click();
        browser.await().until(ExpectedConditions.attributeToBe(Browser.testId("ladder-segment-" + row), "aria-pressed", "true"));
        assertThat(browser.byTestId("ladder-segment-" + row).getAttribute("data-dropped")).isEqualTo("true");
        assertThat(drop.getAttribute("data-linked")).isEqualTo("true");
        assertThat(browser.byTestId("inspector-summary").getText()).contains("S.");

        // Choosing another arrow in the ladder marks that segment's sending and arrival in the log.
        WebElement resend = browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.'][data-retransmission='2']"));
        resend.click();
        String resendRow = resend.getAttribute("data-testid").substring("ladder-segment-".length());
        browser.await().until(d -> linkedKinds().contains("segment-sent"));
        assertThat(linkedRows()).containsOnly(resendRow);
        assertThat(drop.getAttribute("data-linked")).isEqualTo("false");
        browser.scrollTo("event-log");
        browser.screenshot("teach-1-event-log");
    }

    @Test
    void theTemplatesInstructionsStayInTheSession_withTheObservationsFoldedUntilAsked() throws Exception {
        browser.createFromTemplate("lost-syn-ack", "instructions");
        JsonNode template = null;
        for (JsonNode t : new Api(client).get("/api/v1/templates", 200)) {
            if (t.get("id").asString().equals("lost-syn-ack")) {
                template = t;
            }
        }
        assertThat(template).isNotNull();
        List<String> toTry = new ArrayList<>();
        template.get("whatToTry").forEach(x -> toTry.add(x.asString()));
        List<String> toObserve = new ArrayList<>();
        template.get("whatToObserve").forEach(x -> toObserve.add(x.asString()));
        assertThat(browser.byTestId("instructions-try").findElements(By.tagName("li"))).extracting(WebElement::getText)
                .containsExactlyElementsOf(toTry);
        WebElement observe = browser.byTestId("instructions-observe");
        assertThat(observe.getAttribute("open")).isNull();
        assertThat(observe.findElements(By.tagName("li"))).noneMatch(WebElement::isDisplayed);
        browser.screenshot("teach-2-instructions-folded");
        observe.findElement(By.tagName("summary")).click();
        browser.await().until(d -> observe.findElements(By.tagName("li")).stream().allMatch(WebElement::isDisplayed));
        assertThat(observe.findElements(By.tagName("li"))).extracting(WebElement::getText).containsExactlyElementsOf(toObserve);
    }

    @Test
    void theInspectorSaysWhyARstWasSent_andASessionWithoutAFloodAsksForNothingThatIsMissing() throws Exception {
        String id = browser.createFromTemplate("closed-port", "why a RST");
        browser.byTestId("composer-preset-linux").click();
        browser.check("composer-flag-SYN", true);
        browser.type("composer-to-port", "81");
        browser.byTestId("composer-send").click();
        WebElement rst = browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-sender='server']"));
        rst.click();
        assertThat(rst.getAttribute("data-letters")).startsWith("R");
        String sent = serverSentText(id);
        assertThat(browser.byTestId("inspector-why-cause").getText()).isEqualTo(sent);
        assertThat(sent).contains("no socket on that port");
        assertThat(browser.byTestId("inspector-why-rule").getText()).contains("RFC 9293 §3.10.7.1").contains("tcp_v4_send_reset");
        browser.scrollTo("inspector-why");
        browser.screenshot("teach-3-why-rst");

        // Reload the page: every request it makes (a flood's series among them) must find what it asks for.
        browser.driver().navigate().refresh();
        browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-sender='server']"));
        browser.byTestId("timeline");
        Object failed = browser.driver().executeScript(
                "return performance.getEntriesByType('resource').filter(r => r.responseStatus >= 400).map(r => r.responseStatus + ' ' + r.name);");
        assertThat((List<?>) failed).as("requests that failed").isEmpty();
        Object requested = browser.driver().executeScript("return performance.getEntriesByType('resource').map(r => r.name);");
        assertThat((List<?>) requested).noneMatch(u -> u.toString().contains("/flood/series"));
        assertThat(browser.driver().findElement(By.cssSelector("link[rel='icon']")).getAttribute("href")).startsWith("data:image/svg+xml");
    }

    private String serverSentText(String id) {
        JsonNode history = new Api(client).get("/api/v1/sessions/" + id + "/history?kind=segment-sent&host=server", 200);
        return history.get("items").get(0).get("text").asString();
    }

    @Test
    void onA390pxPhone_neitherTheSessionsPageNorASessionScrollsSideways_theLadderScrollsInItsOwnBox() throws Exception {
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        try {
            browser.open("http://127.0.0.1:" + port + "/");
            browser.byTestId("template-basic-handshake");
            assertFitsTheWidth("the sessions page");
            browser.screenshot("phone-1-home");

            browser.createFromTemplate("lost-syn-ack", "phone");
            sendSynAndPlayUntilTheSecondSynAckResend();
            browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']")).click();
            browser.byTestId("inspector-summary");
            browser.waitFor(By.cssSelector("[data-testid='timeline'] li[data-kind='retransmission']"));
            assertFitsTheWidth("a session with the inspector open");
            // The ladder is wider than the phone: it scrolls inside its own box.
            WebElement ladder = browser.byTestId("ladder-scroll");
            assertThat(Long.parseLong(ladder.getDomProperty("scrollWidth"))).isGreaterThan(Long.parseLong(ladder.getDomProperty("clientWidth")));
            browser.scrollTo("ladder");
            browser.screenshot("phone-2-session-ladder");
            browser.scrollTo("inspector-summary");
            browser.screenshot("phone-3-inspector");
            browser.scrollTo("timeline");
            browser.screenshot("phone-4-timeline");
            assertFitsTheWidth("a session, once every view has been scrolled to");
            if (Axe.available()) {
                assertThat(Axe.seriousViolations(browser)).as("axe-core on the phone").isEmpty();
            }

            browser.open("http://127.0.0.1:" + port + "/");
            browser.createFromTemplate("syn-flood-cookies", "phone flood");
            browser.type("flood-syns", "300");
            browser.type("flood-clients", "3");
            browser.byTestId("flood-start").click();
            browser.byTestId("flood-result");
            browser.byTestId("flood-queues");
            assertFitsTheWidth("a flood session");
            browser.scrollTo("flood");
            browser.screenshot("phone-5-flood");
        } finally {
            browser.driver().manage().window().setSize(new Dimension(1440, 1100));
        }
    }

    /** document.documentElement.scrollWidth <= clientWidth; on failure, names the elements that stick out. */
    private static void assertFitsTheWidth(String view) {
        Object wide = browser.driver().executeScript("""
                const w = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= w) return [];
                window.scrollTo(0, window.scrollY);
                return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
                  .filter(e => { for (let a = e.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return false; return true; })
                  .slice(0, 15).map(e => e.tagName + '.' + e.getAttribute('class') + '[' + (e.dataset.testid || '') + '] right='
                    + Math.round(e.getBoundingClientRect().right));
                """);
        assertThat((List<?>) wide).as("scrollWidth " + browser.driver().executeScript("return document.documentElement.scrollWidth")
                + "; elements wider than the 390 px window on " + view).isEmpty();
    }

    private List<String> shownLog() {
        List<String> shown = new ArrayList<>();
        browser.driver().findElements(By.cssSelector("[data-testid='event-log'] li[data-kind]")).forEach(li ->
                shown.add(li.getAttribute("data-testid").substring("log-entry-".length()) + " "
                        + li.getDomProperty("textContent").replaceFirst("^\\S+ \\S+ (segment|drop|timer|state|event) ", "")));
        return shown;
    }

    private List<String> linkedKinds() {
        return browser.driver().findElements(By.cssSelector("[data-testid='event-log'] li[data-linked='true']")).stream()
                .map(li -> li.getAttribute("data-kind")).toList();
    }

    private List<String> linkedRows() {
        return browser.driver().findElements(By.cssSelector("[data-testid='event-log'] li[data-linked='true']")).stream()
                .map(li -> li.getAttribute("data-row")).toList();
    }
}
