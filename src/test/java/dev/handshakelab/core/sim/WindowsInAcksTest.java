package dev.handshakelab.core.sim;

import static dev.handshakelab.core.sim.Lab.NOP;
import static dev.handshakelab.core.sim.Lab.ack;
import static dev.handshakelab.core.sim.Lab.mss;
import static dev.handshakelab.core.sim.Lab.onlyReply;
import static dev.handshakelab.core.sim.Lab.syn;
import static dev.handshakelab.core.sim.Lab.ts;
import static dev.handshakelab.core.sim.Lab.ws;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The window in ACKs after the handshake, as {@code tcp_select_window} chooses it ("never shrink
 * the offered window", rounded up to a multiple of 2^wscale), and the Linux client's window
 * scale from its own tcp_rmem ({@code tcp_select_initial_window}). Checked on Linux 6.18 over
 * loopback with wscale 10: a client whose SYN said 64240 acknowledges with 63 (64512), a server
 * whose SYN-ACK said 65160 with 64 (65536).
 */
class WindowsInAcksTest {

    private static TcpSegment data(long seq, long ack, long tsVal, int length) {
        return new TcpSegment(Lab.CPORT, Lab.PORT, SeqNum.of(seq), SeqNum.of(ack), TcpFlags.ACK_ONLY.with(TcpFlags.PSH), 502, 0,
                List.of(NOP, NOP, ts(tsVal, 0)), Bytes.of(new byte[length]));
    }

    /** The client's handshake ACK: 64240 rounded up to 128 is 64256, so win 502, not 501 (64240 >> 7). */
    @Test
    void linuxClientAcknowledgesWith502() {
        Reaction r = Lab.linux().sim.apply(new SimInput.Connect(40001, ClientPreset.LINUX, true));
        TcpSegment ack = r.segmentsSent().get(2).datagram().segment();
        assertThat(ack.flags()).isEqualTo(TcpFlags.ACK_ONLY);
        assertThat(ack.window()).isEqualTo(502);
    }

    /** This machine's tcp_rmem[2] (32 MiB), which makes Linux offer wscale 10 as in the capture above. */
    private static final StackProfile WSCALE_10 = StackProfile.linux().withTcpRmem(4096, 131072, 32 * 1024 * 1024);

    /**
     * The server child with wscale 10, as captured on 6.18: its SYN-ACK offered 65160;
     * __tcp_select_window gives 64512 (rounded down to 1024), less than the 65150 still open after
     * 10 bytes, so the old window is kept, rounded up: 65536, win 64. After 1000 more bytes what
     * is left (64536) is still above 64512: win 64 again, never shrinking.
     */
    @Test
    void serverChildNeverShrinksItsWindowAndRoundsItUp() {
        Lab lab = new Lab(WSCALE_10);
        TcpSegment synAck = onlyReply(lab.send(syn(1000, mss(1460), TcpOption.SACK_PERMITTED, ts(100, 0), NOP, ws(10))));
        assertThat(synAck.window()).isEqualTo(65160);
        assertThat(synAck.option(TcpOption.WindowScale.class).shift()).isEqualTo(10);
        long iss = synAck.seq().value();
        lab.send(ack(1001, iss + 1, NOP, NOP, ts(101, 0)));
        TcpSegment first = onlyReply(lab.send(data(1001, iss + 1, 102, 10)));
        assertThat(first.ack().value()).isEqualTo(1011);
        assertThat(first.window()).isEqualTo(64);
        TcpSegment second = onlyReply(lab.send(data(1011, iss + 1, 103, 1000)));
        assertThat(second.window()).isEqualTo(64);
    }

    /** With wscale 7 the rounding goes the other way: 65160 - 10 is below 65152, which becomes the window: 509. */
    @Test
    void withWscale7TheServerChildAdvertises509() {
        Lab lab = Lab.linux();
        TcpSegment synAck = onlyReply(lab.send(syn(1000, mss(1460), TcpOption.SACK_PERMITTED, ts(100, 0), NOP, ws(7))));
        long iss = synAck.seq().value();
        lab.send(ack(1001, iss + 1, NOP, NOP, ts(101, 0)));
        assertThat(onlyReply(lab.send(data(1001, iss + 1, 102, 10))).window()).isEqualTo(509);
    }

    /** The client's ACK with wscale 10, as captured: 64240 rounded up to 1024 is 64512, win 63. */
    @Test
    void linuxClientWithWscale10AcknowledgesWith63() {
        Reaction r = new Lab(WSCALE_10).sim.apply(new SimInput.Connect(40001, ClientPreset.LINUX, true));
        assertThat(r.segmentsSent().get(0).datagram().segment().option(TcpOption.WindowScale.class).shift()).isEqualTo(10);
        assertThat(r.segmentsSent().get(2).datagram().segment().window()).isEqualTo(63);
    }

    /**
     * tcp_select_initial_window on the client: space = max(tcp_rmem[2], rmem_max) gives the
     * scale, tcp_full_space(tcp_rmem[1]) the window. With the kernel packetdrill selftests'
     * tcp_rmem (4096 540000 15728640) the SYN offers wscale 8 (tcp_basic_client expects it) and
     * window 65535; stock 6.x offers wscale 7 and 64240.
     */
    @Test
    void linuxClientDerivesItsWindowScaleFromTcpRmem() {
        StackProfile selftests = StackProfile.linux().withTcpRmem(4096, 540000, 15 * 1024 * 1024);
        TcpSegment syn = new Lab(selftests).sim.apply(new SimInput.Connect(40001, ClientPreset.LINUX, true))
                .segmentsSent().get(0).datagram().segment();
        assertThat(syn.option(TcpOption.WindowScale.class).shift()).isEqualTo(8);
        assertThat(syn.window()).isEqualTo(65535);
        TcpSegment stock = Lab.linux().sim.apply(new SimInput.Connect(40001, ClientPreset.LINUX, true))
                .segmentsSent().get(0).datagram().segment();
        assertThat(stock.option(TcpOption.WindowScale.class).shift()).isEqualTo(7);
        assertThat(stock.window()).isEqualTo(64240);
    }
}
