package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.handshakelab.support.TestAccounts;
import dev.handshakelab.support.Visitor;
import tools.jackson.databind.JsonNode;

/**
 * The live dashboard in two real Chromium browsers (two contexts: their own cookies, their own
 * sign-in): the instructor's dashboard is open on one of the course's two assignments, chosen
 * from the list; the student starts that assignment and sends a SYN in theirs, and the student's
 * row changes on the instructor's page without a reload; the instructor sets the assignment's
 * rule to two ACKs answered with RST, and after two the row says stuck, and why. The
 * instructor's note then shows in the student's session.
 */
@ApiTest
class BrowserDashboardTest extends BrowserTestBase {

    @Override
    boolean signsInAsTester() {
        return false;
    }

    @Test
    void aStudentsSynChangesTheirRowLive_andThreeRstsMarkThemStuck() throws Exception {
        Classroom room = classroom("dash");
        String base = "http://127.0.0.1:" + port;
        String teacherName = room.teacherName();
        String studentName = room.studentName();
        Visitor teacher = room.teacher();
        Visitor studentApi = room.student();
        String courseId = room.courseId();
        String basic = teacher.json(teacher.post("/api/v1/courses/" + courseId + "/assignments", "{\"exerciseId\":\"handshake-basic\"}"))
                .get("id").asString();
        String closed = teacher.json(teacher.post("/api/v1/courses/" + courseId + "/assignments", "{\"exerciseId\":\"closed-port\"}"))
                .get("id").asString();

        // the instructor, in this class's browser, opens the dashboard from the course page
        signIn(teacherName, TestAccounts.PASSWORD);
        browser.open(base + "/#/courses/" + courseId);
        browser.waitFor(Browser.testId("open-dashboard")).click();
        By row = By.cssSelector("[data-testid='dashboard-row'][data-username='" + studentName + "']");
        browser.waitFor(row);
        // the most recent assignment first; the instructor chooses the basic handshake
        assertThat(browser.waitFor(Browser.testId("dashboard-assignment")).getAttribute("value")).isEqualTo(closed);
        browser.choose("dashboard-assignment", basic);
        browser.await().until(d -> basic.equals(d.findElement(Browser.testId("dashboard-assignment")).getAttribute("value")));
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("dashboard-live"), "live"));
        assertThat(browser.driver().findElement(row).getAttribute("data-status")).isEqualTo("not started");
        // its rule: two ACKs answered with RST in a row are enough
        browser.byTestId("stuck-rules").findElement(By.tagName("summary")).click();
        browser.type("rule-repeatedRst", "2");
        browser.byTestId("rules-save").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("stuck-rules"),
                "the server answered 2 ACKs in a row with RST"));
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("dashboard-live"), "live"));

        // the student, in a browser of their own, starts the basic handshake for the course and sends a SYN
        try (Browser student = Browser.start()) {
            student.open(base + "/#/signin");
            student.waitFor(Browser.testId("signin-username")).sendKeys(studentName);
            student.byTestId("signin-password").sendKeys(TestAccounts.PASSWORD);
            student.byTestId("signin-submit").click();
            student.waitFor(Browser.testId("nav-signout"));
            student.open(base + "/#/courses/" + courseId);
            student.waitFor(Browser.testId("assignment-start-handshake-basic")).click();
            student.waitFor(Browser.testId("composer-send"));
            String session = student.driver().getCurrentUrl().replaceAll(".*#/sessions/", "");
            student.byTestId("composer-preset-linux").click();
            WebElement syn = student.byTestId("composer-flag-SYN");
            if (!syn.isSelected()) {
                syn.click();
            }
            student.byTestId("composer-seq").sendKeys(Keys.chord(Keys.CONTROL, "a"), "1000");
            student.byTestId("composer-send").click();
            student.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']"));

            // on the instructor's page, without a reload: the row's endpoint states and status
            browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-testid='dashboard-row'][data-username='" + studentName + "'] [data-testid='row-endpoints']"),
                    "server SYN_RECEIVED"));
            assertThat(browser.driver().findElement(row).getAttribute("data-status")).isEqualTo("working");
            browser.screenshot("dashboard-1-syn-received");

            // two ACKs of the server's ISN itself (not ISN + 1): two RSTs, and the assignment's rule says stuck
            JsonNode synAck = studentApi.json(studentApi.get("/api/v1/sessions/" + session + "/history?size=100")).get("items")
                    .valueStream().filter(e -> e.path("segment").path("letters").asString("").equals("S.")).findFirst().orElseThrow();
            long isn = synAck.get("segment").get("seq").asLong();
            for (int i = 0; i < 2; i++) {
                assertThat(studentApi.post("/api/v1/sessions/" + session + "/segments", Api.json().writeValueAsString(Map.of(
                        "from", Map.of("port", 40000), "flags", List.of("ACK"), "seq", 1001, "ack", isn))).statusCode()).isEqualTo(200);
            }
            browser.await().until(d -> "stuck".equals(d.findElement(row).getAttribute("data-status")));
            assertThat(browser.driver().findElement(row).findElement(Browser.testId("row-reason")).getText())
                    .isEqualTo("the same failure repeated: the server answered the last 2 ACKs with RST");
            assertThat(browser.byTestId("count-stuck").getText()).isEqualTo("1 stuck");
            browser.screenshot("dashboard-2-stuck");

            // the instructor leaves a note from the row; the student sees it in their session
            WebElement stuckRow = browser.driver().findElement(row);
            stuckRow.findElement(By.xpath(".//button[text()='Note']")).click();
            browser.waitFor(Browser.testId("row-note")).sendKeys("Acknowledge the server's ISN + 1.");
            browser.driver().findElement(row).findElement(By.xpath(".//button[text()='Send']")).click();
            browser.await().until(d -> !d.findElement(row).findElements(By.xpath(".//button[starts-with(text(), 'Note sent')]")).isEmpty());
            student.open(base + "/#/");
            student.open(base + "/#/sessions/" + session);
            student.waitForText(Browser.testId("session-notes"), "Acknowledge the server's ISN + 1.");
        }
        browser.byTestId("nav-signout").click();
        browser.waitFor(Browser.testId("nav-signin"));
    }
}
