package dev.handshakelab.history;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The append-only history of each session. Written with JDBC batches inside the step's
 * transaction: a step may emit dozens of events and one round trip per event would dominate
 * the cost of a step.
 */
@Repository
public class SessionEventStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public SessionEventStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public void append(UUID sessionId, List<StoredEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                insert into session_event (session_id, event_index, step_no, at_micros, kind, host, connection, direction, body)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", events, 256, (ps, e) -> {
            ps.setObject(1, sessionId);
            ps.setLong(2, e.index());
            ps.setInt(3, e.stepNo());
            ps.setLong(4, e.atMicros());
            ps.setString(5, e.kind());
            ps.setString(6, e.host());
            ps.setString(7, e.connection());
            ps.setString(8, e.direction());
            ps.setString(9, e.body());
        });
    }

    /** Events in history order, filtered; any filter may be null. */
    public List<String> page(UUID sessionId, HistoryFilter filter, int page, int size) {
        Where where = where(sessionId, filter);
        where.params.add(size);
        where.params.add((long) page * size);
        return jdbc.sql("select body from session_event" + where.sql + " order by event_index limit ? offset ?")
                .params(where.params)
                .query(String.class)
                .list();
    }

    public long count(UUID sessionId, HistoryFilter filter) {
        Where where = where(sessionId, filter);
        return jdbc.sql("select count(*) from session_event" + where.sql).params(where.params).query(Long.class).single();
    }

    /** Events of the given steps, in order, as stored (for replay checks and step views). */
    public List<StoredEvent> range(UUID sessionId, long fromIndex, long toIndexExclusive) {
        return jdbc.sql("""
                select event_index, step_no, at_micros, kind, host, connection, direction, body from session_event
                where session_id = ? and event_index >= ? and event_index < ? order by event_index""")
                .params(sessionId, fromIndex, toIndexExclusive)
                .query((rs, n) -> new StoredEvent(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list();
    }

    /**
     * Events of the given kinds that concern a connection, in history order: those of
     * {@code connection}, or of every connection when it is null.
     */
    public List<StoredEvent> connectionEvents(UUID sessionId, String connection, List<String> kinds) {
        StringBuilder sql = new StringBuilder("""
                select event_index, step_no, at_micros, kind, host, connection, direction, body from session_event
                where session_id = ? and connection is not null""");
        List<Object> params = new ArrayList<>();
        params.add(sessionId);
        if (connection != null) {
            sql.append(" and connection = ?");
            params.add(connection);
        }
        sql.append(" and kind in (").append(String.join(", ", java.util.Collections.nCopies(kinds.size(), "?"))).append(")");
        params.addAll(kinds);
        return jdbc.sql(sql + " order by event_index").params(params)
                .query((rs, n) -> new StoredEvent(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list();
    }

    private static Where where(UUID sessionId, HistoryFilter filter) {
        StringBuilder sql = new StringBuilder(" where session_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(sessionId);
        if (filter.connection() != null) {
            sql.append(" and connection = ?");
            params.add(filter.connection());
        }
        if (filter.kind() != null) {
            sql.append(" and kind = ?");
            params.add(filter.kind());
        }
        if (filter.direction() != null) {
            sql.append(" and direction = ?");
            params.add(filter.direction());
        }
        if (filter.host() != null) {
            sql.append(" and host = ?");
            params.add(filter.host());
        }
        return new Where(sql.toString(), params);
    }

    private record Where(String sql, List<Object> params) {}
}
