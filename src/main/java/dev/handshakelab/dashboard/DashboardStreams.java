package dev.handshakelab.dashboard;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open dashboard streams of this instance, per course, and their delivery. Told that a
 * course's log grew (by this instance after its own commit on H2, or by PostgreSQL's
 * notification from any instance), one delivery thread reads the log after the last update it
 * sent and sends every stream what it has not had. Reading from the log, not passing updates
 * along, is what makes delivery exact: each stream gets every update once, in number order,
 * whatever order or how often it is told.
 */
@Component
class DashboardStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DashboardStreams.class);

    /**
     * One stream: its emitter, the number of the last update it was sent (or passed over), and
     * the assignment whose rows it wants (null: every row of the course, each labelled with its
     * {@code assignmentId}).
     */
    private static final class Stream {
        final SseEmitter emitter;
        final UUID assignment;
        long sent;

        Stream(SseEmitter emitter, UUID assignment, long sent) {
            this.emitter = emitter;
            this.assignment = assignment;
            this.sent = sent;
        }

        boolean wants(DashboardFeed.Update u) {
            return assignment == null || assignment.equals(u.assignmentId());
        }
    }

    /** A course's streams on this instance; every send to them happens under its lock, in order. */
    private static final class Course {
        final List<Stream> streams = new CopyOnWriteArrayList<>();
        final AtomicBoolean pending = new AtomicBoolean();
    }

    private final Map<UUID, Course> courses = new ConcurrentHashMap<>();
    private final DashboardFeed feed;
    private final DashboardProperties settings;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dashboard-delivery");
        t.setDaemon(true);
        return t;
    });

    DashboardStreams(DashboardFeed feed, DashboardProperties settings) {
        this.feed = feed;
        this.settings = settings;
    }

    /**
     * Opens a stream of the course's updates after {@code after} (the Last-Event-ID, or the
     * number the class view was read at; null: from now on). If the log no longer holds the
     * update right after it, the stream starts with a {@code reload} event: the client reads the
     * whole class view again and follows from the number that came with it. With an assignment,
     * only the rows of its view are sent; the others' numbers are passed over (so the ids of one
     * assignment's stream have gaps, and resuming from any of them is still exact).
     */
    SseEmitter open(UUID courseId, UUID assignment, Long after) {
        SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
        Course course = courses.computeIfAbsent(courseId, id -> new Course());
        synchronized (course) {
            long last = feed.lastSeq(courseId);
            long from = after == null || after > last ? last : after;
            Stream stream = new Stream(emitter, assignment, from);
            try {
                Long oldest = feed.oldestKept(courseId);
                if (from < last && (oldest == null || oldest > from + 1)) {
                    emitter.send(SseEmitter.event().name("reload").data("{\"lastEventId\":" + last + "}", MediaType.APPLICATION_JSON));
                    stream.sent = last;
                } else {
                    // the comment makes the response start now: the client's open event, and proxies see a live stream
                    emitter.send(SseEmitter.event().comment("resuming after " + from));
                    sendAfter(courseId, stream, last);
                }
            } catch (IOException | IllegalStateException gone) {
                emitter.completeWithError(gone);
                return emitter;
            }
            course.streams.add(stream);
            Runnable remove = () -> course.streams.remove(stream);
            emitter.onCompletion(remove);
            emitter.onTimeout(remove);
            emitter.onError(e -> remove.run());
        }
        return emitter;
    }

    /** The course's log grew: deliver on the delivery thread (coalesced: one read however often told). */
    void grew(UUID courseId) {
        Course course = courses.get(courseId);
        if (course == null || course.streams.isEmpty() || !course.pending.compareAndSet(false, true)) {
            return;
        }
        delivery.execute(() -> {
            course.pending.set(false);
            deliver(courseId, course);
        });
    }

    /** Every course with streams here: after a lost connection to PostgreSQL, which may have lost notifications. */
    void grewAll() {
        courses.keySet().forEach(this::grew);
    }

    /** The courses that have an open stream on this instance. */
    List<UUID> watched() {
        return courses.entrySet().stream().filter(e -> !e.getValue().streams.isEmpty()).map(Map.Entry::getKey).toList();
    }

    private void deliver(UUID courseId, Course course) {
        try {
            synchronized (course) {
                long last = feed.lastSeq(courseId);
                for (Stream s : course.streams) {
                    try {
                        sendAfter(courseId, s, last);
                    } catch (IOException | IllegalStateException gone) {
                        course.streams.remove(s);
                        s.emitter.completeWithError(gone);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("dashboard delivery for course {} failed; the next update retries it", courseId, e);
        }
    }

    private void sendAfter(UUID courseId, Stream s, long last) throws IOException {
        if (s.sent >= last) {
            return;
        }
        for (DashboardFeed.Update u : feed.between(courseId, s.sent, last)) {
            if (s.wants(u)) {
                s.emitter.send(SseEmitter.event().id(Long.toString(u.seq())).name("row").data(u.body(), MediaType.APPLICATION_JSON));
            }
            s.sent = u.seq();
        }
        s.sent = Math.max(s.sent, last);
    }

    /** A comment on every stream now and then: proxies keep it open, and a client that left is found and dropped. */
    @Scheduled(fixedDelayString = "${handshake-lab.dashboard.heartbeat:15s}")
    void heartbeat() {
        courses.forEach((id, course) -> delivery.execute(() -> {
            synchronized (course) {
                for (Stream s : course.streams) {
                    try {
                        s.emitter.send(SseEmitter.event().comment("heartbeat"));
                    } catch (IOException | IllegalStateException gone) {
                        course.streams.remove(s);
                        s.emitter.completeWithError(gone);
                    }
                }
            }
        }));
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream when the app stops, before the web server's graceful shutdown (a later
     * phase) waits for requests to finish: an open stream never finishes by itself. Browsers
     * reconnect, to another instance behind the proxy, and resume with Last-Event-ID.
     */
    @Override
    public void stop() {
        running = false;
        delivery.shutdownNow();
        courses.values().forEach(c -> c.streams.forEach(s -> s.emitter.complete()));
        courses.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
