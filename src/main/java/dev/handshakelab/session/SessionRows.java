package dev.handshakelab.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The rows a step reads and writes, over plain JDBC: the session row locked for the step, the
 * step itself, and the session's counters and clock after it. This is the hot path of every
 * request that runs a step, so it runs four statements and nothing else: no persistence
 * context to build, snapshot or flush. Listing, renaming and deleting stay with JPA.
 */
@Repository
class SessionRows {

    private static final String COLUMNS = """
            id, name, template, seed, profile, knobs, server_address, server_port, client_address, path, start_micros,
            step_count, event_count, now_micros, next_deadline_micros, created_at, updated_at, version,
            owner_user_id, owner_guest_id, course_id, replaced_by""";

    private final JdbcClient jdbc;

    SessionRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The session with its row locked until the transaction ends: steps on one session are
     * serialised through the database, so they hold across app instances too.
     *
     * <p>The lock is claimed by an UPDATE that changes nothing, then the row is read. That is
     * what {@code SELECT ... FOR UPDATE} does, on H2 and PostgreSQL alike, but H2 keeps no parsed
     * copy of a {@code FOR UPDATE} query and parsed it anew on every step (5% of a step's CPU
     * under load); an UPDATE and a plain SELECT come from its per-connection statement cache.
     */
    Optional<LabSession> lockForStep(UUID id) {
        if (jdbc.sql("update lab_session set version = version where id = ?").param(id).update() == 0) {
            return Optional.empty();
        }
        return jdbc.sql("select " + COLUMNS + " from lab_session where id = ?")
                .param(id)
                .query(SessionRows::session)
                .optional();
    }

    void insert(LabSession s) {
        jdbc.sql("insert into lab_session (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(s.getId(), s.getName(), s.getTemplate(), s.getSeed(), s.getProfile(), s.getKnobs(),
                        s.getServerAddress(), s.getServerPort(), s.getClientAddress(), s.getPath(), s.getStartMicros(),
                        s.getStepCount(), s.getEventCount(), s.getNowMicros(), s.getNextDeadlineMicros(),
                        utc(s.getCreatedAt()), utc(s.getUpdatedAt()), s.getVersion(), s.getOwnerUserId(),
                        s.getOwnerGuestId(), s.getCourseId(), s.getReplacedBy())
                .update();
    }

    void insertStep(SessionStep step) {
        jdbc.sql("""
                insert into session_step (session_id, step_no, kind, input, started_at_micros, ended_at_micros,
                                          first_event, event_count, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(step.getSessionId(), step.getStepNo(), step.getKind(), step.getInput(), step.getStartedAtMicros(),
                        step.getEndedAtMicros(), step.getFirstEvent(), step.getEventCount(), utc(step.getCreatedAt()))
                .update();
    }

    /** Writes how far the session has run; bumps the version JPA's optimistic check reads. */
    void saveProgress(LabSession s) {
        jdbc.sql("""
                update lab_session set step_count = ?, event_count = ?, now_micros = ?, next_deadline_micros = ?,
                                       updated_at = ?, version = version + 1
                where id = ?""")
                .params(s.getStepCount(), s.getEventCount(), s.getNowMicros(), s.getNextDeadlineMicros(),
                        utc(s.getUpdatedAt()), s.getId())
                .update();
        s.progressSaved();
    }

    /**
     * Writes a new name. The version stays: it says which steps the row holds, and a cached
     * world of this session is still its state (bumping it would make the next step replay the
     * whole session, a flood included, for a rename).
     */
    void saveName(LabSession s) {
        jdbc.sql("update lab_session set name = ?, updated_at = ? where id = ?")
                .params(s.getName(), utc(s.getUpdatedAt()), s.getId())
                .update();
    }

    /** Marks a session as replaced by the fresh one an instructor's reset started. */
    void saveReplacedBy(UUID id, UUID replacement) {
        jdbc.sql("update lab_session set replaced_by = ? where id = ?").params(replacement, id).update();
    }

    /** Hands every session a guest browser owned to the account it signed in to. */
    int moveGuestSessions(UUID guest, UUID account) {
        return jdbc.sql("update lab_session set owner_user_id = ?, owner_guest_id = null where owner_guest_id = ?")
                .params(account, guest).update();
    }

    /** The guest sessions nobody has touched since {@code before}: expired, to be deleted. */
    java.util.List<UUID> expiredGuestSessions(Instant before, int limit) {
        return jdbc.sql("select id from lab_session where owner_guest_id is not null and updated_at < ? order by updated_at limit ?")
                .params(utc(before), limit).query(UUID.class).list();
    }

    private static LabSession session(ResultSet rs, int row) throws SQLException {
        long next = rs.getLong("next_deadline_micros");
        Long nextDeadline = rs.wasNull() ? null : next;
        return LabSession.restore(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("template"),
                rs.getLong("seed"), rs.getString("profile"), rs.getString("knobs"), rs.getString("server_address"),
                rs.getInt("server_port"), rs.getString("client_address"), rs.getString("path"), rs.getLong("start_micros"),
                rs.getInt("step_count"), rs.getLong("event_count"), rs.getLong("now_micros"), nextDeadline,
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"),
                rs.getObject("owner_user_id", UUID.class), rs.getObject("owner_guest_id", UUID.class),
                rs.getObject("course_id", UUID.class), rs.getObject("replaced_by", UUID.class));
    }

    /** TIMESTAMP WITH TIME ZONE is an OffsetDateTime in JDBC 4.2, on H2 and PostgreSQL alike. */
    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
