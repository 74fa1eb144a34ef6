package dev.handshakelab.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.handshakelab.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * A server-sent event stream read over real HTTP, as a browser's EventSource reads it (the
 * text/event-stream format of the HTML standard, section 9.2.6): fields until a blank line make
 * one event; comment lines (":") are skipped. Events are taken one at a time with a deadline.
 */
final class EventStream implements AutoCloseable {

    record Event(String id, String name, String data) {
        JsonNode json() {
            return Api.json().readTree(data);
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;
    final int status;

    private EventStream(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.body = response.body();
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream with a bearer token, and the Last-Event-ID header if given. */
    static EventStream open(String url, String token, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        return new EventStream(r);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name == null ? "message" : name, data.toString()));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            }
        } catch (IOException closed) {
            // the test closed the stream
        }
    }

    /** The next event, waiting at most {@code within}; fails if none came. */
    Event next(Duration within) throws InterruptedException {
        Event e = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + within);
        }
        return e;
    }

    /** The next event that is about this student's row (updates of others are skipped). */
    Event nextFor(String username, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Event e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if ("row".equals(e.name()) && e.json().path("username").asString("").equals(username)) {
                return e;
            }
        }
    }

    /** The events already received and not taken. */
    List<Event> drain() {
        List<Event> all = new ArrayList<>();
        events.drainTo(all);
        return all;
    }

    @Override
    public void close() throws IOException {
        body.close();
        reader.interrupt();
    }
}
