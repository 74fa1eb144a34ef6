package dev.handshakelab.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.wire.SegmentFormat;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;

/** Test helper: a simulation with a student who sends hand-crafted segments from 10.0.0.1. */
final class Lab {

    static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
    static final IpAddress SERVER = IpAddress.parse("10.0.0.2");
    static final int PORT = 80;
    static final int CPORT = 40000;
    static final long SEC = 1_000_000L;

    final Simulation sim;

    Lab(StackProfile profile) {
        this(SimulationConfig.defaults().withProfile(profile));
    }

    Lab(SimulationConfig config) {
        sim = new Simulation(config);
    }

    static Lab linux() {
        return new Lab(StackProfile.linux());
    }

    Reaction send(TcpSegment s) {
        return sim.apply(new SimInput.InjectSegment(IpDatagram.of(CLIENT, SERVER, s), true));
    }

    Reaction sendBadChecksum(TcpSegment s) {
        return sim.apply(new SimInput.InjectSegment(IpDatagram.of(CLIENT, SERVER, s), false));
    }

    Reaction advance(long micros) {
        return sim.apply(new SimInput.AdvanceClock(micros));
    }

    Reaction next() {
        return sim.apply(new SimInput.AdvanceToNext());
    }

    static TcpSegment seg(int srcPort, TcpFlags flags, long seq, long ack, TcpOption... options) {
        return new TcpSegment(srcPort, PORT, SeqNum.of(seq), SeqNum.of(ack), flags, 64240, 0, List.of(options), Bytes.EMPTY);
    }

    static TcpSegment syn(long seq, TcpOption... options) {
        return seg(CPORT, TcpFlags.SYN_ONLY, seq, 0, options);
    }

    static TcpSegment ack(long seq, long ack, TcpOption... options) {
        return seg(CPORT, TcpFlags.ACK_ONLY, seq, ack, options);
    }

    static TcpOption mss(int v) { return new TcpOption.MaxSegmentSize(v); }
    static TcpOption ws(int v) { return new TcpOption.WindowScale(v); }
    static TcpOption ts(long val, long ecr) { return new TcpOption.Timestamps(val, ecr); }
    static final TcpOption SACK_OK = TcpOption.SACK_PERMITTED;
    static final TcpOption NOP = TcpOption.NOP;

    /** The one segment the server sent in this reaction. */
    static TcpSegment onlyReply(Reaction r) {
        assertThat(r.serverReplies()).as("server replies in %s", r.events()).hasSize(1);
        return r.serverReplies().get(0).datagram().segment();
    }

    static void noReply(Reaction r) {
        assertThat(r.serverReplies()).as("server replies").isEmpty();
    }

    /** Options in packetdrill notation with TS values replaced by V and E (checked elsewhere). */
    static String layout(TcpSegment s) {
        return SegmentFormat.options(s.options()).replaceAll("TS val \\d+ ecr \\d+", "TS val V ecr E");
    }

    static <T extends TcpEvent> T only(Reaction r, Class<T> type) {
        assertThat(r.ofType(type)).as("%s in %s", type.getSimpleName(), r.events()).hasSize(1);
        return r.ofType(type).get(0);
    }

    static HostPort client(int port) {
        return new HostPort(CLIENT, port);
    }
}
