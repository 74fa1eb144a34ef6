package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import dev.handshakelab.support.ApiTest;

/**
 * axe-core in real Chromium on every main view (issue 16, accessibility): the sessions page, a
 * session with the inspector open, the connections timeline after a lost SYN-ACK was resent, and
 * a SYN flood session with its charts. Any critical or serious violation fails the test with the
 * rule and the elements axe names.
 */
@ApiTest
class BrowserAccessibilityTest extends BrowserTestBase {

    private static void assertNoSeriousViolations(String view) {
        assumeTrue(Axe.available(), "axe-core not installed: run npm ci in frontend/");
        assertThat(Axe.seriousViolations(browser)).as("critical or serious axe-core violations on " + view).isEmpty();
    }

    @Test
    void homePage_hasOneH1_aSkipLink_andNoSeriousViolation() throws Exception {
        browser.byTestId("template-basic-handshake");
        assertThat(browser.driver().findElements(By.tagName("h1"))).hasSize(1);
        // The skip link is the first stop of the Tab order and takes the keyboard to the main content.
        browser.driver().findElement(By.tagName("body")).sendKeys(Keys.TAB);
        WebElement skip = browser.driver().switchTo().activeElement();
        assertThat(skip.getAttribute("data-testid")).isEqualTo("skip-link");
        assertThat(skip.isDisplayed()).isTrue();
        assertNoSeriousViolations("the sessions page");
        browser.screenshot("a11y-1-home");
    }

    @Test
    void sessionWithTheInspectorOpen_andItsTimeline_haveNoSeriousViolation() throws Exception {
        browser.createFromTemplate("lost-syn-ack", "accessible lost SYN-ACK");
        sendSynAndPlayUntilTheSecondSynAckResend();
        browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.'][data-retransmission='1']")).click();
        browser.byTestId("inspector-summary");
        browser.waitFor(By.cssSelector("[data-testid='timeline'] li[data-kind='retransmission'][data-retransmission='2']"));
        assertThat(browser.driver().findElements(By.tagName("h1"))).hasSize(1);
        assertNoSeriousViolations("a session with the inspector and the timeline");
        browser.scrollTo("inspector-summary");
        browser.screenshot("a11y-2-session-inspector");
    }

    @Test
    void floodSession_hasNoSeriousViolation() throws Exception {
        browser.createFromTemplate("syn-flood-cookies", "accessible flood");
        browser.type("flood-syns", "500");
        browser.type("flood-ratePerSecond", "1000");
        browser.type("flood-clients", "5");
        browser.byTestId("flood-start").click();
        browser.byTestId("flood-result");
        WebElement chart = browser.byTestId("flood-queues");
        browser.await().until(d -> !chart.findElements(By.cssSelector(".recharts-line path")).isEmpty());
        assertNoSeriousViolations("a flood session");
        browser.scrollTo("flood");
        browser.screenshot("a11y-3-flood");
    }
}
