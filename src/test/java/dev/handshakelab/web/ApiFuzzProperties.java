package dev.handshakelab.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.RawHttp;
import dev.handshakelab.support.RunningApp;
import dev.handshakelab.web.OpenApiRequests.FuzzRequest;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes every operation of the running app's own OpenAPI document ({@code /v3/api-docs}) over
 * real HTTP, with requests {@link OpenApiRequests} makes from it, careful and hostile alike.
 * Whatever is sent: no answer is a 5xx; every 4xx is an {@code application/problem+json}
 * document with type, title, status and detail; no answer names a Java type.
 *
 * <p>{@value #DEFAULT_REQUESTS} requests by default, a few seconds; a long run by hand:
 * {@code ./mvnw -DskipFrontend test -Dtest=ApiFuzzProperties -Dhandshake-lab.fuzz.requests=100000}.
 * The figures are printed at the end.
 */
class ApiFuzzProperties {

    static final int DEFAULT_REQUESTS = 3000;
    static final int REQUESTS = Integer.getInteger("handshake-lab.fuzz.requests", DEFAULT_REQUESTS);
    /** Each try sends a batch of requests; the number of tries is fixed so the batch grows with the total. */
    private static final int TRIES = 100;
    /** A Java or library package name: never part of an answer. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(java|javax|jakarta|tools\\.jackson|com\\.fasterxml|dev\\.handshakelab|org\\.springframework|org\\.apache|org\\.hibernate|org\\.h2)\\.");

    private static RunningApp app;
    private static RawHttp http;
    private static OpenApiRequests requests;
    private static final Map<String, AtomicLong> FIGURES = new TreeMap<>();
    /** Time spent per operation, to see where a run goes. */
    private static final Map<String, AtomicLong> MILLIS = new TreeMap<>();
    private static long startedNanos;

    @BeforeContainer
    static void start() throws IOException {
        app = RunningApp.onH2("jdbc:h2:mem:fuzz-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        http = new RawHttp("127.0.0.1", app.port(), app.credentials());
        RawHttp.Response docs = http.send("GET", "/v3/api-docs", Map.of(), null);
        requests = new OpenApiRequests(Api.json().readTree(docs.body()));
        // Careful requests first, every operation in the document's order, so that the answers
        // hand out ids (sessions, connections) for the fuzzed requests to use.
        Random random = new Random(1);
        for (int round = 0; round < 3; round++) {
            for (OpenApiRequests.Operation op : requests.operations()) {
                FuzzRequest r = requests.careful(op, random);
                check(r, send(r));
            }
        }
        startedNanos = System.nanoTime();
    }

    @AfterContainer
    static void stop() {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        System.out.printf("API fuzz: %d operations, %d requests in %.1f s: %s%n", requests == null ? 0 : requests.operations().size(),
                figure("requests"), millis / 1000.0, FIGURES);
        System.out.println("API fuzz: milliseconds by operation: " + MILLIS);
        if (http != null) {
            http.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void noAnswerIsA5xxAndEveryErrorIsAProblemDocument(@ForAll("batches") List<FuzzRequest> batch) throws IOException {
        for (FuzzRequest r : batch) {
            check(r, send(r));
        }
    }

    @Provide
    Arbitrary<List<FuzzRequest>> batches() {
        return Arbitraries.randomValue(random -> requests.next(random)).list().ofSize(Math.max(1, REQUESTS / TRIES));
    }

    private static RawHttp.Response send(FuzzRequest r) throws IOException {
        long start = System.nanoTime();
        RawHttp.Response answer = http.send(r.method(), r.target(), r.headers(), r.body());
        synchronized (MILLIS) {
            MILLIS.computeIfAbsent(r.operation().name(), k -> new AtomicLong()).addAndGet((System.nanoTime() - start) / 1_000_000);
        }
        return answer;
    }

    private static void check(FuzzRequest r, RawHttp.Response answer) {
        count("requests");
        count(answer.status() / 100 + "xx");
        count("status " + answer.status());
        List<String> wrong = new ArrayList<>();
        String text = answer.text();
        if (answer.status() >= 500) {
            count("5xx answers");
            wrong.add("is a " + answer.status());
        }
        if (answer.status() >= 400 && !"HEAD".equals(r.method()) && !isProblem(answer)) {
            count("non-problem errors");
            wrong.add("is not a problem document with type, title, status and detail");
        }
        if (JAVA_NAME.matcher(text).find() || text.contains("Exception")) {
            count("answers naming Java types");
            wrong.add("names a Java type");
        }
        if (!wrong.isEmpty()) {
            throw new AssertionError("The answer " + wrong + " to " + r.operation().name() + ":\n  " + r + "\n  -> " + answer.status() + " "
                    + answer.contentType() + " " + (text.length() > 2000 ? text.substring(0, 2000) : text));
        }
        if (answer.status() < 300 && answer.contentType().startsWith("application/json") && answer.body().length > 0) {
            requests.learn(r.operation(), Api.json().readTree(answer.body()));
        } else if (answer.status() == 404) {
            requests.forget(r);
        }
    }

    private static boolean isProblem(RawHttp.Response answer) {
        if (!answer.contentType().startsWith("application/problem+json")) {
            return false;
        }
        try {
            JsonNode p = Api.json().readTree(answer.body());
            return p.path("type").isString() && p.path("type").asString().startsWith(ApiProblems.BASE)
                    && p.path("title").isString() && !p.path("title").asString().isBlank()
                    && p.path("status").asInt() == answer.status()
                    && p.path("detail").isString() && !p.path("detail").asString().isBlank();
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private static void count(String figure) {
        synchronized (FIGURES) {
            FIGURES.computeIfAbsent(figure, k -> new AtomicLong()).incrementAndGet();
        }
    }

    private static long figure(String name) {
        AtomicLong value = FIGURES.get(name);
        return value == null ? 0 : value.get();
    }
}
