package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.Browser;
import tools.jackson.databind.JsonNode;

/**
 * An exercise in a real Chromium: the student picks it from the exercise list, reads its
 * instructions inside the session, predicts the SYN-ACK's ack before sending the SYN, sees the
 * prediction graded against the real reply, and completes the checks, which tick as they pass.
 */
@ApiTest
class BrowserExerciseTest extends BrowserTestBase {

    private static By status(String prediction, String status) {
        return By.cssSelector("[data-testid='prediction-" + prediction + "'][data-status='" + status + "']");
    }

    private static By passed(String check) {
        return By.cssSelector("[data-testid='check-" + check + "'][data-passed='true']");
    }

    @Test
    void predictTheSynAcksAck_sendTheSyn_seeItGraded_completeTheChecks() throws Exception {
        browser.byTestId("nav-exercises").click();
        browser.byTestId("start-handshake-basic").click();
        browser.await().until(d -> d.getCurrentUrl().contains("#/sessions/"));
        String url = browser.driver().getCurrentUrl();
        String id = url.substring(url.indexOf("#/sessions/") + "#/sessions/".length());

        // the exercise's own instructions, rendered on the server, inside the session
        browser.waitForText(Browser.testId("exercise-instructions"), "by hand");
        assertThat(browser.byTestId("exercise-instructions").getAttribute("innerHTML")).contains("<strong>by hand</strong>");
        assertThat(browser.byTestId("check-synack-acks-isn").getAttribute("data-passed")).isEqualTo("false");
        browser.waitFor(status("synack-ack", "open"));

        // the prediction, before the SYN: the ack of ISN 1000's SYN-ACK
        browser.type("prediction-synack-ack-ack", "1001");
        browser.byTestId("prediction-synack-ack-submit").click();
        browser.waitFor(status("synack-ack", "waiting"));
        browser.waitForText(Browser.testId("prediction-synack-ack-said"), "ack 1001");
        browser.screenshot("exercise-1-predicted");

        // the SYN
        browser.byTestId("composer-preset-linux").click();
        browser.check("composer-flag-SYN", true);
        browser.type("composer-seq", "1000");
        browser.byTestId("composer-send").click();

        // graded against the real SYN-ACK, with the reason; the first check ticks
        browser.waitFor(status("synack-ack", "graded"));
        assertThat(browser.byTestId("prediction-synack-ack-result-ack").getAttribute("data-correct")).isEqualTo("true");
        assertThat(browser.byTestId("prediction-synack-ack-result-ack").getText()).contains("a SYN takes one sequence number");
        browser.waitForText(Browser.testId("prediction-synack-ack-earned"), "2 of 2 points");
        browser.waitFor(passed("synack-acks-isn"));
        browser.scrollTo("prediction-synack-ack");
        browser.screenshot("exercise-2-graded");

        // the next prediction (before the ACK), then the ACK completes the handshake
        browser.choose("prediction-third-ack-state-state", "ESTABLISHED");
        browser.check("prediction-third-ack-state-nothing", true);
        browser.byTestId("prediction-third-ack-state-submit").click();
        browser.waitFor(status("third-ack-state", "waiting"));
        browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']")).click();
        browser.byTestId("composer-fill-ack").click();
        browser.byTestId("composer-send").click();
        browser.waitFor(passed("third-ack"));
        browser.waitFor(passed("established"));
        browser.waitFor(status("third-ack-state", "graded"));
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("exercise-score"), "8 of 8 points"));
        browser.scrollTo("exercise-panel");
        browser.screenshot("exercise-3-complete");

        // what the page shows is the server's grade
        JsonNode grade = new Api(client).get("/api/v1/sessions/" + id + "/grade", 200);
        assertThat(grade.get("earned").asInt()).isEqualTo(8);
        assertThat(grade.get("predictions").get(0).get("status").asString()).isEqualTo("graded");
        if (Axe.available()) {
            assertThat(Axe.seriousViolations(browser)).as("axe-core on an exercise attempt").isEmpty();
        }
    }
}
