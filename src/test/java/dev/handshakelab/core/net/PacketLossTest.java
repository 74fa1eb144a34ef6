package dev.handshakelab.core.net;

import static dev.handshakelab.core.net.Segments.fromClient;
import static dev.handshakelab.core.net.Segments.fromServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.wire.TcpFlags;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loss as netem models it ({@code loss random p}), plus the lab's "drop the n-th" and "drop by flags". */
class PacketLossTest {

    static final SegmentMatch SYN_ACKS = new SegmentMatch(TcpFlags.SYN | TcpFlags.ACK, null, null, null, null, null, null);

    @Test
    void nthCountsOnlyTheSegmentsTheMatchSelects() {
        PacketLoss loss = PacketLoss.nth("synacks", SYN_ACKS, List.of(2L));
        assertThat(loss.inspect(fromClient(TcpFlags.SYN, 1, 0), 0)).isEqualTo(Verdict.PASS);
        assertThat(loss.inspect(fromServer(TcpFlags.SYN | TcpFlags.ACK, 9, 2), 0)).isEqualTo(Verdict.PASS);
        assertThat(loss.inspect(fromClient(TcpFlags.ACK, 2, 10), 0)).isEqualTo(Verdict.PASS);
        Verdict second = loss.inspect(fromServer(TcpFlags.SYN | TcpFlags.ACK, 9, 2), 0);
        assertThat(second).isInstanceOf(Verdict.Drop.class);
        assertThat(((Verdict.Drop) second).reason()).isEqualTo("loses SYN-ACK number 2 (nth [2])");
        assertThat(loss.inspect(fromServer(TcpFlags.SYN | TcpFlags.ACK, 9, 2), 0)).isEqualTo(Verdict.PASS);
    }

    @Test
    void flagsMatchTheExactControlSet_anEcnSynAckIsStillASynAck() {
        PacketLoss loss = PacketLoss.all("synacks", SYN_ACKS);
        assertThat(loss.inspect(fromServer(TcpFlags.SYN | TcpFlags.ACK | TcpFlags.ECE, 9, 2), 0)).isInstanceOf(Verdict.Drop.class);
        assertThat(loss.inspect(fromServer(TcpFlags.ACK, 9, 2), 0)).isEqualTo(Verdict.PASS);
        assertThat(loss.inspect(fromServer(TcpFlags.RST | TcpFlags.ACK, 0, 2), 0)).isEqualTo(Verdict.PASS);
    }

    @Test
    void directionNeedsTheServerAddressAndSelectsOneWay() {
        SegmentMatch back = new SegmentMatch(null, SegmentMatch.Direction.SERVER_TO_CLIENT, null, null, null, null, Segments.SERVER);
        PacketLoss loss = PacketLoss.all("back", back);
        assertThat(loss.inspect(fromClient(TcpFlags.SYN, 1, 0), 0)).isEqualTo(Verdict.PASS);
        assertThat(loss.inspect(fromServer(TcpFlags.SYN | TcpFlags.ACK, 1, 2), 0)).isInstanceOf(Verdict.Drop.class);
    }

    @Test
    void randomLossIsReproducible_sameSeedSameDrops_otherSeedOtherDrops() {
        assertThat(pattern(42)).isEqualTo(pattern(42));
        assertThat(pattern(42)).isNotEqualTo(pattern(43));
        // p = 0.5 over 64 segments: both outcomes occur (the stream is not stuck).
        assertThat(pattern(42)).contains("D", ".");
    }

    @Test
    void probabilityZeroNeverDropsAndOneAlwaysDrops() {
        PacketLoss never = PacketLoss.random("never", SegmentMatch.ANY, 0, 1);
        PacketLoss always = PacketLoss.random("always", SegmentMatch.ANY, 1, 1);
        for (int i = 0; i < 100; i++) {
            assertThat(never.inspect(fromClient(TcpFlags.SYN, i, 0), 0)).isEqualTo(Verdict.PASS);
            assertThat(always.inspect(fromClient(TcpFlags.SYN, i, 0), 0)).isInstanceOf(Verdict.Drop.class);
        }
    }

    @Test
    void twoBoxesOfOneSessionDrawFromDifferentStreams() {
        assertThat(pattern("a", 7)).isNotEqualTo(pattern("b", 7));
    }

    private static List<String> pattern(long seed) {
        return pattern("lossy", seed);
    }

    private static List<String> pattern(String name, long seed) {
        PacketLoss loss = PacketLoss.random(name, SegmentMatch.ANY, 0.5, seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            out.add(loss.inspect(fromClient(TcpFlags.SYN, i, 0), 0) instanceof Verdict.Drop ? "D" : ".");
        }
        return out;
    }
}
