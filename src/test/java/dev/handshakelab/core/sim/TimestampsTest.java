package dev.handshakelab.core.sim;

import static dev.handshakelab.core.sim.Lab.NOP;
import static dev.handshakelab.core.sim.Lab.ack;
import static dev.handshakelab.core.sim.Lab.mss;
import static dev.handshakelab.core.sim.Lab.onlyReply;
import static dev.handshakelab.core.sim.Lab.seg;
import static dev.handshakelab.core.sim.Lab.syn;
import static dev.handshakelab.core.sim.Lab.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.tcp.DropReason;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.SendCause;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 7323 timestamps as Linux 6.x keeps them: the per-connection TS offset
 * ({@code secure_tcp_seq_and_ts_off}), ts_recent carried from the request into the child
 * ({@code tcp_check_req}, {@code tcp_create_openreq_child}) and replaced as
 * {@code tcp_replace_ts_recent} does, PAWS in SYN-RECV ({@code tcp_check_req}'s
 * {@code tcp_paws_reject}) and on the established child ({@code tcp_paws_discard}).
 */
class TimestampsTest {

    private final Lab lab = Lab.linux();

    private static long tsVal(TcpSegment s) {
        return s.option(TcpOption.Timestamps.class).tsVal();
    }

    private static long tsEcr(TcpSegment s) {
        return s.option(TcpOption.Timestamps.class).tsEcr();
    }

    private DropReason dropReason(Reaction r) {
        List<DropReason> server = r.ofType(TcpEvent.SegmentDropped.class).stream()
                .filter(d -> d.host() == Host.SERVER).map(TcpEvent.SegmentDropped::reason).toList();
        assertThat(server).hasSize(1);
        return server.get(0);
    }

    private static TcpSegment data(long seq, long ack, long tsVal, long tsEcr, int length) {
        return new TcpSegment(Lab.CPORT, Lab.PORT, SeqNum.of(seq), SeqNum.of(ack), TcpFlags.ACK_ONLY.with(TcpFlags.PSH), 502, 0,
                List.of(NOP, NOP, ts(tsVal, tsEcr)), Bytes.of(new byte[length]));
    }

    /**
     * secure_tcp_seq_and_ts_off hashes the 4-tuple: two SYNs from two ports of one client at the
     * same instant get SYN-ACKs whose TSvals are unrelated (observed on Linux 6.18), not equal
     * as a per-address-pair offset would make them.
     */
    @Test
    void synAcksToTwoPortsOfOneClientCarryUnrelatedTsvals() {
        TcpSegment a = onlyReply(lab.send(seg(40000, TcpFlags.SYN_ONLY, 1000, 0, mss(1460), NOP, NOP, ts(100, 0))));
        TcpSegment b = onlyReply(lab.send(seg(40001, TcpFlags.SYN_ONLY, 5000, 0, mss(1460), NOP, NOP, ts(100, 0))));
        assertThat(Math.abs(tsVal(a) - tsVal(b))).isGreaterThan(1000);
        // the same connection keeps its offset: a retransmitted SYN-ACK 1 s later is 1000 ticks on
        Reaction retransmit = lab.advance(Lab.SEC);
        TcpSegment again = retransmit.serverReplies().get(0).datagram().segment();
        assertThat(again.dstPort()).isEqualTo(40000);
        assertThat(tsVal(again) - tsVal(a)).isEqualTo(1000);
    }

    /**
     * tcp_check_req stores the in-sequence 3rd ACK's TSval as req->ts_recent and
     * tcp_create_openreq_child hands it to the child: the child's first ACK echoes it.
     * tcp_replace_ts_recent then moves it on with each in-order segment.
     */
    @Test
    void childEchoesTheThirdAcksTsvalThenEachNewerOne() {
        TcpSegment synAck = onlyReply(lab.send(syn(1000, mss(1460), NOP, NOP, ts(100, 0))));
        long iss = synAck.seq().value();
        lab.advance(10_000);
        lab.send(ack(1001, iss + 1, NOP, NOP, ts(110, tsVal(synAck))));
        lab.advance(10_000);
        TcpSegment dataAck = onlyReply(lab.send(data(1001, iss + 1, 120, tsVal(synAck), 10)));
        assertThat(dataAck.ack().value()).isEqualTo(1011);
        assertThat(tsEcr(dataAck)).isEqualTo(120);
        // an out-of-window segment gets a dup ACK that still echoes the last accepted TSval
        lab.advance(Lab.SEC);
        TcpSegment dup = onlyReply(lab.send(data(900_000, iss + 1, 130, tsVal(synAck), 1)));
        assertThat(tsEcr(dup)).isEqualTo(120);
    }

    /** Before the data, the child's ts_recent is the 3rd ACK's TSval, not the SYN's. */
    @Test
    void childStartsFromTheThirdAcksTsval() {
        TcpSegment synAck = onlyReply(lab.send(syn(1000, mss(1460), NOP, NOP, ts(100, 0))));
        long iss = synAck.seq().value();
        lab.send(ack(1001, iss + 1, NOP, NOP, ts(105, tsVal(synAck))));
        TcpSegment dup = onlyReply(lab.send(data(900_000, iss + 1, 106, tsVal(synAck), 1)));
        assertThat(tsEcr(dup)).isEqualTo(105);
    }

    /**
     * tcp_check_req: a 3rd ACK whose TSval is older than the SYN's fails tcp_paws_reject: it is
     * answered with an ACK (TSecr the SYN's TSval) and dropped, and the request stays.
     */
    @Test
    void thirdAckOlderThanTheSynIsRejectedByPaws() {
        TcpSegment synAck = onlyReply(lab.send(syn(1000, mss(1460), NOP, NOP, ts(5000, 0))));
        long iss = synAck.seq().value();
        Reaction r = lab.send(ack(1001, iss + 1, NOP, NOP, ts(4000, tsVal(synAck))));
        TcpSegment reply = onlyReply(r);
        assertThat(reply.flags()).isEqualTo(TcpFlags.ACK_ONLY);
        assertThat(reply.seq().value()).isEqualTo(iss + 1);
        assertThat(tsEcr(reply)).isEqualTo(5000);
        assertThat(dropReason(r)).isEqualTo(DropReason.SYN_RECV_PAWS_REJECT);
        assertThat(lab.sim.snapshot().listener().synQueue().size()).isEqualTo(1);
        assertThat(lab.sim.server().connections()).isEmpty();
        // a good 3rd ACK still completes the handshake
        lab.advance(Lab.SEC / 2 + 1);
        lab.send(ack(1001, iss + 1, NOP, NOP, ts(5001, tsVal(synAck))));
        assertThat(lab.sim.server().connections()).hasSize(1);
    }

    /**
     * tcp_check_req: the "pure retransmitted SYN" branch needs !paws_reject; a retransmitted SYN
     * with an older TSval falls through to "send ACK and drop": an ACK, not a SYN-ACK. One with
     * a newer TSval gets the SYN-ACK again.
     */
    @Test
    void retransmittedSynWithOlderTsvalGetsAnAckNotASynAck() {
        onlyReply(lab.send(syn(1000, mss(1460), NOP, NOP, ts(5000, 0))));
        Reaction older = lab.send(syn(1000, mss(1460), NOP, NOP, ts(4999, 0)));
        TcpSegment reply = onlyReply(older);
        assertThat(reply.flags()).isEqualTo(TcpFlags.ACK_ONLY);
        assertThat(tsEcr(reply)).isEqualTo(5000);
        assertThat(dropReason(older)).isEqualTo(DropReason.SYN_RECV_PAWS_REJECT);
        lab.advance(Lab.SEC / 2); // past tcp_invalid_ratelimit, before the SYN-ACK timer
        Reaction newer = lab.send(syn(1000, mss(1460), NOP, NOP, ts(5600, 0)));
        assertThat(onlyReply(newer).flags()).isEqualTo(TcpFlags.SYN_ACK);
        assertThat(newer.serverReplies().get(0).cause()).isEqualTo(SendCause.SYN_ACK_DUPLICATE_SYN);
    }

    /**
     * tcp_validate_incoming, "Apply PAWS check first": on the child, a data segment whose TSval
     * is behind ts_recent by more than TCP_PAWS_WINDOW is answered with a dup ACK and dropped;
     * its data is not taken.
     */
    @Test
    void establishedDataWithOldTsvalIsDiscardedByPaws() {
        TcpSegment synAck = onlyReply(lab.send(syn(1000, mss(1460), NOP, NOP, ts(100, 0))));
        long iss = synAck.seq().value();
        lab.send(ack(1001, iss + 1, NOP, NOP, ts(200, tsVal(synAck))));
        Reaction r = lab.send(data(1001, iss + 1, 150, tsVal(synAck), 10));
        TcpSegment reply = onlyReply(r);
        assertThat(reply.ack().value()).isEqualTo(1001);
        assertThat(tsEcr(reply)).isEqualTo(200);
        assertThat(dropReason(r)).isEqualTo(DropReason.ESTABLISHED_PAWS_REJECT);
        // one tick behind is within TCP_PAWS_WINDOW: taken
        lab.advance(Lab.SEC);
        assertThat(onlyReply(lab.send(data(1001, iss + 1, 199, tsVal(synAck), 10))).ack().value()).isEqualTo(1011);
    }
}
