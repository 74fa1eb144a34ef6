package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.Browser;
import dev.handshakelab.support.TestAccounts;

/**
 * Assignments in a real Chromium: the instructor assigns the basic handshake on the course page,
 * a student starts it from their course page and solves it in the session, and the instructor's
 * scores table then shows the full score, graded by the server from the stored history.
 */
@ApiTest
class BrowserAssignmentTest extends BrowserTestBase {

    @Override
    boolean signsInAsTester() {
        return false;
    }

    private void signOut() {
        browser.byTestId("nav-signout").click();
        browser.waitFor(Browser.testId("nav-signin"));
    }

    @Test
    void theInstructorAssigns_aStudentSolves_andTheScoreAppearsForTheInstructor() throws Exception {
        Classroom room = classroom("asg");
        String teacherName = room.teacherName();
        String studentName = room.studentName();
        String coursePage = "http://127.0.0.1:" + port + "/#/courses/" + room.courseId();

        // the instructor assigns the basic handshake; the student's cell is empty
        signIn(teacherName, TestAccounts.PASSWORD);
        browser.open(coursePage);
        new Select(browser.waitFor(Browser.testId("assign-exercise"))).selectByValue("handshake-basic");
        browser.byTestId("assign-submit").click();
        WebElement cell = browser.waitFor(Browser.testId("score-" + studentName + "-handshake-basic"));
        assertThat(cell.getText()).isEqualTo("—");
        if (Axe.available()) {
            assertThat(Axe.seriousViolations(browser)).as("axe-core on the instructor's course page").isEmpty();
        }
        browser.screenshot("assignment-1-assigned");
        signOut();

        // the student starts it from the course page and solves it in the session
        signIn(studentName, TestAccounts.PASSWORD);
        browser.open(coursePage);
        assertThat(browser.waitFor(Browser.testId("assignment-status-handshake-basic")).getText()).isEqualTo("not started");
        browser.byTestId("assignment-start-handshake-basic").click();
        browser.waitFor(Browser.testId("composer-send"));
        // the attempt is the exercise's session: its panel takes the predictions before each send
        browser.type("prediction-synack-ack-ack", "1001");
        browser.byTestId("prediction-synack-ack-submit").click();
        browser.waitFor(By.cssSelector("[data-testid='prediction-synack-ack'][data-status='waiting']"));
        browser.byTestId("composer-preset-linux").click();
        browser.check("composer-flag-SYN", true);
        browser.type("composer-seq", "1000");
        browser.byTestId("composer-send").click();
        browser.waitFor(By.cssSelector("[data-testid='prediction-synack-ack'][data-status='graded']"));
        browser.choose("prediction-third-ack-state-state", "ESTABLISHED");
        browser.check("prediction-third-ack-state-nothing", true);
        browser.byTestId("prediction-third-ack-state-submit").click();
        browser.waitFor(By.cssSelector("[data-testid='prediction-third-ack-state'][data-status='waiting']"));
        browser.waitFor(By.cssSelector("[data-testid^='ladder-segment-'][data-letters='S.']")).click();
        browser.byTestId("composer-fill-ack").click();
        browser.byTestId("composer-send").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("endpoint-states"), "ESTABLISHED"));
        browser.open(coursePage);
        browser.await().until(ExpectedConditions.textToBe(Browser.testId("assignment-score-handshake-basic"), "8 / 8"));
        assertThat(browser.byTestId("assignment-status-handshake-basic").getText()).isEqualTo("completed");
        assertThat(browser.byTestId("assignment-start-handshake-basic").getText()).startsWith("New attempt");
        if (Axe.available()) {
            assertThat(Axe.seriousViolations(browser)).as("axe-core on the student's course page").isEmpty();
        }
        browser.screenshot("assignment-2-student-solved");
        signOut();

        // the instructor sees the score appear
        signIn(teacherName, TestAccounts.PASSWORD);
        browser.open(coursePage);
        browser.await().until(ExpectedConditions.textToBe(Browser.testId("score-" + studentName + "-handshake-basic"), "8 / 8"));
        assertThat(browser.byTestId("scores-csv").getAttribute("href")).endsWith("/api/v1/courses/" + room.courseId() + "/scores.csv");
        browser.screenshot("assignment-3-instructor-sees-score");
        signOut();
    }
}
