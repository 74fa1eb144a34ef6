package dev.handshakelab.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.handshakelab.history.StoredEvent;
import dev.handshakelab.session.api.ConnectionView;
import dev.handshakelab.session.api.TimelineView;
import dev.handshakelab.session.api.TimelineView.Entry;

import tools.jackson.databind.JsonNode;

/**
 * Derives each connection's timeline and summary from the session's stored history alone: the
 * stored events are the record of what happened, so a timeline never needs the live world.
 */
final class ConnectionTimelines {

    /** The event kinds a timeline is made from. */
    static final List<String> KINDS = List.of("segment-sent", "segment-dropped", "state-changed", "connect-failed",
            "icmp-received", "timer-fired");

    private ConnectionTimelines() {
    }

    /**
     * Every connection with events, in the order each first appeared. {@code read} turns a
     * stored event's body into the event as the API shows it.
     */
    static List<ConnectionView> summaries(List<StoredEvent> events, Function<String, JsonNode> read) {
        Map<String, List<StoredEvent>> byConnection = new LinkedHashMap<>();
        for (StoredEvent e : events) {
            byConnection.computeIfAbsent(e.connection(), k -> new ArrayList<>()).add(e);
        }
        List<ConnectionView> out = new ArrayList<>();
        byConnection.forEach((id, list) -> out.add(new Builder(id, list, read).build().summary()));
        return out;
    }

    /** The timeline of one connection from its events. */
    static TimelineView timeline(String connection, List<StoredEvent> events, Function<String, JsonNode> read) {
        Builder b = new Builder(connection, events, read).build();
        return new TimelineView(connection, b.entries, b.outcome());
    }

    private static final class Builder {
        final String connection;
        final List<StoredEvent> events;
        final Function<String, JsonNode> read;
        final List<Entry> entries = new ArrayList<>();
        final Map<String, Integer> sends = new HashMap<>();
        final Map<String, String> previousKind = new HashMap<>();
        String clientState;
        String serverState;
        String failedWith;
        boolean serverGaveUp;
        boolean resetTowardClient;
        Long synAt;
        Long synAckAt;
        Long ackAt;
        int retransmissions;

        Builder(String connection, List<StoredEvent> events, Function<String, JsonNode> read) {
            this.connection = connection;
            this.events = events;
            this.read = read;
        }

        Builder build() {
            String lastMiddlebox = null;
            for (StoredEvent stored : events) {
                JsonNode e = read.apply(stored.body());
                String kind = stored.kind();
                String host = stored.host();
                long at = stored.atMicros();
                String text = str(e, "text");
                JsonNode segment = e.get("segment");
                String letters = segment == null ? null : str(segment, "letters");
                switch (kind) {
                    case "segment-sent":
                        if ("middlebox-reject".equals(str(e, "cause"))) {
                            resetTowardClient |= "server".equals(host);
                            entries.add(new Entry(at, "transmission", lastMiddlebox == null ? "middlebox" : lastMiddlebox, letters, null, null,
                                    "reset sent in the " + host + "'s name", null, null, text));
                        } else {
                            sent(e, host, at, letters, segment, text);
                        }
                        break;
                    case "segment-dropped": {
                        String where = str(e, "where");
                        boolean byMiddlebox = where != null && where.contains(": ");
                        String by = byMiddlebox ? where.substring(where.indexOf(": ") + 2) : where == null ? host : where.split(" ")[0];
                        lastMiddlebox = byMiddlebox ? by : lastMiddlebox;
                        String detail = str(e, "detail");
                        entries.add(new Entry(at, "drop", by, letters, null, null, detail != null ? detail : str(e, "reason"), null, null, text));
                        break;
                    }
                    case "icmp-received":
                        entries.add(new Entry(at, "transmission", str(e, "where"), null, null, null, str(e, "reason"), null, null, text));
                        break;
                    case "state-changed": {
                        String from = str(e, "from");
                        String to = str(e, "to");
                        entries.add(new Entry(at, "state", host, null, null, null, null, from, to, str(e, "cause")));
                        if ("client".equals(host)) {
                            clientState = to;
                        } else {
                            serverState = to;
                            if ("CLOSED".equals(to) && "timer-fired".equals(previousKind.get(host))) {
                                // reqsk_timer_handler: the last timeout expired, the request is dropped.
                                serverGaveUp = true;
                                entries.add(new Entry(at, "give-up", host, null, null, null, str(e, "cause"), null, null, text));
                            }
                        }
                        break;
                    }
                    case "connect-failed":
                        failedWith = str(e, "reason");
                        entries.add(new Entry(at, "give-up", host, null, null, null, failedWith, null, null, text));
                        break;
                    default:
                        break;
                }
                previousKind.put(host, kind);
            }
            return this;
        }

        private void sent(JsonNode e, String host, long at, String letters, JsonNode segment, String text) {
            boolean syn = letters != null && letters.contains("S");
            boolean ack = letters != null && letters.contains(".");
            boolean rst = letters != null && letters.contains("R");
            if ("client".equals(host)) {
                if (syn && !ack && synAt == null) synAt = at;
                if (ack && !syn && !rst && synAckAt != null && ackAt == null) ackAt = at;
            } else {
                if (syn && ack && synAckAt == null) synAckAt = at;
                resetTowardClient |= rst;
            }
            String key = host + " " + letters + " " + (segment == null ? "" : str(segment, "seq"));
            int earlier = sends.getOrDefault(key, 0);
            sends.put(key, earlier + 1);
            if (syn && earlier > 0) {
                retransmissions++;
                Long rto = e.get("rtoMicros") == null ? null : e.get("rtoMicros").asLong();
                String reason = rto != null ? "retransmission timer expired"
                        : "server".equals(host) ? "the client's SYN arrived again: SYN-ACK resent at once" : "sent again by hand";
                entries.add(new Entry(at, "retransmission", host, letters, earlier, rto, reason, null, null, text));
            } else {
                entries.add(new Entry(at, "transmission", host, letters, null, null, null, null, null, text));
            }
        }

        String outcome() {
            if (failedWith != null) {
                return "ETIMEDOUT".equals(failedWith) ? "timed-out" : "ECONNREFUSED".equals(failedWith) ? "refused" : "unreachable";
            }
            if ("ESTABLISHED".equals(clientState) || "ESTABLISHED".equals(serverState)) return "established";
            if (serverGaveUp && !"SYN_RECEIVED".equals(serverState)) return "timed-out";
            if (resetTowardClient && serverState == null) return "refused";
            return "pending";
        }

        ConnectionView summary() {
            int dash = connection.indexOf('-');
            return new ConnectionView(connection, connection.substring(0, dash), connection.substring(dash + 1), clientState, serverState,
                    outcome(), synAt, synAckAt, ackAt, retransmissions);
        }

        private static String str(JsonNode n, String field) {
            JsonNode v = n.get(field);
            return v == null || v.isNull() ? null : v.asString();
        }
    }
}
