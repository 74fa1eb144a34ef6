package dev.handshakelab.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.handshakelab.account.Caller;
import dev.handshakelab.account.Callers;
import dev.handshakelab.account.Ids;
import dev.handshakelab.account.Role;
import dev.handshakelab.course.Courses;
import dev.handshakelab.web.ResourceNotFoundException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The class view and the common-mistakes panel of a course, for its instructors and admins only:
 * to anyone else (its students, another course's instructors) the course's dashboard does not
 * exist (404, as an unknown course).
 */
@Service
class ClassDashboard {

    /** The whole class view, and the number of the latest update it includes: a stream opened {@code after} it misses nothing. */
    record ClassView(UUID courseId, String courseName, long lastEventId, Instant at, List<String> rules, List<ClassRows.Row> rows) {}

    /** Per check, how many students' current sessions fail it, and the typical explanations. */
    record Mistakes(UUID courseId, int graded, List<CheckMistakes> checks) {}

    record CheckMistakes(String checkId, String title, int failing, int percent, List<Typical> typical) {}

    /** An explanation of a failure, with the session-specific numbers left out, and how many students got it. */
    record Typical(String explanation, int students, String example) {}

    private final JdbcClient jdbc;
    private final Callers callers;
    private final Courses courses;
    private final ClassRows rows;
    private final DashboardFeed feed;
    private final StuckRules rules;
    private final JsonMapper json;
    private final Clock clock;

    ClassDashboard(JdbcClient jdbc, Callers callers, Courses courses, ClassRows rows, DashboardFeed feed, StuckRules rules,
            JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.callers = callers;
        this.courses = courses;
        this.rows = rows;
        this.feed = feed;
        this.rules = rules;
        this.json = json;
        this.clock = clock;
    }

    /** The course, if the caller instructs it or is an admin; else 404 as if it did not exist. */
    UUID allowed(String courseId) {
        UUID id = Ids.parse(courseId, "course-not-found");
        Caller.Account me = callers.account();
        boolean exists = jdbc.sql("select count(*) from course where id = ?").param(id).query(Long.class).single() > 0;
        if (!exists || !(me.role() == Role.ADMIN || courses.instructs(me.id(), id))) {
            throw new ResourceNotFoundException("course-not-found", "There is no such course.");
        }
        return id;
    }

    @Transactional(readOnly = true)
    public ClassView view(String courseId) {
        UUID id = allowed(courseId);
        // the number first: an update committed while the rows are read is sent again, never lost
        long last = feed.lastSeq(id);
        String name = jdbc.sql("select name from course where id = ?").param(id).query(String.class).single();
        return new ClassView(id, name, last, clock.instant(), statedRules(), rows.all(id));
    }

    private List<String> statedRules() {
        DashboardProperties s = rules.settings();
        return List.of(
                "stuck: the server answered " + s.repeatedRst() + " ACKs in a row with RST",
                "stuck: no new check passed for " + s.noProgressAfter().toMinutes() + " min while sending (at least "
                        + s.noProgressSteps() + " steps)",
                "stuck: no step for " + s.idleAfterStart().toMinutes() + " min after starting a session");
    }

    @Transactional(readOnly = true)
    public Mistakes mistakes(String courseId) {
        UUID id = allowed(courseId);
        List<SessionFacts> graded = rows.facts(id).stream().filter(SessionFacts::graded).toList();
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, Integer> failing = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> explanations = new LinkedHashMap<>();
        for (SessionFacts f : graded) {
            if (f.failing() == null) {
                continue;
            }
            for (JsonNode check : json.readTree(f.failing())) {
                String checkId = check.path("id").asString();
                titles.putIfAbsent(checkId, check.path("title").asString());
                failing.merge(checkId, 1, Integer::sum);
                String said = check.path("explanation").asString("");
                explanations.computeIfAbsent(checkId, k -> new LinkedHashMap<>()).computeIfAbsent(typical(said), k -> new ArrayList<>())
                        .add(said);
            }
        }
        List<CheckMistakes> checks = new ArrayList<>();
        failing.forEach((checkId, count) -> {
            List<Typical> typical = explanations.get(checkId).entrySet().stream()
                    .map(e -> new Typical(e.getKey(), e.getValue().size(), e.getValue().get(0)))
                    .sorted(Comparator.comparingInt(Typical::students).reversed()).limit(3).toList();
            checks.add(new CheckMistakes(checkId, titles.get(checkId), count, Math.round(100f * count / graded.size()), typical));
        });
        checks.sort(Comparator.comparingInt(CheckMistakes::failing).reversed());
        return new Mistakes(id, graded.size(), checks);
    }

    /**
     * An explanation with its numbers (sequence numbers, ports, times: different in every
     * session) replaced by "n", so that the same mistake made by many students counts once.
     */
    static String typical(String explanation) {
        return explanation.replaceAll("\\d+", "n");
    }
}
