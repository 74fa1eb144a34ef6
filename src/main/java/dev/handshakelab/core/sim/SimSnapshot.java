package dev.handshakelab.core.sim;

import dev.handshakelab.core.tcp.ConnectionId;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.Negotiation;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.tcp.TimerKind;
import dev.handshakelab.core.tcp.Transition;
import dev.handshakelab.core.wire.HostPort;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The world at one instant, for display: the clock, every endpoint, the listener's queues, the
 * armed timers and the counters.
 */
public record SimSnapshot(long nowMicros, OptionalLong nextDeadlineMicros, List<EndpointView> endpoints,
                          ListenerView listener, List<TimerView> timers, Map<Host, Map<String, Long>> counters) {

    /**
     * One endpoint. The listener has {@code remote == null} and state LISTEN; a half-open
     * request shows as SYN_RECEIVED. Sequence numbers are unsigned 32-bit values, null when not
     * known yet (irs/rcvNxt before the peer's SYN).
     */
    public record EndpointView(Host host, HostPort local, HostPort remote, TcpState state, Long iss, Long irs,
                               Long sndNxt, Long rcvNxt, Negotiation negotiation, List<Transition> transitions,
                               boolean awaitingStudentAck) {
        public ConnectionId connection() {
            if (remote == null) return null;
            return host == Host.CLIENT ? new ConnectionId(local, remote) : new ConnectionId(remote, local);
        }
    }

    /** A half-open request in the SYN queue. */
    public record SynQueueEntry(HostPort remote, long iss, long irs, int retransmissions, long expiresAtMicros,
                                boolean acked) {}

    /** The listener: {@code backlog} is the effective min(backlog, somaxconn). */
    public record ListenerView(HostPort local, int backlog, List<SynQueueEntry> synQueue, List<ConnectionId> acceptQueue) {}

    /** An armed timer; {@code connection} is null for the listener's accept timer. */
    public record TimerView(Host owner, ConnectionId connection, TimerKind timer, long deadlineMicros) {}
}
