package dev.handshakelab.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.TestAccounts;
import dev.handshakelab.support.Visitor;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what, over real HTTP: roles, an instructor's read-only view of their students'
 * sessions, resets, tokens, guests, CSRF and the headers every answer carries.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class AccountsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    dev.handshakelab.session.SessionService sessions;

    String base;

    @BeforeEach
    void setUp() {
        base = "http://127.0.0.1:" + port;
    }

    Visitor as(String username, Role role) {
        return Visitor.withToken(base, accounts.token(username, role));
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aStudentCannotCallInstructorOrAdminOperations_theyAnswer404AsIfTheyDidNotExist() {
        Visitor student = as(unique("stu"), Role.STUDENT);
        assertThat(student.post("/api/v1/courses", "{\"name\":\"mine\",\"term\":\"now\"}").statusCode()).isEqualTo(404);
        assertThat(student.get("/api/v1/admin/users").statusCode()).isEqualTo(404);
        assertThat(student.post("/api/v1/admin/users", "{\"username\":\"x-" + UUID.randomUUID() + "\",\"role\":\"ADMIN\"}")
                .statusCode()).isEqualTo(404);
        assertThat(student.get("/actuator/metrics").statusCode()).as("actuator beyond health").isEqualTo(404);
        assertThat(new Visitor(base).get("/actuator/metrics").statusCode()).isEqualTo(401);
        assertThat(as("admin", Role.ADMIN).get("/actuator/metrics").statusCode()).isEqualTo(200);
        assertThat(new Visitor(base).get("/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void requestsAreMeasuredOnceEach_notOncePerSecurityFilter() {
        Visitor admin = as("admin", Role.ADMIN);
        admin.get("/api/v1/sessions");
        JsonNode names = admin.json(admin.get("/actuator/metrics")).get("names");
        java.util.List<String> meters = new java.util.ArrayList<>();
        names.forEach(n -> meters.add(n.asString()));
        // every request still has its timer; Spring Security's per-filter observations are off (SecurityConfig)
        assertThat(meters).contains("http.server.requests").noneMatch(m -> m.startsWith("spring.security"));
    }

    @Test
    void anInstructorReadsTheirStudentsSessions_readOnly_andOnlyThoseOfTheirOwnCourses() {
        Visitor teacher = as(unique("teach"), Role.INSTRUCTOR);
        Visitor otherTeacher = as(unique("teach"), Role.INSTRUCTOR);
        String studentName = unique("stu");
        Visitor student = as(studentName, Role.STUDENT);
        JsonNode course = teacher.json(teacher.post("/api/v1/courses", "{\"name\":\"Networks\",\"term\":\"2027\"}"));
        otherTeacher.post("/api/v1/courses", "{\"name\":\"Other\",\"term\":\"2027\"}");
        assertThat(student.post("/api/v1/courses/join", "{\"joinCode\":\"" + course.get("joinCode").asString() + "\"}").statusCode())
                .isEqualTo(200);
        JsonNode session = student.json(student.post("/api/v1/sessions", "{\"name\":\"hw1\",\"template\":\"basic-handshake\"}"));
        String id = session.get("id").asString();
        assertThat(session.get("access").asString()).isEqualTo("owner");
        student.post("/api/v1/sessions/" + id + "/segments", "{\"from\":{\"port\":40000},\"flags\":[\"SYN\"],\"seq\":1}");

        // the instructor sees it, with every view, but as a reader
        JsonNode read = teacher.json(teacher.get("/api/v1/sessions/" + id));
        assertThat(read.get("access").asString()).isEqualTo("read");
        assertThat(read.get("owner").get("username").asString()).isEqualTo(studentName);
        assertThat(teacher.get("/api/v1/sessions/" + id + "/history").statusCode()).isEqualTo(200);
        assertThat(teacher.get("/api/v1/sessions/" + id + "/snapshot").statusCode()).isEqualTo(200);
        assertThat(teacher.send("GET", "/api/v1/sessions/" + id + "/capture?format=pcap", null, null,
                "application/vnd.tcpdump.pcap").statusCode()).isEqualTo(200);
        JsonNode listed = teacher.json(teacher.get("/api/v1/courses/" + course.get("id").asString() + "/sessions"));
        assertThat(listed.get("items").valueStream().map(s -> s.get("id").asString())).contains(id);
        // ... and never runs a step, renames or deletes
        int steps = read.get("steps").asInt();
        assertThat(teacher.post("/api/v1/sessions/" + id + "/clock", "{\"advanceMillis\":1000}").statusCode()).isEqualTo(404);
        assertThat(teacher.send("PATCH", "/api/v1/sessions/" + id, "{\"name\":\"mine now\"}", "application/json").statusCode())
                .isEqualTo(404);
        assertThat(teacher.send("DELETE", "/api/v1/sessions/" + id, null, null).statusCode()).isEqualTo(404);
        assertThat(student.json(student.get("/api/v1/sessions/" + id)).get("steps").asInt()).isEqualTo(steps);
        // another course's instructor sees nothing
        assertThat(otherTeacher.get("/api/v1/sessions/" + id).statusCode()).isEqualTo(404);
        assertThat(otherTeacher.get("/api/v1/courses/" + course.get("id").asString() + "/sessions").statusCode()).isEqualTo(404);
        assertThat(otherTeacher.get("/api/v1/courses/" + course.get("id").asString()).statusCode()).isEqualTo(404);

        // a reset: a fresh session from the same template for the student; the old one kept
        JsonNode fresh = teacher.json(teacher.post("/api/v1/sessions/" + id + "/reset", null));
        assertThat(fresh.get("template").asString()).isEqualTo("basic-handshake");
        assertThat(fresh.get("owner").get("username").asString()).isEqualTo(studentName);
        assertThat(fresh.get("seed").asLong()).isNotEqualTo(read.get("seed").asLong());
        JsonNode old = student.json(student.get("/api/v1/sessions/" + id));
        assertThat(old.get("replacedBy").asString()).isEqualTo(fresh.get("id").asString());
        assertThat(old.get("steps").asInt()).isEqualTo(steps);
        assertThat(student.json(student.get("/api/v1/sessions/" + fresh.get("id").asString())).get("access").asString())
                .isEqualTo("owner");

        // removed from the course, the student's sessions are no longer the instructor's to read
        String studentId = student.json(student.get("/api/v1/auth/me")).get("account").get("id").asString();
        assertThat(teacher.send("DELETE", "/api/v1/courses/" + course.get("id").asString() + "/students/" + studentId, null, null)
                .statusCode()).isEqualTo(204);
        assertThat(teacher.get("/api/v1/sessions/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aRosterAddsStudentsAllOrNothing_andNamesTheLineThatIsWrong() {
        Visitor teacher = as(unique("teach"), Role.INSTRUCTOR);
        String courseId = teacher.json(teacher.post("/api/v1/courses", "{\"name\":\"Roster\",\"term\":\"2027\"}")).get("id").asString();
        String a = unique("ros");
        HttpResponse<String> bad = teacher.post("/api/v1/courses/" + courseId + "/roster",
                "{\"csv\":\"username,display name,e-mail\\n" + a + ",A\\nNot A Name!,B\\n\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(teacher.json(bad).get("errors").get(0).get("field").asString()).isEqualTo("roster[line 3].username");
        assertThat(jdbc.sql("select count(*) from app_user where username = ?").param(a).query(Long.class).single())
                .as("all or nothing: the good line was not added either").isZero();
        JsonNode good = teacher.json(teacher.post("/api/v1/courses/" + courseId + "/roster",
                "{\"csv\":\"" + a + ",\\\"Lovelace, Ada\\\",ada@example.org\\n\"}"));
        assertThat(good.get("created").asInt()).isEqualTo(1);
        String password = good.get("rows").get(0).get("initialPassword").asString();
        assertThat(good.get("rows").get(0).get("displayName").asString()).isEqualTo("Lovelace, Ada");
        Visitor student = Visitor.browser(base).signIn(a, password);
        assertThat(student.json(student.get("/api/v1/courses")).get(0).get("id").asString()).isEqualTo(courseId);
    }

    @Test
    void aRevokedOrExpiredTokenGets401_andATokenIsNeverAnsweredOrLoggedAfterItsCreation(CapturedOutput output) {
        String name = unique("tok");
        accounts.account(name, Role.STUDENT);
        Visitor browser = Visitor.browser(base).signIn(name, TestAccounts.PASSWORD);
        JsonNode created = browser.json(browser.post("/api/v1/account/tokens", "{\"name\":\"ci\"}"));
        String token = created.get("token").asString();
        assertThat(token).startsWith("hlt_").hasSizeGreaterThan(40);
        Visitor script = Visitor.withToken(base, token);
        String session = script.json(script.post("/api/v1/sessions", "{\"name\":\"by token\"}")).get("id").asString();
        for (String path : new String[] {"/api/v1/account/tokens", "/api/v1/auth/me", "/api/v1/sessions/" + session,
                "/api/v1/sessions"}) {
            assertThat(browser.get(path).body()).as(path).doesNotContain(token);
            assertThat(script.get(path).body()).as(path).doesNotContain(token);
        }
        assertThat(output.getAll()).as("logs").doesNotContain(token);
        assertThat(script.get("/api/v1/sessions/" + session).headers().allValues("Set-Cookie"))
                .as("a script's requests keep no session and get no cookie").isEmpty();
        assertThat(jdbc.sql("select count(*) from api_token where token_hash = ?").param(token).query(Long.class).single())
                .as("stored only as a hash").isZero();

        // revoked
        String tokenId = created.get("id").asString();
        assertThat(browser.send("DELETE", "/api/v1/account/tokens/" + tokenId, null, null).statusCode()).isEqualTo(204);
        HttpResponse<String> refused = script.get("/api/v1/sessions/" + session);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        // expired: made to expire later, and that moment then moved into the past (no waiting on a clock)
        String second = browser.json(browser.post("/api/v1/account/tokens",
                "{\"name\":\"soon\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}")).get("token").asString();
        jdbc.sql("update api_token set expires_at = timestamp with time zone '2000-01-01 00:00:00+00' where token_hash = ?")
                .param(ApiTokens.hash(second)).update();
        assertThat(Visitor.withToken(base, second).get("/api/v1/sessions").statusCode()).isEqualTo(401);
        assertThat(browser.json(browser.get("/api/v1/account/tokens")).valueStream()
                .filter(t -> t.get("name").asString().equals("soon")).findFirst().orElseThrow().get("active").asBoolean()).isFalse();
        assertThat(Visitor.withToken(base, token + "x").get("/api/v1/sessions").statusCode()).as("a made-up token").isEqualTo(401);
        // another user's token id is as unknown as a made-up one
        assertThat(as(unique("other"), Role.STUDENT).send("DELETE", "/api/v1/account/tokens/" + tokenId, null, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aCrossSiteFormPostWithTheBrowsersCookieIsRefused_andChangesNothing() {
        String name = unique("csrf");
        accounts.account(name, Role.STUDENT);
        Visitor victim = Visitor.browser(base).signIn(name, TestAccounts.PASSWORD);
        long before = victim.json(victim.get("/api/v1/sessions")).get("total").asLong();
        // what another site's form makes the victim's browser send: the cookies, no CSRF header
        Visitor forged = victim.withoutCsrfHeader();
        HttpResponse<String> r = forged.send("POST", "/api/v1/sessions", "name=pwned", "application/x-www-form-urlencoded");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("csrf");
        assertThat(forged.post("/api/v1/sessions", "{\"name\":\"pwned\"}").statusCode()).isEqualTo(403);
        assertThat(forged.post("/api/v1/account/tokens", "{\"name\":\"stolen\"}").statusCode()).isEqualTo(403);
        Visitor page = Visitor.browser(base).signIn(name, TestAccounts.PASSWORD);
        assertThat(page.json(page.get("/api/v1/sessions")).get("total").asLong()).isEqualTo(before);
        assertThat(page.json(page.get("/api/v1/account/tokens")).size()).isZero();
        // the page itself, sending the header, may
        assertThat(page.post("/api/v1/sessions", "{\"name\":\"mine\"}").statusCode()).isEqualTo(201);
        // signing in needs the token too (a forged sign-in would log the victim into the attacker's account)
        assertThat(new Visitor(base).send("POST", "/api/v1/auth/login", "username=" + name + "&password=" + TestAccounts.PASSWORD,
                "application/x-www-form-urlencoded").statusCode()).isEqualTo(403);
    }

    @Test
    void aGuestsSessionsAreTheirBrowsersOnly_andMoveToTheAccountItSignsInTo() {
        Visitor guest = Visitor.browser(base);
        String id = guest.json(guest.post("/api/v1/sessions", "{\"name\":\"as a guest\"}")).get("id").asString();
        assertThat(guest.json(guest.get("/api/v1/auth/me")).get("guest").asBoolean()).isTrue();
        assertThat(guest.json(guest.get("/api/v1/sessions")).get("total").asLong()).isEqualTo(1);
        Visitor otherGuest = Visitor.browser(base);
        otherGuest.post("/api/v1/sessions", "{\"name\":\"someone else\"}");
        assertThat(otherGuest.get("/api/v1/sessions/" + id).statusCode()).isEqualTo(404);
        assertThat(new Visitor(base).get("/api/v1/sessions/" + id).statusCode()).isEqualTo(404);
        assertThat(as(unique("x"), Role.STUDENT).get("/api/v1/sessions/" + id).statusCode()).isEqualTo(404);
        // a forged guest cookie (another id, or a signature that does not match) is nobody
        assertThat(guest.cookie("HL_GUEST").orElseThrow()).matches("[0-9a-f-]{36}\\.[A-Za-z0-9_-]+");

        String name = unique("conv");
        accounts.account(name, Role.STUDENT);
        guest.signIn(name, TestAccounts.PASSWORD);
        JsonNode moved = guest.json(guest.get("/api/v1/sessions/" + id));
        assertThat(moved.get("owner").get("username").asString()).isEqualTo(name);
        assertThat(Visitor.withToken(base, accounts.token(name, Role.STUDENT)).get("/api/v1/sessions/" + id).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aGuestSessionUntouchedForTheGuestsTimeToLiveIsGone_firstFromSightThenFromStorage() {
        Visitor guest = Visitor.browser(base);
        String id = guest.json(guest.post("/api/v1/sessions", "{\"name\":\"forgotten\"}")).get("id").asString();
        assertThat(guest.get("/api/v1/sessions/" + id).statusCode()).isEqualTo(200);
        // eight days untouched (the default time to live is seven)
        jdbc.sql("update lab_session set updated_at = updated_at - interval '8' day where id = ?").param(UUID.fromString(id)).update();
        assertThat(guest.get("/api/v1/sessions/" + id).statusCode()).as("expired: invisible at once").isEqualTo(404);
        while (sessions.deleteExpiredGuestSessions(java.time.Duration.ofDays(7), 50) == 50) {
            // a batch at a time, as the scheduled clean-up does
        }
        assertThat(jdbc.sql("select count(*) from lab_session where id = ?").param(UUID.fromString(id)).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from session_step where session_id = ?").param(UUID.fromString(id)).query(Long.class)
                .single()).isZero();
    }

    @Test
    void signInIsThrottledPerAccountAfterRepeatedFailures_whetherOrNotTheAccountExists() {
        String name = unique("thr");
        accounts.account(name, Role.STUDENT);
        Visitor v = Visitor.browser(base);
        for (int i = 0; i < 5; i++) {
            assertThat(v.send("POST", "/api/v1/auth/login", "username=" + name + "&password=wrong-" + i,
                    "application/x-www-form-urlencoded").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = v.send("POST", "/api/v1/auth/login", "username=" + name + "&password="
                + TestAccounts.PASSWORD, "application/x-www-form-urlencoded");
        assertThat(throttled.statusCode()).as("even the right password, until the window passes").isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        // an unknown name is answered like a known one
        String ghost = unique("ghost");
        for (int i = 0; i < 5; i++) {
            v.send("POST", "/api/v1/auth/login", "username=" + ghost + "&password=x", "application/x-www-form-urlencoded");
        }
        assertThat(v.send("POST", "/api/v1/auth/login", "username=" + ghost + "&password=x", "application/x-www-form-urlencoded")
                .statusCode()).isEqualTo(429);
        // another account is not affected
        String other = unique("fine");
        accounts.account(other, Role.STUDENT);
        Visitor.browser(base).signIn(other, TestAccounts.PASSWORD);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders_andErrorsNoStackTraces() {
        for (String path : new String[] {"/", "/api/v1/templates", "/api/v1/sessions/nope", "/swagger-ui/index.html"}) {
            HttpResponse<String> r = new Visitor(base).send("GET", path, null, null, path.startsWith("/api") ? "application/json" : "text/html");
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).as(path)
                    .contains("default-src 'self'").contains("frame-ancestors 'none'").contains("script-src 'self'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.body()).as(path).doesNotContain("at dev.handshakelab", "Exception");
        }
    }

    @Test
    void passwordsAreStoredHashed_andAChangeNeedsTheCurrentOne() {
        String name = unique("pw");
        accounts.account(name, Role.STUDENT);
        assertThat(jdbc.sql("select password_hash from app_user where username = ?").param(name).query(String.class).single())
                .startsWith("{bcrypt}").doesNotContain(TestAccounts.PASSWORD);
        Visitor v = Visitor.browser(base).signIn(name, TestAccounts.PASSWORD);
        HttpResponse<String> wrong = v.send("PUT", "/api/v1/account/password",
                "{\"currentPassword\":\"not-it-at-all\",\"newPassword\":\"a-brand-new-passphrase\"}", "application/json");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(v.json(wrong).get("errors").get(0).get("field").asString()).isEqualTo("currentPassword");
        assertThat(v.send("PUT", "/api/v1/account/password", "{\"currentPassword\":\"" + TestAccounts.PASSWORD
                + "\",\"newPassword\":\"a-brand-new-passphrase\"}", "application/json").statusCode()).isEqualTo(204);
        Visitor.browser(base).signIn(name, "a-brand-new-passphrase");
        // an admin's reset gives a random password, shown once
        String id = v.json(v.get("/api/v1/auth/me")).get("account").get("id").asString();
        String reset = as("admin", Role.ADMIN).json(as("admin", Role.ADMIN).post("/api/v1/admin/users/" + id + "/password-reset", null))
                .get("password").asString();
        Visitor.browser(base).signIn(name, reset);
    }
}
