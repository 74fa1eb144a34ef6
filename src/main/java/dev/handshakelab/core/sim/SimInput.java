package dev.handshakelab.core.sim;

import dev.handshakelab.core.tcp.DropReason;
import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.wire.IpDatagram;

/**
 * The only ways to change a simulation. Inputs are plain values, so a session is stored as its
 * config plus its list of inputs and replayed exactly.
 */
public sealed interface SimInput {

    /**
     * A hand-crafted datagram sent by the student from the client side. Addressed to the server
     * it travels the forward route; addressed to the client host (e.g. a SYN "from the server"
     * for simultaneous open) it travels the return route.
     *
     * @param checksumValid false to send a segment whose checksum is wrong
     */
    /**
     * @param headerError null, or why the receiver's {@code tcp_v4_rcv} discards the segment before
     *     any lookup although it parsed as a datagram: {@link DropReason#BAD_DATA_OFFSET} for raw
     *     bytes whose data offset is below 5 words or past the segment's end (the datagram then
     *     holds the fixed header and the rest as payload)
     */
    record InjectSegment(IpDatagram datagram, boolean checksumValid, DropReason headerError) implements SimInput {
        public InjectSegment {
            if (datagram == null) {
                throw new IllegalArgumentException("datagram is required");
            }
        }

        public InjectSegment(IpDatagram datagram, boolean checksumValid) {
            this(datagram, checksumValid, null);
        }
    }

    /**
     * A simulated client on the client host connects from {@code clientPort} to the server's
     * listener. With {@code autoAck=false} it stops after receiving the SYN-ACK (staying in
     * SYN_SENT, "awaiting the student's ACK") and goes ESTABLISHED when the student's own ACK
     * from that 4-tuple leaves the client host.
     */
    record Connect(int clientPort, ClientPreset preset, boolean autoAck) implements SimInput {
        public Connect {
            if (clientPort < 1 || clientPort > 65535) {
                throw new IllegalArgumentException("clientPort must be between 1 and 65535; got " + clientPort);
            }
            if (preset == null) {
                throw new IllegalArgumentException("preset must be one of linux, windows, macos");
            }
        }
    }

    /** Let {@code micros} of virtual time pass, firing every timer and delivery due on the way. */
    record AdvanceClock(long micros) implements SimInput {
        public AdvanceClock {
            if (micros < 0) {
                throw new IllegalArgumentException("micros must be >= 0; got " + micros);
            }
        }
    }

    /** Jump to the next deadline (timer or in-flight delivery) and fire everything due then. */
    record AdvanceToNext() implements SimInput {}
}
