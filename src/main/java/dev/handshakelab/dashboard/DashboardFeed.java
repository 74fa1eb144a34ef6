package dev.handshakelab.dashboard;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each course's log of row updates, in the database so that any instance can resume any stream.
 * An update is numbered by taking the course's counter row lock ({@code UPDATE ... SET last_seq =
 * last_seq + 1}) and inserting in the same transaction: appends to one course commit one at a
 * time, in number order, so a reader who has seen number n and reads "after n" misses nothing
 * that is ever committed. The log keeps the last {@code replayLog} updates per course.
 *
 * <p>On PostgreSQL the append also sends {@code NOTIFY handshakelab_dashboard, '<course id>'},
 * which PostgreSQL delivers to every listening instance only when the transaction commits
 * (PostgreSQL documentation, NOTIFY: "if a NOTIFY is executed inside a transaction, the notify
 * events are not delivered until and unless the transaction is committed").
 */
@Component
class DashboardFeed {

    static final String CHANNEL = "handshakelab_dashboard";

    /** One update as the stream sends it: its number (the SSE id), the assignment whose row it is (null: the course's view), the row as JSON. */
    record Update(long seq, UUID assignmentId, String body) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final int keep;
    private final boolean postgres;

    DashboardFeed(JdbcClient jdbc, Clock clock, DashboardProperties settings, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        this.clock = clock;
        this.keep = settings.replayLog();
        try (Connection c = dataSource.getConnection()) {
            this.postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        }
    }

    boolean postgres() {
        return postgres;
    }

    /** Appends an update (a row of the assignment's view, or of the course's) to the course's log, in the caller's transaction; returns its number. */
    long append(UUID course, UUID assignment, UUID student, String body) {
        if (jdbc.sql("update dashboard_course set last_seq = last_seq + 1 where course_id = ?").param(course).update() == 0) {
            try {
                jdbc.sql("insert into dashboard_course (course_id, last_seq) values (?, 1)").param(course).update();
            } catch (DuplicateKeyException raced) {
                // another transaction made the counter first: take it as everyone else does
                jdbc.sql("update dashboard_course set last_seq = last_seq + 1 where course_id = ?").param(course).update();
            }
        }
        long seq = lastSeq(course);
        jdbc.sql("insert into dashboard_update (course_id, seq, assignment_id, student_id, body, created_at) values (?, ?, ?, ?, ?, ?)")
                .params(course, seq, assignment, student, body, clock.instant().atOffset(ZoneOffset.UTC)).update();
        if (seq > keep) {
            jdbc.sql("delete from dashboard_update where course_id = ? and seq <= ?").params(course, seq - keep).update();
        }
        if (postgres) {
            jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, course.toString()).query().singleRow();
        }
        return seq;
    }

    /** The number of the course's latest update, 0 if none. */
    long lastSeq(UUID course) {
        return jdbc.sql("select last_seq from dashboard_course where course_id = ?").param(course).query(Long.class).optional()
                .orElse(0L);
    }

    /** The number of the oldest update still kept, or null if the log is empty. */
    Long oldestKept(UUID course) {
        return jdbc.sql("select min(seq) from dashboard_update where course_id = ?").param(course).query(Long.class).optional()
                .orElse(null);
    }

    /** The updates after {@code seq} up to and including {@code upTo}, in order. */
    List<Update> between(UUID course, long seq, long upTo) {
        return jdbc.sql("select seq, assignment_id, body from dashboard_update where course_id = ? and seq > ? and seq <= ? order by seq")
                .params(course, seq, upTo)
                .query((rs, n) -> new Update(rs.getLong("seq"), rs.getObject("assignment_id", UUID.class), rs.getString("body"))).list();
    }
}
