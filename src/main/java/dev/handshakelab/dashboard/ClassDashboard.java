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

    /**
     * The whole class view, and the number of the latest update it includes: a stream opened
     * {@code after} it misses nothing. {@code assignmentId} is the assignment it is of (null: the
     * course has none, and the rows are the students' current sessions); {@code assignments} are
     * the course's, newest first, to choose from.
     */
    record ClassView(UUID courseId, String courseName, UUID assignmentId, String exerciseId,
            List<DashboardAssignments.Choice> assignments, long lastEventId, Instant at, List<String> rules,
            List<ClassRows.Row> rows) {}

    /** Per check, how many students' current attempts fail it, and the typical explanations; per prediction, the typical wrong answers. */
    record Mistakes(UUID courseId, UUID assignmentId, int graded, List<CheckMistakes> checks, List<PredictionMistake> predictions) {}

    /**
     * A prediction: of the students whose prediction was graded, how many got some field wrong,
     * and the typical wrong answers, each named so the same mistake counts once ("ack = your ISN
     * instead of your ISN + 1"), with the share of the graded students who made it.
     */
    record PredictionMistake(String predictionId, String prompt, int graded, int wrong, int percent, List<WrongAnswer> typical) {}

    record WrongAnswer(String field, String label, int students, int percent) {}

    record CheckMistakes(String checkId, String title, int failing, int percent, List<Typical> typical) {}

    /** An explanation of a failure, with the session-specific numbers left out, and how many students got it. */
    record Typical(String explanation, int students, String example) {}

    private final JdbcClient jdbc;
    private final Callers callers;
    private final Courses courses;
    private final ClassRows rows;
    private final DashboardAssignments assignments;
    private final DashboardFeed feed;
    private final JsonMapper json;
    private final Clock clock;

    ClassDashboard(JdbcClient jdbc, Callers callers, Courses courses, ClassRows rows, DashboardAssignments assignments,
            DashboardFeed feed, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.callers = callers;
        this.courses = courses;
        this.rows = rows;
        this.assignments = assignments;
        this.feed = feed;
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
    public ClassView view(String courseId, UUID assignmentId) {
        UUID id = allowed(courseId);
        ClassRows.View v = assignments.view(id, assignmentId);
        // the number first: an update committed while the rows are read is sent again, never lost
        long last = feed.lastSeq(id);
        String name = jdbc.sql("select name from course where id = ?").param(id).query(String.class).single();
        return new ClassView(id, name, v.assignmentId(), v.exerciseId(), assignments.choices(id), last, clock.instant(),
                v.rules().stated(), rows.all(id, v));
    }

    /** The stream's assignment: the one asked for (404 unless the course's), else none (every row, labelled). */
    UUID streamed(UUID course, UUID assignmentId) {
        return assignmentId == null ? null : assignments.view(course, assignmentId).assignmentId();
    }

    @Transactional(readOnly = true)
    public DashboardAssignments.AssignmentRules rules(String courseId, String assignmentId) {
        return assignments.rules(allowed(courseId), Ids.parse(assignmentId, "assignment-not-found"));
    }

    @Transactional
    public DashboardAssignments.AssignmentRules setRules(String courseId, String assignmentId, DashboardAssignments.Rules r) {
        return assignments.setRules(allowed(courseId), Ids.parse(assignmentId, "assignment-not-found"), r);
    }

    @Transactional(readOnly = true)
    public Mistakes mistakes(String courseId, UUID assignmentId) {
        UUID id = allowed(courseId);
        ClassRows.View v = assignments.view(id, assignmentId);
        List<SessionFacts> current = rows.facts(id, v);
        List<SessionFacts> graded = current.stream().filter(SessionFacts::graded).toList();
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
        return new Mistakes(id, v.assignmentId(), graded.size(), checks, predictions(current));
    }

    /** Per prediction, over the students' current attempts whose prediction was graded: the wrong answers by label. */
    private List<PredictionMistake> predictions(List<SessionFacts> current) {
        Map<String, String> prompts = new LinkedHashMap<>();
        Map<String, Integer> graded = new LinkedHashMap<>();
        Map<String, java.util.Set<UUID>> wrong = new LinkedHashMap<>();
        Map<String, Map<List<String>, Integer>> answers = new LinkedHashMap<>();
        for (SessionFacts f : current) {
            if (f.predictions() == null) {
                continue;
            }
            PredictionMistakes.Graded g = json.readValue(f.predictions(), PredictionMistakes.Graded.class);
            g.graded().forEach(p -> graded.merge(p, 1, Integer::sum));
            for (PredictionMistakes.Wrong w : g.wrong()) {
                prompts.putIfAbsent(w.id(), w.prompt());
                wrong.computeIfAbsent(w.id(), k -> new java.util.HashSet<>()).add(f.sessionId());
                answers.computeIfAbsent(w.id(), k -> new LinkedHashMap<>()).merge(List.of(w.field(), w.label()), 1, Integer::sum);
            }
        }
        List<PredictionMistake> out = new ArrayList<>();
        wrong.forEach((predictionId, students) -> {
            int of = graded.getOrDefault(predictionId, students.size());
            List<WrongAnswer> typical = answers.get(predictionId).entrySet().stream()
                    .map(e -> new WrongAnswer(e.getKey().get(0), e.getKey().get(1), e.getValue(), Math.round(100f * e.getValue() / of)))
                    .sorted(Comparator.comparingInt(WrongAnswer::students).reversed()).limit(5).toList();
            out.add(new PredictionMistake(predictionId, prompts.get(predictionId), of, students.size(),
                    Math.round(100f * students.size() / of), typical));
        });
        out.sort(Comparator.comparingInt(PredictionMistake::wrong).reversed());
        return out;
    }

    /**
     * An explanation with its numbers (sequence numbers, ports, times: different in every
     * session) replaced by "n", so that the same mistake made by many students counts once.
     */
    static String typical(String explanation) {
        return explanation.replaceAll("\\d+", "n");
    }
}
