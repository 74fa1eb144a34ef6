package dev.handshakelab.dashboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The class view's rows, one per student of a course, read in one query: the student, their
 * current session for the course and its dashboard facts, judged by the {@link StuckRules} at the
 * time now. A student's current session is the newest one not replaced by a reset, among those
 * for this course, else among those for no course.
 */
@Component
class ClassRows {

    /** One student's row, as the class view and every live update show it. */
    record Row(UUID studentId, String username, String displayName, UUID sessionId, String status, String reason,
            Integer checksPassed, Integer checksTotal, Integer score, Integer points, Instant lastActivity, int steps,
            String endpoints) {}

    private static final String QUERY = """
            select u.id as student_id, u.username, u.display_name, s.id as session_id, s.updated_at,
                   d.started_at, d.student_steps, d.last_step_at, d.checks_passed, d.checks_total, d.score, d.points,
                   d.progress_at, d.steps_since_progress, d.failing, d.rst_streak, d.endpoints
            from course_student cs
            join app_user u on u.id = cs.user_id
            left join (select ls.id, ls.owner_user_id, ls.created_at, ls.updated_at,
                              row_number() over (partition by ls.owner_user_id
                                  order by case when ls.course_id = ? then 0 else 1 end, ls.created_at desc) as rn
                       from lab_session ls
                       where ls.replaced_by is null and (ls.course_id = ? or ls.course_id is null)
                         and ls.owner_user_id in (select user_id from course_student where course_id = ? %s)) s
                   on s.owner_user_id = u.id and s.rn = 1
            left join dashboard_session d on d.session_id = s.id
            where cs.course_id = ? %s
            order by u.username""";

    private final JdbcClient jdbc;
    private final StuckRules rules;
    private final Clock clock;

    ClassRows(JdbcClient jdbc, StuckRules rules, Clock clock) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.clock = clock;
    }

    /** Every student's row. */
    List<Row> all(UUID course) {
        Instant now = clock.instant();
        return jdbc.sql(QUERY.formatted("", "")).params(course, course, course, course).query((rs, n) -> row(rs, now)).list();
    }

    /** One student's row; empty if they are not a student of the course. */
    java.util.Optional<Row> one(UUID course, UUID student) {
        Instant now = clock.instant();
        return jdbc.sql(QUERY.formatted("and user_id = ?", "and cs.user_id = ?"))
                .params(course, course, course, student, course, student).query((rs, n) -> row(rs, now)).optional();
    }

    /** Every student's current session's facts (absent for those who have not started), for the mistakes panel. */
    List<SessionFacts> facts(UUID course) {
        return jdbc.sql(QUERY.formatted("", "")).params(course, course, course, course).query((rs, n) -> facts(rs))
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    private Row row(ResultSet rs, Instant now) throws SQLException {
        SessionFacts f = facts(rs);
        UUID session = rs.getObject("session_id", UUID.class);
        StuckRules.Verdict v = rules.judge(session == null ? null : f != null ? f : unknown(rs), now);
        Instant last = session == null ? null : f == null ? instant(rs, "updated_at")
                : f.lastStepAt() != null ? f.lastStepAt() : f.startedAt();
        return new Row(rs.getObject("student_id", UUID.class), rs.getString("username"), rs.getString("display_name"), session,
                v.status().label(), v.reason(), f == null ? null : f.checksPassed(), f == null ? null : f.checksTotal(),
                f == null ? null : f.score(), f == null ? null : f.points(), last, f == null ? 0 : f.studentSteps(),
                f == null ? null : f.endpoints());
    }

    /** A session from before the dashboard kept facts: started when it was last touched, nothing known. */
    private static SessionFacts unknown(ResultSet rs) throws SQLException {
        Instant at = instant(rs, "updated_at");
        return new SessionFacts(rs.getObject("session_id", UUID.class), at, 1, at, null, null, null, null, at, 0, null, 0, null);
    }

    private static SessionFacts facts(ResultSet rs) throws SQLException {
        Instant started = instant(rs, "started_at");
        if (started == null) {
            return null;
        }
        return new SessionFacts(rs.getObject("session_id", UUID.class), started, rs.getInt("student_steps"),
                instant(rs, "last_step_at"), (Integer) rs.getObject("checks_passed", Integer.class),
                rs.getObject("checks_total", Integer.class), rs.getObject("score", Integer.class),
                rs.getObject("points", Integer.class), instant(rs, "progress_at"), rs.getInt("steps_since_progress"),
                rs.getString("failing"), rs.getInt("rst_streak"), rs.getString("endpoints"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
