package dev.handshakelab.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.handshakelab.HandshakeLabApplication;
import dev.handshakelab.account.Accounts;
import dev.handshakelab.account.ApiTokens;
import dev.handshakelab.account.Role;
import tools.jackson.databind.JsonNode;

/**
 * A whole app instance started on a database URL of the test's choosing (an H2 file, a
 * PostgreSQL server), talked to over real HTTP: for tests about restarts and several instances,
 * which the shared test context cannot show.
 */
public final class RunningApp implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String token;

    private RunningApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        // Instances on one database share their accounts: the first one creates the test account. An
        // admin, so that a test may also read what only admins may (the actuator's metrics).
        TestAccounts accounts = new TestAccounts(context.getBean(Accounts.class), context.getBean(ApiTokens.class));
        this.token = accounts.token("instance-admin", Role.ADMIN);
    }

    public static RunningApp onH2(String url, String... more) {
        // Command-line arguments, not default properties: application.properties must not win.
        return new RunningApp(new SpringApplicationBuilder(HandshakeLabApplication.class)
                .run(args(more, "--server.port=0", "--spring.datasource.url=" + url, "--spring.main.banner-mode=off")));
    }

    public static RunningApp onPostgres(String url, String... more) {
        return new RunningApp(new SpringApplicationBuilder(HandshakeLabApplication.class)
                .profiles("postgres")
                .run(args(more, "--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=app",
                        "--spring.datasource.password=", "--spring.main.banner-mode=off")));
    }

    private static String[] args(String[] more, String... base) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** Where the app answers: {@code http://127.0.0.1:<port>}. */
    public String base() {
        return base;
    }

    /** The API token this instance's requests carry (an account's; every instance's is valid on all). */
    public String token() {
        return token;
    }

    /** The Authorization header this instance's requests carry. */
    public java.util.Map<String, String> credentials() {
        return java.util.Map.of("Authorization", "Bearer " + token);
    }

    /** POSTs JSON and returns the answer, which must be 200 or 201. */
    public JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = postForResponse(path, body);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return Api.json().readTree(r.body());
    }

    /** POSTs JSON and returns the answer, which must come with {@code expectedStatus}. */
    public JsonNode post(String path, Object body, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> r = postForResponse(path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
        return Api.json().readTree(r.body());
    }

    /** POSTs JSON and returns the answer, whatever its status. */
    public HttpResponse<String> postForResponse(String path, Object body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(Api.json().writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs JSON, which must come with 200. */
    public JsonNode getJson(String path) throws IOException, InterruptedException {
        return Api.json().readTree(get(path));
    }

    /** GETs and returns the body as text, which must come with 200. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** The port the app listens on, on 127.0.0.1. */
    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
    }
}
