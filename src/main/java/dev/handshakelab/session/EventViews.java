package dev.handshakelab.session;

import java.util.Arrays;

import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.SendCause;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.session.api.EventView;
import dev.handshakelab.session.api.SegmentView;

/** Turns the core's events into what the API and the history show. */
final class EventViews {

    private EventViews() {
    }

    /**
     * The view of one event. {@code typedBytes} are the bytes the student typed for this step's
     * segment (null if none): events about that very datagram show those bytes, a bad checksum
     * and all, rather than a fresh encoding.
     */
    static EventView view(long index, TcpEvent e, byte[] typedBytes) {
        String host = e.host().label();
        String connection = e.connection() == null ? null : e.connection().toString();
        if (e instanceof TcpEvent.SegmentSent s) {
            SegmentView seg = segment(s.atMicros(), s.host(), s.datagram(), typedBytes, s.retransmission());
            if (s.cause() == SendCause.MIDDLEBOX_REJECT) {
                return new EventView(index, e.atMicros(), e.kind(), host, connection, e.text(), seg, null, null,
                        null, null, "middlebox-reject", null, null, null, null);
            }
            if (s.retransmission() > 0) {
                return new EventView(index, e.atMicros(), e.kind(), host, connection, e.text(), seg, null, null,
                        null, null, null, null, null, null, null, s.rtoMicros(), null);
            }
            return segmentEvent(index, e, seg, null, null);
        }
        if (e instanceof TcpEvent.SegmentReceived r) {
            return segmentEvent(index, e, segment(r.atMicros(), other(r.host()), r.datagram(), typedBytes, null), null, null);
        }
        if (e instanceof TcpEvent.SegmentDropped d) {
            SegmentView seg = segment(d.atMicros(), other(d.host()), d.datagram(), typedBytes, null);
            if (d.detail() != null) {
                return new EventView(index, e.atMicros(), e.kind(), host, connection, e.text(), seg, d.where(), d.reason().label(),
                        null, null, null, null, null, null, null, null, d.detail());
            }
            return segmentEvent(index, e, seg, d.where(), d.reason().label());
        }
        if (e instanceof TcpEvent.IcmpReceived i) {
            // The quoted datagram is one this host sent; where = the middlebox that answered.
            return new EventView(index, e.atMicros(), e.kind(), host, connection, e.text(),
                    segment(i.atMicros(), i.host(), i.quoted(), typedBytes, null), i.from(), "icmp " + i.code().label(),
                    null, null, i.effect(), null, null, null, null);
        }
        if (e instanceof TcpEvent.StateChanged sc) {
            return new EventView(index, e.atMicros(), e.kind(), host, connection, e.text(), null, null, null,
                    sc.from().name(), sc.to().name(), sc.cause(), null, null, null, null);
        }
        if (e instanceof TcpEvent.TimerEvent t) {
            return new EventView(index, e.atMicros(), e.kind(), host, connection, e.text(), null, null, null,
                    null, null, null, t.timer().label(), t.deadlineMicros(), null, null);
        }
        if (e instanceof TcpEvent.Negotiated n) {
            return new EventView(index, e.atMicros(), e.kind(), host, connection, e.text(), null, null, null,
                    null, null, null, null, null, NegotiationViews.view(n.negotiation()), null);
        }
        if (e instanceof TcpEvent.CookieEvent c) {
            return new EventView(index, e.atMicros(), e.kind(), host, connection, e.text(), null, null, c.reason(),
                    null, null, null, null, null, null, null);
        }
        if (e instanceof TcpEvent.QueueOverflow q) {
            return new EventView(index, e.atMicros(), e.kind(), host, connection, e.text(), null, null, q.action(),
                    null, null, null, null, null, null, q.queue());
        }
        if (e instanceof TcpEvent.ConnectFailed f) {
            return new EventView(index, e.atMicros(), e.kind(), host, connection, e.text(), null, null, f.reason(),
                    null, null, null, null, null, null, null);
        }
        return new EventView(index, e.atMicros(), e.kind(), host, connection, e.text(), null, null, null,
                null, null, null, null, null, null, null);
    }

    /** {@code client-to-server} or {@code server-to-client} for segment events, else null. */
    static String direction(TcpEvent e) {
        Host sender;
        if (e instanceof TcpEvent.SegmentSent s) {
            sender = s.host();
        } else if (e instanceof TcpEvent.SegmentReceived r) {
            sender = other(r.host());
        } else if (e instanceof TcpEvent.SegmentDropped d) {
            sender = other(d.host());
        } else if (e instanceof TcpEvent.IcmpReceived i) {
            sender = i.host();
        } else {
            return null;
        }
        return sender == Host.CLIENT ? "client-to-server" : "server-to-client";
    }

    private static EventView segmentEvent(long index, TcpEvent e, SegmentView segment, String where, String reason) {
        return new EventView(index, e.atMicros(), e.kind(), e.host().label(),
                e.connection() == null ? null : e.connection().toString(), e.text(), segment, where, reason,
                null, null, null, null, null, null, null);
    }

    private static SegmentView segment(long at, Host sender, IpDatagram d, byte[] typedBytes, Integer retransmission) {
        byte[] wire = typedBytes != null && matches(d, typedBytes) ? typedBytes : null;
        return SegmentViews.view(at, sender.label(), d, wire, retransmission);
    }

    /** Whether {@code typed} are the bytes of this datagram (checksums aside). */
    private static boolean matches(IpDatagram d, byte[] typed) {
        return SegmentCodec.decodeIp(typed).datagram().equals(d) || Arrays.equals(SegmentCodec.encodeIp(d), typed);
    }

    private static Host other(Host h) {
        return h == Host.SERVER ? Host.CLIENT : Host.SERVER;
    }
}
