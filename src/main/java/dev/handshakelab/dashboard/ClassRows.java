package dev.handshakelab.dashboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The class view's rows, one per student of a course, read in one query: the student, their
 * session(s) and its dashboard facts, judged by the {@link StuckRules} in force at the time now.
 *
 * <p>For an assignment, a student's attempts are their sessions for the course started from the
 * assignment's exercise (through the assignment, or the exercise with the course), and those that
 * replaced one on a reset. The row's score and checks are the best attempt's (most points; of
 * equals the earliest, as the assignment's score picks it), and it is passed if that attempt
 * passes every check; otherwise its status is judged on the current attempt (the newest not
 * replaced), which is also the session the row opens. For a course without assignments, a
 * student's current session is the newest one not replaced by a reset, among those for this
 * course, else among those for no course.
 */
@Component
class ClassRows {

    /** One student's row, as the class view and every live update show it. */
    record Row(UUID studentId, String username, String displayName, UUID sessionId, String status, String reason,
            Integer checksPassed, Integer checksTotal, Integer score, Integer points, Instant lastActivity, int steps,
            String endpoints, UUID assignmentId, UUID bestSessionId, int attempts) {}

    /** Whose rows: a course's for one of its assignments (its exercise, its rules), or (no assignment) the course's. */
    record View(UUID assignmentId, String exerciseId, StuckRules.Settings rules) {}

    private static final String FACTS = """
            d.started_at, d.student_steps, d.last_step_at, d.checks_passed, d.checks_total, d.score, d.points,
            d.progress_at, d.steps_since_progress, d.failing, d.rst_streak, d.endpoints, d.predictions,
            d.prediction_repeats, d.repeated_prediction""";

    private static final String COURSE = """
            select u.id as student_id, u.username, u.display_name, s.id as session_id, s.updated_at, %1$s,
                   s.id as best_session_id, d.checks_passed as best_checks_passed, d.checks_total as best_checks_total,
                   d.score as best_score, d.points as best_points, case when s.id is null then 0 else 1 end as attempts
            from course_student cs
            join app_user u on u.id = cs.user_id
            left join (select ls.id, ls.owner_user_id, ls.created_at, ls.updated_at,
                              row_number() over (partition by ls.owner_user_id
                                  order by case when ls.course_id = ? then 0 else 1 end, ls.created_at desc) as rn
                       from lab_session ls
                       where ls.replaced_by is null and (ls.course_id = ? or ls.course_id is null)
                         and ls.owner_user_id in (select user_id from course_student where course_id = ? %%1$s)) s
                   on s.owner_user_id = u.id and s.rn = 1
            left join dashboard_session d on d.session_id = s.id
            where cs.course_id = ? %%2$s
            order by u.username""".formatted(FACTS);

    private static final String ASSIGNMENT = """
            with attempt as (
                select d.*, ls.owner_user_id, ls.updated_at,
                       row_number() over (partition by ls.owner_user_id
                           order by case when ls.replaced_by is null then 0 else 1 end, d.started_at desc) as current_rn,
                       row_number() over (partition by ls.owner_user_id order by coalesce(d.score, -1) desc, d.started_at) as best_rn,
                       count(*) over (partition by ls.owner_user_id) as attempts
                from dashboard_session d join lab_session ls on ls.id = d.session_id
                where ls.course_id = ? and d.exercise_id = ? %%1$s
                  -- by the owner index: a course's students' sessions, not every session
                  and ls.owner_user_id in (select user_id from course_student where course_id = ?))
            select u.id as student_id, u.username, u.display_name, d.session_id, d.updated_at, %1$s,
                   b.session_id as best_session_id, b.checks_passed as best_checks_passed, b.checks_total as best_checks_total,
                   b.score as best_score, b.points as best_points, coalesce(d.attempts, 0) as attempts
            from course_student cs
            join app_user u on u.id = cs.user_id
            left join attempt d on d.owner_user_id = u.id and d.current_rn = 1
            left join attempt b on b.owner_user_id = u.id and b.best_rn = 1
            where cs.course_id = ? %%2$s
            order by u.username""".formatted(FACTS);

    private final JdbcClient jdbc;
    private final StuckRules rules;
    private final Clock clock;

    ClassRows(JdbcClient jdbc, StuckRules rules, Clock clock) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.clock = clock;
    }

    /** Every student's row. */
    List<Row> all(UUID course, View view) {
        Instant now = clock.instant();
        return query(course, view, null).query((rs, n) -> row(rs, now, view)).list();
    }

    /** One student's row; empty if they are not a student of the course. */
    Optional<Row> one(UUID course, UUID student, View view) {
        Instant now = clock.instant();
        return query(course, view, student).query((rs, n) -> row(rs, now, view)).optional();
    }

    /** Every student's current session's facts (absent for those who have not started), for the mistakes panel. */
    List<SessionFacts> facts(UUID course, View view) {
        return query(course, view, null).query((rs, n) -> facts(rs)).list().stream().filter(Objects::nonNull).toList();
    }

    private JdbcClient.StatementSpec query(UUID course, View view, UUID student) {
        String only = student == null ? "" : "and %s = ?";
        if (view.assignmentId() == null) {
            String sql = COURSE.formatted(only.formatted("user_id"), only.formatted("cs.user_id"));
            return student == null ? jdbc.sql(sql).params(course, course, course, course)
                    : jdbc.sql(sql).params(course, course, course, student, course, student);
        }
        String sql = ASSIGNMENT.formatted(only.formatted("ls.owner_user_id"), only.formatted("cs.user_id"));
        return student == null ? jdbc.sql(sql).params(course, view.exerciseId(), course, course)
                : jdbc.sql(sql).params(course, view.exerciseId(), student, course, course, student);
    }

    private Row row(ResultSet rs, Instant now, View view) throws SQLException {
        SessionFacts f = facts(rs);
        UUID session = rs.getObject("session_id", UUID.class);
        StuckRules.Verdict v = rules.judge(session == null ? null : f != null ? f : unknown(rs), now, view.rules());
        Integer bestPassed = rs.getObject("best_checks_passed", Integer.class);
        Integer bestTotal = rs.getObject("best_checks_total", Integer.class);
        UUID best = rs.getObject("best_session_id", UUID.class);
        int attempts = rs.getInt("attempts");
        if (bestTotal != null && bestTotal > 0 && bestPassed != null && bestPassed.equals(bestTotal)
                && v.status() != StuckRules.Status.PASSED) {
            // an earlier attempt passed: the assignment is done, whatever the newest attempt is at
            v = new StuckRules.Verdict(StuckRules.Status.PASSED, "all " + bestTotal + " checks pass (best of " + attempts + " attempts)");
        }
        Instant last = session == null ? null : f == null ? instant(rs, "updated_at")
                : f.lastStepAt() != null ? f.lastStepAt() : f.startedAt();
        return new Row(rs.getObject("student_id", UUID.class), rs.getString("username"), rs.getString("display_name"), session,
                v.status().label(), v.reason(), bestPassed, bestTotal, rs.getObject("best_score", Integer.class),
                rs.getObject("best_points", Integer.class), last, f == null ? 0 : f.studentSteps(), f == null ? null : f.endpoints(),
                view.assignmentId(), best, attempts);
    }

    /** A session from before the dashboard kept facts: started when it was last touched, nothing known. */
    private static SessionFacts unknown(ResultSet rs) throws SQLException {
        Instant at = instant(rs, "updated_at");
        return new SessionFacts(rs.getObject("session_id", UUID.class), at, 1, at, null, null, null, null, at, 0, null, 0, null, null,
                0, null);
    }

    private static SessionFacts facts(ResultSet rs) throws SQLException {
        Instant started = instant(rs, "started_at");
        if (started == null) {
            return null;
        }
        return new SessionFacts(rs.getObject("session_id", UUID.class), started, rs.getInt("student_steps"),
                instant(rs, "last_step_at"), rs.getObject("checks_passed", Integer.class),
                rs.getObject("checks_total", Integer.class), rs.getObject("score", Integer.class),
                rs.getObject("points", Integer.class), instant(rs, "progress_at"), rs.getInt("steps_since_progress"),
                rs.getString("failing"), rs.getInt("rst_streak"), rs.getString("endpoints"), rs.getString("predictions"),
                rs.getInt("prediction_repeats"), rs.getString("repeated_prediction"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
