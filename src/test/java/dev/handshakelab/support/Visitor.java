package dev.handshakelab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * One client of the app over real HTTP, as a person or a script would be: its own cookie jar
 * (session, guest and CSRF cookies, kept like a browser keeps them), the CSRF header on every
 * write once it has the cookie (as the page sends it), and optionally an API token.
 */
public final class Visitor {

    private final String base;
    private final CookieManager cookies;
    private final HttpClient http;
    private String token;
    private boolean sendCsrf = true;

    public Visitor(String base) {
        this(base, new CookieManager());
    }

    private Visitor(String base, CookieManager cookies) {
        this.base = base;
        this.cookies = cookies;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
    }

    /**
     * The same browser, talking to another instance of the app (as through a proxy that does not
     * stick a browser to one instance): the cookies are shared, so is the CSRF token.
     */
    public Visitor at(String otherBase) {
        Visitor v = new Visitor(otherBase, cookies);
        v.token = token;
        v.sendCsrf = sendCsrf;
        return v;
    }

    /** A script: every request carries this API token. */
    public static Visitor withToken(String base, String token) {
        Visitor v = new Visitor(base);
        v.token = token;
        return v;
    }

    /** A visitor that opened the page first, as a browser does: it holds the CSRF cookie. */
    public static Visitor browser(String base) {
        Visitor v = new Visitor(base);
        v.get("/api/v1/auth/me");
        return v;
    }

    /** Stops sending the CSRF header: what a cross-site form post carries (the cookies, not the header). */
    public Visitor withoutCsrfHeader() {
        sendCsrf = false;
        return this;
    }

    public Visitor signIn(String username, String password) {
        get("/api/v1/auth/me");
        HttpResponse<String> r = send("POST", "/api/v1/auth/login", "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("sign-in as " + username + ": " + r.statusCode() + " " + r.body());
        }
        get("/api/v1/auth/me"); // the new CSRF token of the signed-in session
        return this;
    }

    /** A new API token of the account, made the way a person makes one: sign in, then the account page's call. */
    public static String token(String base, String username, String password) {
        HttpResponse<String> created = browser(base).signIn(username, password).post("/api/v1/account/tokens", "{\"name\":\"tests\"}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("token creation failed: " + created.statusCode() + " " + created.body());
        }
        return Api.json().readTree(created.body()).get("token").asString();
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    public JsonNode json(HttpResponse<String> r) {
        return Api.json().readTree(r.body());
    }

    public HttpResponse<String> send(String method, String path, String body, String contentType) {
        return send(method, path, body, contentType, "application/json");
    }

    /** A request that accepts {@code accept} (a page: text/html; a capture: its file type). */
    public HttpResponse<String> send(String method, String path, String body, String contentType, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        Optional<String> xsrf = cookie("XSRF-TOKEN");
        if (sendCsrf && xsrf.isPresent() && !method.equals("GET")) {
            b.header("X-XSRF-TOKEN", xsrf.get());
        }
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue)
                .findFirst();
    }

    public String base() {
        return base;
    }
}
