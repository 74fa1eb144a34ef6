package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.Browser;
import dev.handshakelab.support.TestAccounts;

/**
 * Authoring in a real Chromium: an instructor copies a built-in exercise on "My exercises",
 * changes its title and a check's points, saves version 2 (a refused save first shows the
 * server's error next to the field), assigns it, and a student of the course gets that version.
 */
@ApiTest
class BrowserAuthoringTest extends BrowserTestBase {

    @Override
    boolean signsInAsTester() {
        return false;
    }

    @Test
    void anInstructorCopiesEditsAndAssigns_andTheStudentGetsTheAssignedVersion() throws Exception {
        Classroom room = classroom("auth");
        String base = "http://127.0.0.1:" + port;
        String suffix = room.suffix();
        String teacherName = room.teacherName();
        String studentName = room.studentName();
        String id = "handshake-" + suffix;

        // the instructor copies the basic handshake under a new id
        signIn(teacherName, TestAccounts.PASSWORD);
        browser.byTestId("nav-authoring").click();
        browser.waitFor(By.cssSelector("[data-testid='copy-source'] option[value='handshake-basic']"));
        browser.choose("copy-source", "handshake-basic");
        browser.type("copy-id", id);
        browser.byTestId("copy-submit").click();
        browser.waitFor(Browser.testId("authoring-editor"));
        assertThat(browser.byTestId("authored-" + id).getText()).contains("The three-way handshake by hand");

        // a refused save: the server's error is shown next to the field it names, and nothing is stored
        browser.type("edit-points-0", "-1");
        browser.byTestId("edit-save").sendKeys(Keys.ENTER); // the keyboard: an emulated phone's tap at a long form's bottom can miss
        assertThat(browser.waitFor(Browser.testId("edit-points-0-msg")).getText()).contains("minimum");
        assertThat(browser.byTestId("edit-points-0").getAttribute("aria-invalid")).isEqualTo("true");

        // its title and the first check's points changed: version 2
        browser.type("edit-title", "Handshake, Tuesday lab");
        browser.type("edit-points-0", "5");
        browser.byTestId("edit-save").sendKeys(Keys.ENTER); // the keyboard: an emulated phone's tap at a long form's bottom can miss
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("edit-status"), "Saved as version 2."));
        assertThat(browser.byTestId("authored-versions").getText()).contains("Handshake, Tuesday lab").contains("The three-way handshake by hand");
        if (Axe.available()) {
            assertThat(Axe.seriousViolations(browser)).as("axe-core on the authoring page").isEmpty();
        }
        browser.screenshot("authoring-1-edited");

        // assigned to the course: version 2
        browser.choose("authored-assign-course", room.courseId());
        browser.byTestId("authored-assign-submit").sendKeys(Keys.ENTER);
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("authored-assign-message"),
                "Assigned version 2"));
        browser.byTestId("nav-signout").sendKeys(Keys.ENTER);
        browser.waitFor(Browser.testId("nav-signin"));

        // the student sees it on the course page and works in it: the new title and 5 + 6 points
        signIn(studentName, TestAccounts.PASSWORD);
        browser.open(base + "/#/courses/" + room.courseId());
        assertThat(browser.waitFor(Browser.testId("assignment-" + id)).getText()).contains("Handshake, Tuesday lab");
        browser.byTestId("assignment-start-" + id).sendKeys(Keys.ENTER);
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("exercise-panel"),
                "Exercise: Handshake, Tuesday lab"));
        browser.await().until(ExpectedConditions.textToBe(Browser.testId("exercise-score"), "0 of 11 points"));
        browser.screenshot("authoring-2-student");
    }
}
