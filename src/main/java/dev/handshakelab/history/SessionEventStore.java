package dev.handshakelab.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The append-only history of each session, stored in {@linkplain EventRun runs}: the consecutive
 * events of one step on one connection, one row per run. A step's events mostly concern one
 * connection, so a step usually writes one row however many events it emitted; a row per event
 * made writing history the costliest part of a step (see migration V5).
 *
 * <p>What history is filtered by is kept where it is cheap to read: the connection as an
 * indexed column, and each event's kind, host and direction as a short line of its own in the
 * run's {@code meta}, so that counting and locating filtered events never parses an event.
 */
@Repository
public class SessionEventStore {

    /**
     * A run never holds more events than this, so the runs that overlap an index range start at
     * most this far before it: reading a range of history is a bounded scan of the primary key.
     */
    static final int MAX_RUN_EVENTS = 64;

    /** The {@code bodies} column's length: a run is cut before its events' JSON outgrows it. */
    static final int MAX_RUN_CHARS = 1_000_000;

    /** Runs read per query when walking a session's history in order. */
    private static final int BATCH = 128;

    private static final String RUN_COLUMNS = "first_event, event_count, step_no, connection, meta, bodies";

    /** The runs of a session that start at the events {@code firsts}, which lie in [lo, hi]. */
    static final String RUNS_SQL = "select " + RUN_COLUMNS + " from session_event_run where session_id = :session"
            + " and first_event between :lo and :hi and first_event in (:firsts) order by first_event";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public SessionEventStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Stores one step's events, which continue the session's history without a gap. */
    public void append(UUID sessionId, List<StoredEvent> events) {
        List<EventRun> runs = EventRun.of(events, MAX_RUN_EVENTS, MAX_RUN_CHARS);
        if (runs.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                insert into session_event_run (session_id, first_event, event_count, step_no, connection, meta, bodies)
                values (?, ?, ?, ?, ?, ?, ?)""", runs, 256, (ps, run) -> {
            ps.setObject(1, sessionId);
            ps.setLong(2, run.firstEvent());
            ps.setInt(3, run.eventCount());
            ps.setInt(4, run.stepNo());
            ps.setString(5, run.connection());
            ps.setString(6, run.meta());
            ps.setString(7, run.bodies());
        });
    }

    /** One page of a session's history, and how many events pass its filter in all. */
    public record Page(List<String> bodies, long total) {}

    /**
     * Events in history order, filtered (any filter may be null), and how many pass the filter.
     * Unfiltered, the page is an index range and the total a sum of run sizes. Filtered, one walk
     * over the events' filter columns ({@code meta}) both counts them and locates the page, and
     * then only the runs that hold its events are read whole, so a far page costs one scan of
     * short lines, not one to count and another to find it.
     */
    public Page page(UUID sessionId, HistoryFilter filter, int page, int size) {
        long offset = (long) page * size;
        if (filter.equals(HistoryFilter.ALL)) {
            // Every event counts: the page is the index range [offset, offset + size).
            long total = count(sessionId, filter);
            return new Page(offset >= total ? List.of()
                    : range(sessionId, offset, offset + size).stream().map(StoredEvent::body).toList(), total);
        }
        Predicate<StoredEvent> wanted = eventFilter(filter);
        // the page's events, by the first event of the run that holds them
        Map<Long, List<Long>> byRun = new LinkedHashMap<>();
        long[] matched = {0};
        walkRuns(sessionId, filter.connection(), filter.connection() == null, false, run -> {
            for (StoredEvent event : run.events(false)) {
                if (wanted.test(event)) {
                    if (matched[0] >= offset && matched[0] - offset < size) {
                        byRun.computeIfAbsent(run.firstEvent(), k -> new ArrayList<>()).add(event.index());
                    }
                    matched[0]++;
                }
            }
            return true;
        });
        List<String> bodies = new ArrayList<>();
        for (EventRun run : runs(sessionId, byRun.keySet())) {
            List<Long> indexes = byRun.get(run.firstEvent());
            for (StoredEvent e : run.events(true)) {
                if (indexes.contains(e.index())) {
                    bodies.add(e.body());
                }
            }
        }
        return new Page(bodies, matched[0]);
    }

    /** The runs that start at these events, in history order. */
    private List<EventRun> runs(UUID sessionId, Collection<Long> firstEvents) {
        List<EventRun> runs = new ArrayList<>(firstEvents.size());
        List<Long> all = List.copyOf(firstEvents);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
            // The range bound is what H2 reads the primary key by: it looks the IN list up by the
            // session alone, which read every run of the session.
            runs.addAll(jdbc.sql(RUNS_SQL).param("session", sessionId).param("firsts", chunk)
                    .param("lo", Collections.min(chunk)).param("hi", Collections.max(chunk))
                    .query(EventRun::read).list());
        }
        runs.sort(Comparator.comparingLong(EventRun::firstEvent));
        return runs;
    }

    public long count(UUID sessionId, HistoryFilter filter) {
        if (filter.kind() == null && filter.host() == null && filter.direction() == null) {
            // Whole runs match or not: their sizes add up without reading a single event.
            String sql = "select coalesce(sum(event_count), 0) from session_event_run where session_id = ?";
            return filter.connection() == null
                    ? jdbc.sql(sql).param(sessionId).query(Long.class).single()
                    : jdbc.sql(sql + " and connection = ?").params(sessionId, filter.connection()).query(Long.class).single();
        }
        Predicate<StoredEvent> wanted = eventFilter(filter);
        long[] count = {0};
        walk(sessionId, filter.connection(), filter.connection() == null, false, event -> {
            if (wanted.test(event)) {
                count[0]++;
            }
            return true;
        });
        return count[0];
    }

    /** The events with index in [fromIndex, toIndexExclusive), in order, as stored. */
    public List<StoredEvent> range(UUID sessionId, long fromIndex, long toIndexExclusive) {
        List<EventRun> runs = jdbc.sql("select " + RUN_COLUMNS + """
                 from session_event_run where session_id = ? and first_event > ? and first_event < ?
                order by first_event""")
                .params(sessionId, fromIndex - MAX_RUN_EVENTS, toIndexExclusive)
                .query(EventRun::read)
                .list();
        List<StoredEvent> events = new ArrayList<>();
        for (EventRun run : runs) {
            for (StoredEvent e : run.events(true)) {
                if (e.index() >= fromIndex && e.index() < toIndexExclusive) {
                    events.add(e);
                }
            }
        }
        return events;
    }

    /**
     * The connections of a session that have events, in the order each first appeared, from the
     * {@code offset}-th on, at most {@code limit}: read from the connection index alone.
     */
    public List<String> connections(UUID sessionId, long offset, int limit) {
        return jdbc.sql("""
                select connection from session_event_run where session_id = ? and connection is not null
                group by connection order by min(first_event) limit ? offset ?""")
                .params(sessionId, limit, offset)
                .query(String.class)
                .list();
    }

    /** How many connections of a session have events. */
    public long connectionCount(UUID sessionId) {
        return jdbc.sql("select count(distinct connection) from session_event_run where session_id = ? and connection is not null")
                .param(sessionId).query(Long.class).single();
    }

    /**
     * Events of the given kinds that concern these connections, in history order, read through
     * the connection index; at most {@code max + 1}, so a caller sees that there were more than
     * {@code max} without reading them all.
     */
    public List<StoredEvent> connectionEvents(UUID sessionId, Collection<String> connections, List<String> kinds, int max) {
        List<StoredEvent> events = new ArrayList<>();
        for (String connection : connections) {
            walk(sessionId, connection, false, true, event -> {
                if (kinds.contains(event.kind())) {
                    events.add(event);
                }
                return events.size() <= max;
            });
            if (events.size() > max) {
                break;
            }
        }
        events.sort(Comparator.comparingLong(StoredEvent::index));
        return events;
    }

    /**
     * Visits a session's events in history order until the visitor returns false: those of
     * {@code connection} if it is given, else of every connection, plus the events of no
     * connection if {@code withoutConnection}. Runs are read in keyset batches, so a walk that
     * stops early reads little more than it used.
     */
    private void walk(UUID sessionId, String connection, boolean withoutConnection, boolean withBodies,
            Predicate<StoredEvent> visitor) {
        walkRuns(sessionId, connection, withoutConnection, withBodies, run -> {
            for (StoredEvent event : run.events(withBodies)) {
                if (!visitor.test(event)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** {@link #walk}, a run at a time. */
    private void walkRuns(UUID sessionId, String connection, boolean withoutConnection, boolean withBodies,
            Predicate<EventRun> visitor) {
        String sql = walkSql(connection != null, withoutConnection, withBodies);
        List<Object> params = new ArrayList<>();
        params.add(sessionId);
        if (connection != null) {
            params.add(connection);
        }
        long after = -1;
        while (true) {
            List<Object> batchParams = new ArrayList<>(params);
            batchParams.add(after);
            List<EventRun> runs = jdbc.sql(sql).params(batchParams).query(EventRun::read).list();
            for (EventRun run : runs) {
                if (!visitor.test(run)) {
                    return;
                }
                after = run.firstEvent();
            }
            if (runs.size() < BATCH) {
                return;
            }
        }
    }

    /**
     * The query of one batch of {@link #walkRuns}; its parameters are the session, the connection
     * if {@code oneConnection}, and the first_event to read past.
     */
    static String walkSql(boolean oneConnection, boolean withoutConnection, boolean withBodies) {
        String columns = withBodies ? RUN_COLUMNS : "first_event, event_count, step_no, connection, meta, null as bodies";
        StringBuilder sql = new StringBuilder("select ").append(columns).append(" from session_event_run where session_id = ?");
        if (oneConnection) {
            sql.append(" and connection = ?");
        } else if (!withoutConnection) {
            sql.append(" and connection is not null");
        }
        // For one connection, ordering by the connection index's columns is the same order as by
        // first_event alone, and it makes H2 read that index. Ordered by first_event alone, H2
        // (before it has analyzed the table, which it may never do) walked the primary key through
        // every run of the session, filtering by connection: a page of 500 connections of a full
        // session read 6 million rows and took 5-10 s.
        sql.append(" and first_event > ? order by ").append(oneConnection ? "session_id, connection, " : "").append("first_event limit ")
                .append(BATCH);
        return sql.toString();
    }

    /** The per-event part of a filter: kind, host and direction (the connection is per run). */
    private static Predicate<StoredEvent> eventFilter(HistoryFilter f) {
        return e -> (f.kind() == null || f.kind().equals(e.kind()))
                && (f.host() == null || f.host().equals(e.host()))
                && (f.direction() == null || f.direction().equals(e.direction()));
    }
}
