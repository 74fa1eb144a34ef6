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

    private RunningApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public static RunningApp onH2(String url) {
        // Command-line arguments, not default properties: application.properties must not win.
        return new RunningApp(new SpringApplicationBuilder(HandshakeLabApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + url, "--spring.main.banner-mode=off"));
    }

    public static RunningApp onPostgres(String url) {
        return new RunningApp(new SpringApplicationBuilder(HandshakeLabApplication.class)
                .profiles("postgres")
                .run("--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=app",
                        "--spring.datasource.password=", "--spring.main.banner-mode=off"));
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
                .POST(HttpRequest.BodyPublishers.ofString(Api.json().writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs JSON, which must come with 200. */
    public JsonNode getJson(String path) throws IOException, InterruptedException {
        return Api.json().readTree(get(path));
    }

    /** GETs and returns the body as text, which must come with 200. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
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
