package dev.handshakelab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.handshakelab.account.Role;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.Browser;
import dev.handshakelab.support.TestAccounts;
import dev.handshakelab.support.Visitor;
import tools.jackson.databind.JsonNode;

/**
 * A class in a real Chromium: a student signs up with the course's join code, does the basic
 * handshake and signs out; a second student cannot find that session; the instructor finds it
 * in the course and opens it read-only.
 */
@ApiTest
class BrowserClassroomTest extends BrowserTestBase {

    @Override
    boolean signsInAsTester() {
        return false;
    }

    @Test
    void signUpWithAJoinCode_handshake_signOut_thenAnotherStudentCannotFindIt_andTheInstructorReadsIt() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String teacherName = "prof-" + suffix;
        Visitor teacher = Visitor.withToken("http://127.0.0.1:" + port, accounts.token(teacherName, Role.INSTRUCTOR));
        JsonNode course = teacher.json(teacher.post("/api/v1/courses", "{\"name\":\"Networks " + suffix + "\",\"term\":\"2027\"}"));

        // the student signs up with the join code and lands in the lab, signed in
        String student = "ada-" + suffix;
        browser.open("http://127.0.0.1:" + port + "/#/signup");
        browser.waitFor(Browser.testId("signup-username")).sendKeys(student);
        browser.byTestId("signup-displayName").sendKeys("Ada " + suffix);
        browser.byTestId("signup-password").sendKeys("a-long-enough-password");
        browser.byTestId("signup-joinCode").sendKeys(course.get("joinCode").asString());
        browser.byTestId("signup-submit").click();
        browser.waitFor(Browser.testId("nav-signout"));
        browser.screenshot("classroom-1-signed-up");

        // the basic handshake: SYN, SYN-ACK, ACK, ESTABLISHED
        browser.waitFor(Browser.testId("template-basic-handshake"));
        assertThat(browser.byTestId("new-session-course").getAttribute("value")).as("the session is for the course")
                .isEqualTo(course.get("id").asString());
        String id = browser.createFromTemplate("basic-handshake", "my first handshake");
        handshakeInTheComposer();
        browser.screenshot("classroom-1b-after-ack");
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("endpoint-states"), "ESTABLISHED"));
        browser.byTestId("nav-signout").click();
        browser.waitFor(Browser.testId("nav-signin"));

        // a second student cannot open it, nor find it in their list
        String other = "bob-" + suffix;
        accounts.account(other, Role.STUDENT);
        signIn(other, TestAccounts.PASSWORD);
        browser.open("http://127.0.0.1:" + port + "/#/sessions/" + id);
        browser.waitFor(Browser.testId("session-load-failed"));
        browser.open("http://127.0.0.1:" + port + "/#/");
        browser.waitFor(Browser.testId("template-basic-handshake"));
        assertThat(browser.driver().getPageSource()).doesNotContain(id).doesNotContain("my first handshake");
        browser.byTestId("nav-signout").click();
        browser.waitFor(Browser.testId("nav-signin"));

        // the instructor finds it in the course and opens it: every view, no composer
        accounts.account(teacherName, Role.INSTRUCTOR);
        signIn(teacherName, TestAccounts.PASSWORD);
        browser.open("http://127.0.0.1:" + port + "/#/courses/" + course.get("id").asString());
        browser.waitFor(By.cssSelector("[data-testid='course-sessions'] a[href='#/sessions/" + id + "']")).click();
        browser.waitFor(Browser.testId("read-only"));
        assertThat(browser.byTestId("read-only").getText()).contains("Ada " + suffix);
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(Browser.testId("endpoint-states"), "ESTABLISHED"));
        assertThat(browser.driver().findElements(Browser.testId("composer-send"))).as("no composer for a reader").isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid^='ladder-segment-']"))).hasSizeGreaterThanOrEqualTo(3);
        browser.screenshot("classroom-2-instructor-reads");
        browser.byTestId("nav-signout").click();
        browser.waitFor(Browser.testId("nav-signin"));
    }
}
