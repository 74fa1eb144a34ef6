package dev.handshakelab.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The one configuration every HTTP-level test shares (so Spring caches a single context): the
 * whole app on a random port, real HTTP through {@code RestTestClient}, and an in-memory H2
 * database migrated by Flyway like the file database, and an account whose API token the
 * injected client sends (see {@link TestAccounts}), and a clock tests may move forward ({@link TestClock}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:handshake-lab-tests;DB_CLOSE_DELAY=-1",
        "logging.level.dev.handshakelab.web.ProblemHandler=OFF",
        "handshake-lab.initial-admin.password=" + TestAccounts.ADMIN_PASSWORD})
@AutoConfigureRestTestClient
@Import({TestAccounts.class, TestClock.Config.class})
public @interface ApiTest {
}
