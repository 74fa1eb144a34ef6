package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * A template with the student's own changes, from the new-session form (issue 16: "this
 * template, but with the firewall on both routes", "abort_on_overflow on"): the form starts
 * from the template's knobs and path, sends only what was changed, and the server lays it over
 * the template's.
 */
@ApiTest
class BrowserTemplateOverridesTest extends BrowserTestBase {

    @Test
    void theAsymmetricFirewallTemplate_withTheFirewallOnBothRoutes_completesTheHandshake() throws Exception {
        browser.byTestId("template-asymmetric-firewall").click();
        browser.type("new-session-name", "firewall on both routes");
        assertThat(browser.byTestId("template-changes").getText()).isEqualTo("As the template sets it up.");
        browser.byTestId("template-customise").findElement(By.tagName("summary")).click();
        // The editor starts from the template's path: fw on the way back only.
        assertThat(browser.byTestId("route-back-words").getText()).isEqualTo("server → [fw] → client");
        assertThat(browser.byTestId("route-forward-words").getText()).isEqualTo("client → server");
        browser.choose("route-forward-pick", "fw");
        browser.byTestId("route-forward-add").click();
        assertThat(browser.byTestId("route-forward-words").getText()).isEqualTo("client → [fw] → server");
        assertThat(browser.byTestId("template-changes").getText()).isEqualTo("The template, but with the path you edited.");
        browser.scrollTo("template-customise");
        browser.screenshot("template-overrides-1-firewall-both-routes");
        String id = browser.createSession();

        JsonNode session = new Api(client).get("/api/v1/sessions/" + id, 200);
        assertThat(session.get("template").asString()).isEqualTo("asymmetric-firewall");
        assertThat(ids(session.get("path").get("forward"))).containsExactly("fw");
        assertThat(ids(session.get("path").get("back"))).containsExactly("fw");
        assertThat(session.get("path").get("middleboxes").get(0).get("type").asString()).isEqualTo("conntrack-firewall");

        // The firewall saw the SYN, so the SYN-ACK is ESTABLISHED in conntrack's eyes and gets through.
        handshakeInTheComposer();
        assertThat(browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']")).getAttribute("data-dropped"))
                .isEqualTo("false");
        browser.await().until(d -> d.findElements(By.cssSelector("[data-testid^='ladder-segment-'][data-sender='client']")).size() == 2);
        browser.await().until(d -> serverStates(id).contains("ESTABLISHED"));
    }

    @Test
    void theAcceptQueueTemplate_withAbortOnOverflowOn_keepsTheTemplatesOtherKnobs() throws Exception {
        browser.byTestId("template-accept-queue-overflow").click();
        browser.type("new-session-name", "abort on overflow");
        browser.byTestId("template-customise").findElement(By.tagName("summary")).click();
        // The knobs start from the template's: listen(fd, 8), syncookies 1, abort_on_overflow off.
        assertThat(browser.byTestId("new-backlog").getDomProperty("value")).isEqualTo("8");
        assertThat(browser.byTestId("new-syncookies").getDomProperty("value")).isEqualTo("1");
        assertThat(browser.byTestId("new-abort-on-overflow").isSelected()).isFalse();
        browser.byTestId("new-abort-on-overflow").click();
        assertThat(browser.byTestId("template-changes").getText()).isEqualTo("The template, but tcp_abort_on_overflow on.");
        browser.screenshot("template-overrides-2-abort-on-overflow");
        String id = browser.createSession();

        JsonNode knobs = new Api(client).get("/api/v1/sessions/" + id, 200).get("knobs");
        assertThat(knobs.get("abortOnOverflow").asBoolean()).isTrue();
        assertThat(knobs.get("backlog").asInt()).isEqualTo(8);
        assertThat(knobs.get("syncookies").asInt()).isEqualTo(1);
        assertThat(knobs.get("acceptRate").asInt()).as("the template's slow accept()").isEqualTo(5);
    }

    @Test
    void aBadNumberInATemplatesKnobs_isNamedUnderItsField() {
        browser.byTestId("template-basic-handshake").click();
        browser.byTestId("template-customise").findElement(By.tagName("summary")).click();
        browser.type("new-backlog", "lots");
        browser.byTestId("create-session").click();
        assertThat(browser.byTestId("new-backlog-msg").getText()).contains("digits only");
        assertThat(browser.byTestId("new-backlog").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("#/sessions/");
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asString()));
        return out;
    }

    private List<String> serverStates(String id) {
        List<String> out = new ArrayList<>();
        new Api(client).get("/api/v1/sessions/" + id + "/snapshot", 200).get("endpoints").forEach(e -> {
            if (e.get("host").asString().equals("server")) {
                out.add(e.get("state").asString());
            }
        });
        return out;
    }
}
