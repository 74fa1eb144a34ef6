package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import dev.handshakelab.support.ApiTest;

/**
 * axe-core in real Chromium on every main view (issue 16, accessibility), at a laptop's
 * 1440×900 and a phone's 390×844: the sessions page, a session with the inspector open, the
 * connections timeline after a lost SYN-ACK was resent, and a SYN flood session with its charts.
 * Any critical or serious violation fails the test with the rule and the elements axe names; on
 * the phone no view may scroll the page sideways (the ladder and the header diagram scroll in
 * their own boxes). A screenshot of each view at each size lands in target/screenshots.
 */
@ApiTest
class BrowserAccessibilityTest extends BrowserTestBase {

    /** No critical or serious axe violation, and (on the phone) nothing wider than the screen; then a screenshot. */
    private void check(String view, String viewport, String scrollTo) throws Exception {
        assumeTrue(Axe.available(), "axe-core not installed: run npm ci in frontend/");
        assertThat(Axe.seriousViolations(browser)).as("critical or serious axe-core violations on " + view + " (" + viewport + ")").isEmpty();
        assertThat(sidewaysOverflow()).as("on " + view + " at " + viewport + ", the page scrolls sideways because of").isEmpty();
        if (scrollTo != null) {
            browser.scrollTo(scrollTo);
        }
        browser.screenshot("a11y-" + viewport + "-" + view.replace(' ', '-'));
    }

    /**
     * Empty if the page is no wider than the window; otherwise the outermost elements that stick
     * out of it (those not inside a box that scrolls on its own), to say what to fix.
     */
    @SuppressWarnings("unchecked")
    private List<String> sidewaysOverflow() {
        return (List<String>) browser.driver().executeScript("""
                const root = document.documentElement;
                if (root.scrollWidth <= root.clientWidth + 1) return [];
                const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
                  const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
                const name = e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ').join('.') : '')
                  + (e.dataset && e.dataset.testid ? '[' + e.dataset.testid + ']' : '');
                const wide = e => e.getBoundingClientRect().right > root.clientWidth + 1;
                const all = [...document.body.querySelectorAll('*')].filter(e => wide(e) && !(e.parentElement && wide(e.parentElement)));
                // Text wider than its box (a long word) sticks out though no element does.
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let t = walker.nextNode(); t; t = walker.nextNode()) {
                  const range = document.createRange();
                  range.selectNodeContents(t);
                  if (range.getBoundingClientRect().right > root.clientWidth + 1 && t.parentElement && !wide(t.parentElement)) all.push(t.parentElement);
                }
                const out = all.filter(e => !scrolls(e));
                return ['the page is ' + root.scrollWidth + ' px wide for ' + root.clientWidth + ':',
                  ...(out.length ? out : all).slice(0, 12).map(e => name(e) + ' right=' + Math.round(e.getBoundingClientRect().right) + ' "' + (e.textContent || '').slice(0, 40) + '"'
                    + (e.parentElement ? ' in ' + name(e.parentElement) : ''))];
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"desktop", "phone"})
    void homePage_hasOneH1_aSkipLink_andNoSeriousViolation(String viewport) throws Exception {
        viewport(viewport);
        browser.byTestId("template-basic-handshake");
        assertThat(browser.driver().findElements(By.tagName("h1"))).hasSize(1);
        // The skip link is the first stop of the Tab order and takes the keyboard to the main content.
        browser.driver().findElement(By.tagName("body")).sendKeys(Keys.TAB);
        WebElement skip = browser.driver().switchTo().activeElement();
        assertThat(skip.getAttribute("data-testid")).isEqualTo("skip-link");
        assertThat(skip.isDisplayed()).isTrue();
        check("home", viewport, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"desktop", "phone"})
    void sessionWithTheInspectorOpen_andItsTimeline_haveNoSeriousViolation(String viewport) throws Exception {
        viewport(viewport);
        browser.createFromTemplate("lost-syn-ack", "accessible lost SYN-ACK");
        check("session", viewport, null);
        sendSynAndPlayUntilTheSecondSynAckResend();
        browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.'][data-retransmission='1']")).click();
        browser.byTestId("inspector-summary");
        assertThat(browser.driver().findElements(By.tagName("h1"))).hasSize(1);
        check("inspector", viewport, "inspector-summary");
        browser.waitFor(By.cssSelector("[data-testid='timeline'] li[data-kind='retransmission'][data-retransmission='2']"));
        check("timeline", viewport, "timeline");
    }

    @ParameterizedTest
    @ValueSource(strings = {"desktop", "phone"})
    void floodSession_hasNoSeriousViolation(String viewport) throws Exception {
        viewport(viewport);
        browser.createFromTemplate("syn-flood-cookies", "accessible flood");
        browser.type("flood-syns", "500");
        browser.type("flood-ratePerSecond", "1000");
        browser.type("flood-clients", "5");
        // Submitted from the keyboard: the emulated phone's click at the scrolled-to button's edge can miss it.
        browser.byTestId("flood-start").sendKeys(Keys.ENTER);
        browser.byTestId("flood-result");
        WebElement chart = browser.byTestId("flood-queues");
        browser.await().until(d -> !chart.findElements(By.cssSelector(".recharts-line path")).isEmpty());
        check("flood", viewport, "flood");
    }
}
