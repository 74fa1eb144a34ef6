package dev.handshakelab.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Consecutive events of one step on one connection, as one row of {@code session_event_run}:
 * the events' filter columns as one line each in {@code meta}
 * ({@code <atMicros> <kind> <host or -> <direction or ->}), their JSON as one line each in
 * {@code bodies}. Kinds, hosts and directions are single words, and JSON written without
 * indentation holds no raw newline (one inside a string is escaped), so lines split cleanly.
 */
record EventRun(long firstEvent, int eventCount, int stepNo, String connection, String meta, String bodies) {

    private static final String NONE = "-";

    /**
     * Cuts one step's events into runs: a new run starts where the connection changes, where the
     * run has {@code maxEvents} events, or where the next body would take its bodies over
     * {@code maxChars}.
     */
    static List<EventRun> of(List<StoredEvent> events, int maxEvents, int maxChars) {
        List<EventRun> runs = new ArrayList<>();
        int start = 0;
        int chars = 0;
        for (int i = 0; i < events.size(); i++) {
            StoredEvent e = events.get(i);
            if (e.body().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("event " + e.index() + " has a raw newline in its JSON");
            }
            if (i > 0 && e.index() != events.get(i - 1).index() + 1) {
                throw new IllegalArgumentException("events " + events.get(i - 1).index() + " and " + e.index() + " are not consecutive");
            }
            StoredEvent first = events.get(start);
            if (i > start && (!Objects.equals(e.connection(), first.connection()) || e.stepNo() != first.stepNo()
                    || i - start == maxEvents || chars + 1 + e.body().length() > maxChars)) {
                runs.add(run(events.subList(start, i)));
                start = i;
                chars = 0;
            }
            chars += (i > start ? 1 : 0) + e.body().length();
        }
        if (start < events.size()) {
            runs.add(run(events.subList(start, events.size())));
        }
        return runs;
    }

    private static EventRun run(List<StoredEvent> events) {
        int length = events.size();
        for (StoredEvent e : events) {
            length += e.body().length();
        }
        StringBuilder meta = new StringBuilder(events.size() * 64);
        StringBuilder bodies = new StringBuilder(length);
        for (StoredEvent e : events) {
            if (!meta.isEmpty()) {
                meta.append('\n');
                bodies.append('\n');
            }
            meta.append(e.atMicros()).append(' ').append(e.kind()).append(' ').append(word(e.host())).append(' ')
                    .append(word(e.direction()));
            bodies.append(e.body());
        }
        StoredEvent first = events.get(0);
        return new EventRun(first.index(), events.size(), first.stepNo(), first.connection(), meta.toString(), bodies.toString());
    }

    static EventRun read(ResultSet rs, int row) throws SQLException {
        return new EventRun(rs.getLong("first_event"), rs.getInt("event_count"), rs.getInt("step_no"), rs.getString("connection"),
                rs.getString("meta"), rs.getString("bodies"));
    }

    /** The run's events, in order; with null bodies unless {@code withBodies}. */
    List<StoredEvent> events(boolean withBodies) {
        List<String> metaLines = lines(meta, eventCount);
        List<String> bodyLines = withBodies ? lines(bodies, eventCount) : null;
        List<StoredEvent> events = new ArrayList<>(eventCount);
        for (int i = 0; i < eventCount; i++) {
            String[] f = metaLines.get(i).split(" ", 4);
            if (f.length != 4) {
                throw new IllegalStateException("run at " + firstEvent + ": event " + i + " has a malformed meta line");
            }
            events.add(new StoredEvent(firstEvent + i, stepNo, Long.parseLong(f[0]), f[1], none(f[2]), connection, none(f[3]),
                    withBodies ? bodyLines.get(i) : null));
        }
        return events;
    }

    private static List<String> lines(String text, int expected) {
        List<String> lines = new ArrayList<>(expected);
        int from = 0;
        while (true) {
            int nl = text.indexOf('\n', from);
            if (nl < 0) {
                lines.add(text.substring(from));
                break;
            }
            lines.add(text.substring(from, nl));
            from = nl + 1;
        }
        if (lines.size() != expected) {
            throw new IllegalStateException("a run of " + expected + " events has " + lines.size() + " lines");
        }
        return lines;
    }

    private static String word(String value) {
        return value == null ? NONE : value;
    }

    private static String none(String word) {
        return NONE.equals(word) ? null : word;
    }
}
