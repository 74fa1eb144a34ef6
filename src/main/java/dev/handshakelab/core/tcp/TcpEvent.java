package dev.handshakelab.core.tcp;

import dev.handshakelab.core.wire.IpDatagram;

/**
 * Something that happened in the simulation. Events are small records holding references to
 * what already exists (the datagram, the state, the reason enum); the student-facing sentence is
 * built only when {@link #text()} is called, so producing an event on the hot path costs one
 * small allocation and no string work.
 */
public sealed interface TcpEvent {

    /** Virtual time in microseconds. */
    long atMicros();

    /** The host it happened on. */
    Host host();

    /** The connection it concerns; null for events that concern no single connection. */
    ConnectionId connection();

    /** The HTTP contract's kind, e.g. {@code segment-sent}. */
    String kind();

    /** One sentence for students, built on demand. */
    String text();

    private static String who(Host h) {
        return h.label();
    }

    /** A host put a segment on the wire ({@code retransmission} counts earlier sends of it). */
    record SegmentSent(long atMicros, Host host, IpDatagram datagram, boolean checksumValid,
                       SendCause cause, int retransmission, long rtoMicros) implements TcpEvent {
        public ConnectionId connection() { return ConnectionId.of(datagram, host); }
        public String kind() { return "segment-sent"; }
        public String text() {
            String base = who(host) + " " + cause.text();
            if (retransmission > 0) {
                base += " (" + SegmentText.ordinal(retransmission) + " retransmission, RTO " + SegmentText.duration(rtoMicros) + ")";
            }
            return base + ": " + SegmentText.summary(datagram.segment());
        }
    }

    /** A segment reached a host's TCP. */
    record SegmentReceived(long atMicros, Host host, IpDatagram datagram, boolean checksumValid) implements TcpEvent {
        public ConnectionId connection() { return ConnectionId.of(datagram, host == Host.SERVER ? Host.CLIENT : Host.SERVER); }
        public String kind() { return "segment-received"; }
        public String text() {
            return who(host) + " receives " + SegmentText.summary(datagram.segment()) + (checksumValid ? "" : " (bad checksum)");
        }
    }

    /**
     * A segment was discarded. {@code where} names the place: {@code "server tcp"}, {@code
     * "client tcp"} or a middlebox on a route; {@code detail} adds what a middlebox said.
     */
    record SegmentDropped(long atMicros, Host host, IpDatagram datagram, DropReason reason, String where,
                          String detail) implements TcpEvent {
        /** {@code host} is where the segment was heading; the other host sent it. */
        public ConnectionId connection() { return ConnectionId.of(datagram, host == Host.SERVER ? Host.CLIENT : Host.SERVER); }
        public String kind() { return "segment-dropped"; }
        public String text() {
            return where + " drops " + SegmentText.summary(datagram.segment()) + ": " + reason.text()
                    + (detail == null ? "" : " (" + detail + ")");
        }
    }

    /** An endpoint (or a half-open request) changed state. */
    record StateChanged(long atMicros, Host host, ConnectionId connection, TcpState from, TcpState to,
                        String cause) implements TcpEvent {
        public String kind() { return "state-changed"; }
        public String text() {
            return who(host) + " " + connection + ": " + from + " → " + to + " (" + cause + ")";
        }
    }

    /** What happened to a timer. */
    enum TimerPhase { ARMED, FIRED, CANCELLED }

    /** A timer was armed, fired or cancelled; {@code deadlineMicros} is when it is (was) due. */
    record TimerEvent(long atMicros, Host host, ConnectionId connection, TimerKind timer, TimerPhase phase,
                      long deadlineMicros) implements TcpEvent {
        public String kind() {
            return phase == TimerPhase.ARMED ? "timer-armed" : phase == TimerPhase.FIRED ? "timer-fired" : "timer-cancelled";
        }
        public String text() {
            String c = connection == null ? "" : " for " + connection;
            switch (phase) {
                case ARMED:
                    return who(host) + " arms " + timer.label() + c + ", due in " + SegmentText.duration(deadlineMicros - atMicros);
                case FIRED:
                    return who(host) + "'s " + timer.label() + " timer fires" + c;
                default:
                    return who(host) + " cancels " + timer.label() + c;
            }
        }
    }

    /** The options both sides agreed on, with reasons. */
    record Negotiated(long atMicros, Host host, ConnectionId connection, Negotiation negotiation) implements TcpEvent {
        public String kind() { return "negotiated"; }
        public String text() {
            return who(host) + " negotiates with " + connection.client() + ": " + negotiation.summary();
        }
    }

    /** What happened to a SYN cookie. */
    enum CookiePhase { ISSUED, VALIDATED, REJECTED }

    /**
     * A SYN cookie was issued (the SYN-ACK's ISN), validated or rejected (from the 3rd ACK).
     * {@code mss} is the MSS the cookie encodes (0 when rejected); {@code reason} says why.
     */
    record CookieEvent(long atMicros, Host host, ConnectionId connection, CookiePhase phase, long cookie,
                       int mss, String reason) implements TcpEvent {
        public String kind() {
            return phase == CookiePhase.ISSUED ? "cookie-issued" : phase == CookiePhase.VALIDATED ? "cookie-validated" : "cookie-rejected";
        }
        public String text() {
            switch (phase) {
                case ISSUED:
                    return who(host) + " issues SYN cookie " + cookie + " (MSS " + mss + "): " + reason;
                case VALIDATED:
                    return who(host) + " accepts SYN cookie " + cookie + " (MSS " + mss + "): " + reason;
                default:
                    return who(host) + " rejects ACK as a SYN cookie (" + cookie + "): " + reason;
            }
        }
    }

    /** A queue was full: {@code queue} is {@code "syn"} or {@code "accept"}. */
    record QueueOverflow(long atMicros, Host host, ConnectionId connection, String queue, int length, int limit,
                         String action) implements TcpEvent {
        public String kind() { return "queue-overflow"; }
        public String text() {
            return who(host) + "'s " + queue + " queue is full (" + length + " entries, limit " + limit + "): " + action;
        }
    }

    /** An active open gave up ({@code reason} is the errno name, e.g. ETIMEDOUT). */
    record ConnectFailed(long atMicros, Host host, ConnectionId connection, String reason, String detail) implements TcpEvent {
        public String kind() { return "connect-failed"; }
        public String text() {
            return who(host) + " connect() to " + connection.server() + " fails with " + reason + ": " + detail;
        }
    }

    /** The server application took a connection off the accept queue ({@code accept()} returned). */
    record Accepted(long atMicros, Host host, ConnectionId connection) implements TcpEvent {
        public String kind() { return "accepted"; }
        public String text() {
            return who(host) + " application accept()s " + connection;
        }
    }
    /**
     * An ICMP destination unreachable reached the host that sent {@code quoted}: a middlebox
     * ({@code from}) refused it. {@code effect} says what the host's TCP made of it
     * ({@code tcp_v4_err}).
     */
    record IcmpReceived(long atMicros, Host host, ConnectionId connection, IpDatagram quoted,
                        dev.handshakelab.core.net.IcmpUnreachable code, String from, String effect) implements TcpEvent {
        public String kind() { return "icmp-received"; }
        public String text() {
            return who(host) + " receives ICMP " + code.label() + " from " + from + " about its "
                    + SegmentText.summary(quoted.segment()) + ": " + effect;
        }
    }

    /**
     * A note from a bulk run such as a SYN flood, saying what the history keeps of it and why.
     * {@code kind} is {@code flood-started}, {@code flood-sample} (an attack SYN whose events
     * follow) or {@code flood-ended}.
     */
    record FloodNote(long atMicros, Host host, ConnectionId connection, String kind, String text) implements TcpEvent {}
}
