package dev.handshakelab.assignment;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.handshakelab.account.Accounts;
import dev.handshakelab.account.Caller;
import dev.handshakelab.assignment.AssignmentViews.AttemptScore;
import dev.handshakelab.assignment.AssignmentViews.Cell;
import dev.handshakelab.course.Courses;
import dev.handshakelab.exercise.Exercise;
import dev.handshakelab.exercise.ExerciseService;
import dev.handshakelab.exercise.ExerciseViews;
import dev.handshakelab.limits.HeavyOperations;
import dev.handshakelab.session.SessionReset;
import dev.handshakelab.session.SessionService;
import dev.handshakelab.session.api.SessionView;
import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.ResourceNotFoundException;
import dev.handshakelab.web.ServiceBusyException;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assignments and scores: the service behind {@code /api/v1/courses/{courseId}/assignments} and
 * {@code /scores}, and the one a dashboard reads. Every method takes the calling account and
 * answers 404 ({@code course-not-found}) unless the caller teaches or attends the course, exactly
 * as the course itself; instructors (co-instructors too) see everyone, a student only themself.
 *
 * <p>An attempt's score is the server's grade of its stored history ({@link ExerciseService#grade},
 * which replays it first), summed over every {@link PointsSource}. Grades are cached on the attempt
 * with the session's step count they were taken at, and taken again when the session has moved on,
 * so reading a class's scores grades only what changed. The assignment's score is the best
 * attempt's. Past the due date attempts are still allowed; an attempt started after it, or whose
 * session last changed after it, is late, and the score says whether its best attempt is late and
 * what the best on-time attempt earned.
 */
@Service
public class Assignments {

    private static final TypeReference<Map<String, PointsSource.Part>> PARTS = new TypeReference<>() {};
    private static final Instant EARLIEST_DUE = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST_DUE = Instant.parse("9999-12-31T23:59:59Z");

    private final JdbcClient jdbc;
    private final Courses courses;
    private final ExerciseService exercises;
    private final Accounts accounts;
    private final SessionService sessions;
    private final HeavyOperations heavy;
    private final List<PointsSource> sources;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    Assignments(JdbcClient jdbc, Courses courses, ExerciseService exercises, Accounts accounts,
            SessionService sessions, HeavyOperations heavy, List<PointsSource> sources, JsonMapper json) {
        this.jdbc = jdbc;
        this.courses = courses;
        this.exercises = exercises;
        this.accounts = accounts;
        this.sessions = sessions;
        this.heavy = heavy;
        this.sources = List.copyOf(sources);
        this.json = json;
    }

    /** An assignment row. */
    record Row(UUID id, UUID courseId, String exerciseId, Integer exerciseVersion, Instant dueAt, Instant assignedAt) {}

    /** An attempt row with its cached score and the session's current step count. */
    record AttemptRow(UUID sessionId, UUID assignmentId, UUID studentId, int attemptNo, Instant startedAt, Integer scoredSteps,
            Integer earned, Integer points, String parts, Instant lastStepAt, int steps, Integer exerciseVersion) {}

    // ------------------------------------------------------------------ assigning

    /**
     * Assigns an exercise to a course the caller teaches; once per exercise and course. An
     * authored exercise (the caller's own, or any for an admin) is pinned at its newest version:
     * later edits do not change what the course's students get.
     */
    @Transactional
    public AssignmentViews.Assignment assign(Caller.Account by, UUID courseId, String exerciseId, Instant dueAt) {
        courses.instructed(by, courseId);
        Exercise e = knownExercise(exerciseId);
        if (dueAt != null && (dueAt.isBefore(EARLIEST_DUE) || dueAt.isAfter(LATEST_DUE))) {
            // beyond what every database stores (PostgreSQL's timestamps end in 294276)
            throw new InvalidRequestException("dueAt", "between 2000 and 9999", "must fall in the years 2000 to 9999");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        try {
            jdbc.sql("insert into assignment (id, course_id, exercise_id, exercise_version, due_at, assigned_by, created_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?)").params(id, courseId, e.id(), e.version(), utc(dueAt), by.id(), utc(now)).update();
        } catch (DuplicateKeyException already) {
            throw new InvalidRequestException("exerciseId", "not yet assigned",
                    "'" + e.id() + "' is already assigned to this course");
        }
        return view(new Row(id, courseId, e.id(), e.version(), dueAt, now), null);
    }

    /**
     * Moves an assignment of an authored exercise to another of its versions (the newest after an
     * edit, say): attempts started from now on run it; earlier attempts keep theirs and are graded
     * by it. Only the exercise's author (or an admin) may, among the course's instructors.
     */
    @Transactional
    public AssignmentViews.Assignment moveTo(Caller.Account by, UUID courseId, UUID assignmentId, int version) {
        courses.instructed(by, courseId);
        Row r = row(courseId, assignmentId);
        if (r.exerciseVersion() == null) {
            throw new InvalidRequestException("exerciseVersion", "authored exercise",
                    "'" + r.exerciseId() + "' is a built-in exercise: it has no versions");
        }
        Exercise newest;
        try {
            newest = exercises.exercise(r.exerciseId());
        } catch (ResourceNotFoundException notTheirs) {
            throw new InvalidRequestException("exerciseVersion", "your exercise",
                    "only the author of '" + r.exerciseId() + "' (or an admin) moves its assignments to another version");
        }
        if (version < 1 || version > newest.version()) {
            throw new InvalidRequestException("exerciseVersion", "existing version",
                    "'" + r.exerciseId() + "' has versions 1 to " + newest.version());
        }
        jdbc.sql("update assignment set exercise_version = ? where id = ?").params(version, assignmentId).update();
        return view(new Row(r.id(), courseId, r.exerciseId(), version, r.dueAt(), r.assignedAt()), null);
    }

    /** The course's assignments, in syllabus order; a student's carry their own attempts and best score. */
    public List<AssignmentViews.Assignment> list(Caller.Account me, UUID courseId) {
        boolean instructor = role(me, courseId);
        List<Row> rows = rows(courseId);
        if (instructor) {
            return rows.stream().map(r -> view(r, null)).toList();
        }
        Map<UUID, List<AttemptScore>> mine = scored(attempts(courseId, me.id())).stream()
                .collect(Collectors.groupingBy(a -> a.row().assignmentId(), LinkedHashMap::new,
                        Collectors.mapping(Scored::score, Collectors.toList())));
        return rows.stream().map(r -> {
            List<AttemptScore> attempts = mine.getOrDefault(r.id(), List.of());
            Optional<AttemptScore> best = best(attempts);
            return view(r, new AssignmentViews.Mine(status(best, points(exercise(r))), best.orElse(null), attempts));
        }).toList();
    }

    /**
     * Starts a new attempt for a student of the course: a session from the exercise, for the
     * course, linked to the assignment. Every earlier attempt is kept; a new attempt is how a
     * student starts over. After the due date it is allowed, and marked late.
     */
    @Transactional
    public AssignmentViews.StartedAttempt start(Caller.Account me, UUID courseId, UUID assignmentId) {
        if (role(me, courseId)) {
            // the scores are the students'; an instructor tries an exercise with POST /exercises/{id}/attempts
            throw notFound();
        }
        Row r = row(courseId, assignmentId);
        ExerciseViews.Attempt attempt = exercises.start(exercise(r), courseId.toString());
        UUID session = UUID.fromString(attempt.sessionId());
        Instant now = clock.instant();
        // one student starting two attempts at once: the unique (assignment, student, no) refuses the second number
        for (int tries = 0; ; tries++) {
            int no = jdbc.sql("select coalesce(max(attempt_no), 0) + 1 from assignment_attempt where assignment_id = ? and student_id = ?")
                    .params(assignmentId, me.id()).query(Integer.class).single();
            try {
                jdbc.sql("insert into assignment_attempt (session_id, assignment_id, student_id, attempt_no, started_at) values (?, ?, ?, ?, ?)")
                        .params(session, assignmentId, me.id(), no, utc(now)).update();
                return new AssignmentViews.StartedAttempt(assignmentId, r.exerciseId(), session, no, late(r.dueAt(), now, null));
            } catch (DuplicateKeyException race) {
                if (tries == 3) {
                    throw race;
                }
            }
        }
    }

    /**
     * A session reset (by its student or an instructor of the course) is the assignment's next
     * attempt: the old attempt and its score are kept, and the fresh session is numbered after
     * the student's last attempt, as if the student had started it. It is on time or late by
     * when the reset happened.
     */
    @EventListener
    void onReset(SessionReset reset) {
        jdbc.sql("""
                insert into assignment_attempt (session_id, assignment_id, student_id, attempt_no, started_at)
                select ?, t.assignment_id, t.student_id,
                       (select max(o.attempt_no) + 1 from assignment_attempt o
                        where o.assignment_id = t.assignment_id and o.student_id = t.student_id), ?
                from assignment_attempt t where t.session_id = ?""")
                .params(reset.freshSessionId(), utc(reset.at()), reset.oldSessionId()).update();
    }

    // ------------------------------------------------------------------ scores

    /**
     * The course's scores, per student and per assignment. An instructor gets every student of
     * the course and a summary per assignment; a student gets only their own row.
     */
    public AssignmentViews.ScoreTable scores(Caller.Account me, UUID courseId) {
        boolean instructor = role(me, courseId);
        List<Row> rows = rows(courseId);
        List<Courses.Person> people = instructor ? courses.view(me, courseId).students()
                : List.of(new Courses.Person(me.id(), me.username(), displayName(me), null));
        List<Scored> attempts = scored(instructor ? attempts(courseId, null) : attempts(courseId, me.id()));
        Map<UUID, Map<UUID, List<AttemptScore>>> byStudent = new LinkedHashMap<>();
        for (Scored s : attempts) {
            byStudent.computeIfAbsent(s.row().studentId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.row().assignmentId(), k -> new ArrayList<>()).add(s.score());
        }
        List<AssignmentViews.Column> columns = rows.stream()
                .map(r -> new AssignmentViews.Column(r.id(), r.exerciseId(), exercise(r).title(), points(exercise(r)), r.dueAt()))
                .toList();
        List<AssignmentViews.StudentRow> students = new ArrayList<>();
        for (Courses.Person p : people) {
            Map<UUID, List<AttemptScore>> theirs = byStudent.getOrDefault(p.id(), Map.of());
            List<Cell> cells = rows.stream().map(r -> cell(r, theirs.getOrDefault(r.id(), List.of()))).toList();
            students.add(new AssignmentViews.StudentRow(p.id(), p.username(), p.displayName(),
                    cells.stream().mapToInt(c -> c.earned() == null ? 0 : c.earned()).sum(),
                    cells.stream().mapToInt(Cell::points).sum(), cells));
        }
        List<AssignmentViews.ExerciseSummary> summary = instructor ? summarise(rows, students) : null;
        return new AssignmentViews.ScoreTable(courseId, columns, students, summary);
    }

    /**
     * The instructor's scores as CSV (RFC 4180, written by commons-csv): one line per student and
     * assignment, with the header line first.
     */
    public String csv(Caller.Account me, UUID courseId) {
        if (!role(me, courseId)) {
            throw notFound();
        }
        AssignmentViews.ScoreTable table = scores(me, courseId);
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader("username", "display_name", "exercise_id", "title", "due_at",
                "status", "earned", "points", "attempts", "late", "on_time_earned", "best_session_id").get();
        try (CSVPrinter csv = new CSVPrinter(out, format)) {
            for (AssignmentViews.StudentRow s : table.students()) {
                for (int i = 0; i < s.scores().size(); i++) {
                    Cell c = s.scores().get(i);
                    AssignmentViews.Column col = table.assignments().get(i);
                    csv.printRecord(s.username(), s.displayName(), c.exerciseId(), col.title(), col.dueAt(), c.status(),
                            c.earned(), c.points(), c.attempts(), c.late(), c.onTimeEarned(), c.bestSessionId());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ grading, cached

    record Scored(AttemptRow row, AttemptScore score) {}

    /** Each attempt with its score: the cached grade if the session has not moved on since, else a fresh one. */
    private List<Scored> scored(List<AttemptRow> rows) {
        Map<UUID, Row> assignments = new LinkedHashMap<>();
        List<Scored> out = new ArrayList<>();
        for (AttemptRow a : rows) {
            Row r = assignments.computeIfAbsent(a.assignmentId(), this::rowById);
            // the version the attempt started with: an assignment moved to another version since keeps grading its old attempts by theirs
            Exercise e = exercises.exercise(r.exerciseId(), a.exerciseVersion());
            AttemptRow now = a.scoredSteps() != null && a.scoredSteps() == a.steps() ? a : regrade(a, e).orElse(a);
            boolean current = now.scoredSteps() != null && now.scoredSteps() == now.steps();
            Map<String, PointsSource.Part> parts = now.parts() == null ? Map.of() : json.readValue(now.parts(), PARTS);
            out.add(new Scored(now, new AttemptScore(now.sessionId(), now.attemptNo(), now.startedAt(),
                    late(r.dueAt(), now.startedAt(), now.lastStepAt()), now.earned(),
                    now.points() != null ? now.points() : points(e), parts, current)));
        }
        return out;
    }

    /**
     * Grades the attempt again as the caller (who may read the session: its student, or an
     * instructor of the student's course) and stores the score with the step count it is for.
     * Empty when it cannot be graded now: the server is busy with heavy work, the history does
     * not replay (never graded), or the caller may no longer read it.
     */
    private Optional<AttemptRow> regrade(AttemptRow a, Exercise e) {
        String id = a.sessionId().toString();
        ExerciseViews.Grade grade;
        SessionView session;
        try {
            session = sessions.get(id);
            grade = heavy.run(id, "grade", () -> exercises.grade(id));
        } catch (ServiceBusyException | ExerciseService.ReplayMismatchException | ResourceNotFoundException notNow) {
            return Optional.empty();
        }
        Map<String, PointsSource.Part> parts = new LinkedHashMap<>();
        for (PointsSource s : sources) {
            parts.put(s.part(), s.points(e, grade));
        }
        int earned = parts.values().stream().mapToInt(PointsSource.Part::earned).sum();
        int points = parts.values().stream().mapToInt(PointsSource.Part::points).sum();
        String partsJson = json.writeValueAsString(parts);
        // the steps the grade saw: a step stored while grading makes the next read grade again
        int steps = Math.min(session.steps(), a.steps());
        jdbc.sql("update assignment_attempt set scored_steps = ?, earned = ?, points = ?, parts = ?, last_step_at = ? where session_id = ?")
                .params(steps, earned, points, partsJson, utc(session.updatedAt()), a.sessionId()).update();
        return Optional.of(new AttemptRow(a.sessionId(), a.assignmentId(), a.studentId(), a.attemptNo(), a.startedAt(), steps, earned,
                points, partsJson, session.updatedAt(), a.steps(), a.exerciseVersion()));
    }

    // ------------------------------------------------------------------ helpers

    private Cell cell(Row r, List<AttemptScore> attempts) {
        int points = points(exercise(r));
        Optional<AttemptScore> best = best(attempts);
        Optional<AttemptScore> onTime = best(attempts.stream().filter(a -> !a.late()).toList());
        return new Cell(r.id(), r.exerciseId(), status(best, points), best.map(AttemptScore::earned).orElse(null),
                best.map(AttemptScore::points).orElse(points), attempts.size(), best.map(AttemptScore::late).orElse(false),
                onTime.map(AttemptScore::earned).orElse(null), best.map(AttemptScore::sessionId).orElse(null));
    }

    /** The best attempt: most points earned; of equals the earliest (so an on-time one before a late one). */
    private static Optional<AttemptScore> best(List<AttemptScore> attempts) {
        return attempts.stream().filter(a -> a.earned() != null)
                .max(Comparator.comparingInt(AttemptScore::earned).thenComparing(AttemptScore::attemptNo, Comparator.reverseOrder()))
                .or(() -> attempts.stream().findFirst());
    }

    private static String status(Optional<AttemptScore> best, int points) {
        if (best.isEmpty()) {
            return "not-started";
        }
        Integer earned = best.get().earned();
        return earned != null && earned >= best.get().points() && points > 0 ? "completed" : "started";
    }

    private static List<AssignmentViews.ExerciseSummary> summarise(List<Row> rows, List<AssignmentViews.StudentRow> students) {
        List<AssignmentViews.ExerciseSummary> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            int col = i;
            List<Cell> cells = students.stream().map(s -> s.scores().get(col)).toList();
            List<Cell> attempted = cells.stream().filter(c -> c.attempts() > 0).toList();
            Double mean = attempted.isEmpty() ? null
                    : attempted.stream().mapToInt(c -> c.earned() == null ? 0 : c.earned()).average().orElse(0);
            int points = cells.isEmpty() ? 0 : cells.get(0).points();
            out.add(new AssignmentViews.ExerciseSummary(rows.get(i).id(), rows.get(i).exerciseId(), cells.size(), attempted.size(),
                    (int) cells.stream().filter(c -> c.status().equals("completed")).count(), mean, points));
        }
        return out;
    }

    /** Late: started after the due date, or its session last changed after it. */
    private static boolean late(Instant due, Instant startedAt, Instant lastStepAt) {
        return due != null && (startedAt.isAfter(due) || lastStepAt != null && lastStepAt.isAfter(due));
    }

    /** The most an attempt can earn: every source's maximum. */
    private int points(Exercise e) {
        return sources.stream().mapToInt(s -> s.maxPoints(e)).sum();
    }

    /** True for an instructor of the course, false for a student; anyone else finds no such course. */
    private boolean role(Caller.Account me, UUID courseId) {
        return "instructor".equals(courses.view(me, courseId).myRole());
    }

    private Exercise knownExercise(String exerciseId) {
        try {
            return exercises.exercise(exerciseId);
        } catch (ResourceNotFoundException unknown) {
            throw new InvalidRequestException("exerciseId", "known exercise",
                    "'" + exerciseId + "' is not an exercise; see GET /api/v1/exercises");
        }
    }

    /** The exercise as assigned: the built-in one, or the authored one's pinned version. */
    private Exercise exercise(Row r) {
        return exercises.exercise(r.exerciseId(), r.exerciseVersion());
    }

    private AssignmentViews.Assignment view(Row r, AssignmentViews.Mine mine) {
        Exercise e = exercise(r);
        return new AssignmentViews.Assignment(r.id(), r.courseId(), e.id(), e.version(), e.title(), e.learningGoal(), points(e), r.dueAt(),
                r.assignedAt(), mine);
    }

    private static final String ROW = "select id, course_id, exercise_id, exercise_version, due_at, created_at from assignment ";

    private List<Row> rows(UUID courseId) {
        List<Row> rows = jdbc.sql(ROW + "where course_id = ?").param(courseId).query(this::row).list();
        // syllabus order, as the catalogue lists exercises (an authored one by the order its definition gives)
        return rows.stream().sorted(Comparator.comparingInt((Row r) -> exercise(r).order()).thenComparing(Row::assignedAt)).toList();
    }

    private Row row(UUID courseId, UUID assignmentId) {
        return jdbc.sql(ROW + "where id = ? and course_id = ?").params(assignmentId, courseId).query(this::row).optional()
                .orElseThrow(() -> new ResourceNotFoundException("assignment-not-found", "There is no such assignment in this course."));
    }

    private Row rowById(UUID assignmentId) {
        return jdbc.sql(ROW + "where id = ?").param(assignmentId).query(this::row).single();
    }

    private Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getObject("course_id", UUID.class), rs.getString("exercise_id"),
                (Integer) rs.getObject("exercise_version"), instant(rs, "due_at"), instant(rs, "created_at"));
    }

    /**
     * The attempts at the course's assignments, of one student or (null) of all, oldest first. The
     * session's step count is read beside them only to tell whether the cached score is current;
     * the grade itself is taken through SessionService, which checks who may read the session.
     */
    private List<AttemptRow> attempts(UUID courseId, UUID student) {
        String sql = """
                select t.session_id, t.assignment_id, t.student_id, t.attempt_no, t.started_at, t.scored_steps, t.earned, t.points,
                       t.parts, t.last_step_at, s.step_count, e.exercise_version
                from assignment_attempt t join assignment a on a.id = t.assignment_id join lab_session s on s.id = t.session_id
                     join exercise_attempt e on e.session_id = t.session_id
                where a.course_id = ?""" + (student == null ? "" : " and t.student_id = ?") + " order by t.started_at, t.attempt_no";
        var spec = jdbc.sql(sql).param(courseId);
        if (student != null) {
            spec = spec.param(student);
        }
        return spec.query((rs, n) -> new AttemptRow(rs.getObject("session_id", UUID.class), rs.getObject("assignment_id", UUID.class),
                rs.getObject("student_id", UUID.class), rs.getInt("attempt_no"), instant(rs, "started_at"),
                (Integer) rs.getObject("scored_steps"), (Integer) rs.getObject("earned"), (Integer) rs.getObject("points"),
                rs.getString("parts"), instant(rs, "last_step_at"), rs.getInt("step_count"), (Integer) rs.getObject("exercise_version")))
                .list();
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private String displayName(Caller.Account me) {
        return accounts.findByUsername(me.username()).map(Accounts.Account::displayName).orElse(me.username());
    }

    static ResourceNotFoundException notFound() {
        return new ResourceNotFoundException("course-not-found", "There is no such course.");
    }
}
