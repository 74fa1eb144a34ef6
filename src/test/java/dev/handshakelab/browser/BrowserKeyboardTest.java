package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * The basic lab with the keyboard alone (issue 16, accessibility: "every action doable by
 * keyboard", "a visible focus on every control and hex byte", "a skip link"): the skip link,
 * a session created from the form, a SYN composed and sent, the SYN-ACK picked in the ladder,
 * one of its bytes walked to with the arrow keys, and the ACK sent. Nothing is clicked: every
 * step is a key pressed where the focus is, and every element the focus lands on must show it.
 */
@ApiTest
class BrowserKeyboardTest extends BrowserTestBase {

    /** More Tab presses than any page here needs between two controls: beyond it the control is not reachable. */
    private static final int MAX_TABS = 400;

    /** Each element the focus visited and did not show it on. */
    private final List<String> unmarked = new ArrayList<>();

    @Test
    void theBasicLab_withKeysOnly() throws Exception {
        browser.byTestId("template-basic-handshake");
        // The skip link is the first Tab stop, and takes the focus past the navigation into the lab.
        press(Keys.TAB);
        assertThat(focused().getAttribute("data-testid")).isEqualTo("skip-link");
        assertFocusShows(focused());
        press(Keys.ENTER);
        assertThat(focused().getAttribute("id")).isEqualTo("lab");

        tabTo("new-session-name", false);
        replaceText("keyboard only");
        tabTo("template-basic-handshake", false);
        assertThat(focused().isSelected()).isTrue();
        tabTo("create-session", false);
        press(Keys.ENTER);
        browser.await().until(d -> d.getCurrentUrl().contains("#/sessions/"));
        String url = browser.driver().getCurrentUrl();
        String id = url.substring(url.indexOf("#/sessions/") + "#/sessions/".length());
        browser.byTestId("composer-send");

        // Compose the SYN: Linux's options, the SYN flag, seq 1000; send it.
        tabTo("composer-preset-linux", false);
        press(Keys.ENTER);
        tabTo("composer-flag-SYN", false);
        if (!focused().isSelected()) {
            press(Keys.SPACE);
        }
        assertThat(focused().isSelected()).isTrue();
        tabTo("composer-seq", false);
        replaceText("1000");
        tabTo("composer-send", false);
        press(Keys.ENTER);

        // The SYN-ACK in the ladder: Tab to it and open it in the inspector with Enter.
        WebElement synAck = browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']"));
        String synAckId = synAck.getAttribute("data-testid");
        tabTo(synAckId, false);
        press(Keys.ENTER);
        browser.await().until(d -> "true".equals(d.findElement(By.cssSelector("[data-testid='" + synAckId + "']")).getAttribute("aria-pressed")));
        JsonNode stored = serverSynAck(id);
        assertThat(browser.byTestId("inspector-summary").getText()).contains(stored.get("summary").asString());

        // Into the hex dump: one Tab stop, then the arrow keys walk the bytes; bytes 8-11 are the acknowledgment number.
        tabTo("hex-byte-0", false);
        for (int i = 0; i < 8; i++) {
            press(Keys.ARROW_RIGHT);
            assertFocusShows(focused());
        }
        WebElement ackByte = focused();
        assertThat(ackByte.getAttribute("data-testid")).isEqualTo("hex-byte-8");
        assertThat(ackByte.getAttribute("data-fields")).isEqualTo("ack");
        assertThat(ackByte.getText()).isEqualToIgnoringCase(stored.get("tcpHex").asString().substring(16, 18));
        // Its field lights up in the dump as the mouse would light it.
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid^='hex-byte-'][aria-selected='true']")))
                .extracting(b -> b.getAttribute("data-testid")).containsExactly("hex-byte-8", "hex-byte-9", "hex-byte-10", "hex-byte-11");
        browser.screenshot("keyboard-1-hex-byte-focused");

        // Back to the composer: fill in the ACK from the SYN-ACK, and send it.
        tabTo("composer-fill-ack", true);
        press(Keys.ENTER);
        tabTo("composer-send", false);
        press(Keys.ENTER);
        browser.await().until(d -> !d.findElements(By.cssSelector("[data-testid='state-node-ESTABLISHED'][data-current='true']")).isEmpty());
        browser.screenshot("keyboard-2-established");
        assertThat(unmarked).as("elements that took the focus without showing it").isEmpty();
    }

    private void press(CharSequence... keys) {
        new Actions(browser.driver()).sendKeys(keys).perform();
    }

    /** Ctrl+A and the new text, in the focused input. */
    private void replaceText(String text) {
        new Actions(browser.driver()).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys(text).perform();
    }

    private WebElement focused() {
        return browser.driver().switchTo().activeElement();
    }

    /** Tabs (or Shift+Tabs) until the element with this data-testid has the focus, checking each stop shows its focus. */
    private void tabTo(String testId, boolean backwards) {
        for (int i = 0; i < MAX_TABS; i++) {
            press(backwards ? Keys.chord(Keys.SHIFT, Keys.TAB) : Keys.TAB);
            WebElement at = focused();
            assertFocusShows(at);
            if (testId.equals(at.getAttribute("data-testid"))) {
                return;
            }
        }
        throw new AssertionError(testId + " not reached with " + MAX_TABS + (backwards ? " Shift+Tabs" : " Tabs"));
    }

    /**
     * Whether the focused element is drawn differently from the unfocused one: an outline (the
     * page's :focus-visible rule), or for a ladder arrow its highlighted hit area.
     */
    private void assertFocusShows(WebElement at) {
        Object shows = browser.driver().executeScript("""
                const e = arguments[0];
                if (e === document.body || e.id === 'lab') return true;
                const s = getComputedStyle(e);
                if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) return true;
                const hit = e.querySelector && e.querySelector(':scope > .seg-hit');
                return !!hit && getComputedStyle(hit).stroke !== 'none' && parseFloat(getComputedStyle(hit).strokeWidth) >= 2;
                """, at);
        if (!Boolean.TRUE.equals(shows)) {
            String html = at.getAttribute("outerHTML");
            unmarked.add(html.substring(0, Math.min(160, html.length())));
        }
    }

    private JsonNode serverSynAck(String id) {
        for (JsonNode e : new Api(client).get("/api/v1/sessions/" + id + "/history?kind=segment-sent&host=server", 200).get("items")) {
            if (e.get("segment").get("letters").asString().equals("S.")) {
                return e.get("segment");
            }
        }
        throw new AssertionError("no SYN-ACK in session " + id);
    }
}
