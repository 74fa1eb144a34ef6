package dev.handshakelab.core.flood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.sim.Reaction;
import dev.handshakelab.core.sim.SimInput;
import dev.handshakelab.core.sim.SimSnapshot;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import dev.handshakelab.core.tcp.SynCookies;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 3rd ACK of a cookie handshake (reference §3.7; {@code cookie_v4_check},
 * {@code check_tcp_syn_cookie}, {@code tcp_synq_no_recent_overflow}): a valid cookie rebuilds the
 * connection with the MSS from {@code msstab}; a forged or stale one falls through to the
 * listener, which answers {@code R} with seq = SEG.ACK as for any bad ACK (§3.8).
 */
class SynCookieAckTest {

    static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
    static final IpAddress SERVER = IpAddress.parse("10.0.0.2");

    final Simulation sim = new Simulation(SimulationConfig.defaults().withProfile(StackProfile.linux().withSyncookies(2)));

    Reaction send(int port, TcpFlags flags, long seq, long ack, TcpOption... options) {
        TcpSegment s = new TcpSegment(port, 80, SeqNum.of(seq), SeqNum.of(ack), flags, 64240, 0, List.of(options), Bytes.EMPTY);
        return sim.apply(new SimInput.InjectSegment(IpDatagram.of(CLIENT, SERVER, s), true));
    }

    /** SYN with MSS 1400 and no timestamps; returns the cookie (the SYN-ACK's ISN). */
    long cookieFor(int port, long isn) {
        Reaction r = send(port, TcpFlags.SYN_ONLY, isn, 0, new TcpOption.MaxSegmentSize(1400));
        TcpSegment synAck = r.serverReplies().get(0).datagram().segment();
        // §3.4: without timestamps the cookie SYN-ACK carries the MSS only
        assertThat(synAck.options()).containsExactly(new TcpOption.MaxSegmentSize(1460));
        return synAck.seq().value();
    }

    @Test
    void validCookieAck_completesTheHandshakeWithTheTableMssBelowTheOffered() {
        long cookie = cookieFor(40000, 1000);
        Reaction r = send(40000, TcpFlags.ACK_ONLY, 1001, cookie + 1);

        assertThat(r.serverReplies()).isEmpty();
        TcpEvent.CookieEvent validated = r.ofType(TcpEvent.CookieEvent.class).get(0);
        assertThat(validated.kind()).isEqualTo("cookie-validated");
        // msstab {536, 1300, 1440, 1460}: 1400 is rounded down to 1300
        assertThat(validated.mss()).isEqualTo(1300);
        SimSnapshot.EndpointView child = sim.snapshot().endpoints().stream()
                .filter(e -> new HostPort(CLIENT, 40000).equals(e.remote())).findFirst().orElseThrow();
        assertThat(child.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(child.negotiation().peerMss()).isEqualTo(1300);
        assertThat(child.negotiation().cookie()).isTrue();
        assertThat(child.negotiation().windowScaling()).isFalse();
        assertThat(child.negotiation().sack()).isFalse();
    }

    @Test
    void overIpv6_theCookieCarriesAnMssFromCookieV6InitSequencesTable() {
        IpAddress client6 = IpAddress.parse("2001:db8::1");
        Simulation v6 = new Simulation(SimulationConfig.defaults().withProfile(StackProfile.linux().withSyncookies(2))
                .withAddresses(HostPort.parse("2001:db8::2", 80), client6));
        TcpSegment syn = new TcpSegment(40000, 80, SeqNum.of(1000), SeqNum.ZERO, TcpFlags.SYN_ONLY, 64240, 0,
                List.of(new TcpOption.MaxSegmentSize(1400)), Bytes.EMPTY);
        Reaction r = v6.apply(new SimInput.InjectSegment(IpDatagram.of(client6, v6.config().server().address(), syn), true));
        TcpSegment synAck = r.serverReplies().get(0).datagram().segment();
        assertThat(synAck.options()).containsExactly(new TcpOption.MaxSegmentSize(1440));
        assertThat(r.ofType(TcpEvent.CookieEvent.class).get(0).mss()).as("1400 rounds down to 1220 in {1220, 1420, 1440, 8940}").isEqualTo(1220);

        TcpSegment ack = new TcpSegment(40000, 80, SeqNum.of(1001), synAck.seq().plus(1), TcpFlags.ACK_ONLY, 502, 0, List.of(), Bytes.EMPTY);
        Reaction done = v6.apply(new SimInput.InjectSegment(IpDatagram.of(client6, v6.config().server().address(), ack), true));
        TcpEvent.CookieEvent validated = done.ofType(TcpEvent.CookieEvent.class).get(0);
        assertThat(validated.kind()).isEqualTo("cookie-validated");
        assertThat(validated.mss()).isEqualTo(1220);
    }

    @Test
    void forgedCookieAck_isRejectedWithRstWhoseSeqIsTheAckNumber() {
        long cookie = cookieFor(40000, 1000);
        long forged = (cookie + 1 + (1 << 20)) & 0xFFFF_FFFFL; // the MSS-index bits no longer match hash2
        Reaction r = send(40000, TcpFlags.ACK_ONLY, 1001, forged);

        TcpEvent.CookieEvent rejected = r.ofType(TcpEvent.CookieEvent.class).get(0);
        assertThat(rejected.kind()).isEqualTo("cookie-rejected");
        assertThat(rejected.reason()).contains("hash");
        TcpSegment rst = r.serverReplies().get(0).datagram().segment();
        assertThat(rst.flags()).isEqualTo(TcpFlags.RST_ONLY);
        assertThat(rst.seq().value()).isEqualTo(forged);
        assertThat(rst.window()).isZero();
        assertThat(sim.server().counters().get(dev.handshakelab.core.tcp.Counters.Counter.SYNCOOKIES_FAILED)).isEqualTo(1);
    }

    /**
     * Minute 0's cookie checked in minute 2 is MAX_SYNCOOKIE_AGE old. A SYN from another port just
     * before keeps the listener's "recent overflow" stamp fresh, so the ACK really is checked.
     */
    @Test
    void staleCookieAck_twoMinutesLater_isRejectedAsTooOldWithRst() {
        long cookie = cookieFor(40000, 1000);
        sim.apply(new SimInput.AdvanceClock(121_000_000));
        cookieFor(40001, 5000);
        Reaction r = send(40000, TcpFlags.ACK_ONLY, 1001, cookie + 1);

        TcpEvent.CookieEvent rejected = r.ofType(TcpEvent.CookieEvent.class).get(0);
        assertThat(rejected.reason()).contains("minutes old");
        assertThat(r.serverReplies().get(0).datagram().segment().flags()).isEqualTo(TcpFlags.RST_ONLY);
        assertThat(sim.server().cookies().open(sim.now(), (int) cookie, CLIENT, SERVER, 40000, 80, 1000).ageMinutes())
                .isEqualTo(2);
    }

    /** The same cookie one minute later is still good: it is valid in its minute and the next. */
    @Test
    void cookieAckOneMinuteLater_isStillAccepted() {
        long cookie = cookieFor(40000, 1000);
        sim.apply(new SimInput.AdvanceClock(61_000_000));
        Reaction r = send(40000, TcpFlags.ACK_ONLY, 1001, cookie + 1);
        assertThat(r.ofType(TcpEvent.CookieEvent.class).get(0).kind()).isEqualTo("cookie-validated");
        SynCookies.Opened opened = sim.server().cookies().open(sim.now(), (int) cookie, CLIENT, SERVER, 40000, 80, 1000);
        assertThat(opened.ageMinutes()).isEqualTo(1);
        assertThat(opened.mssIndex()).isEqualTo(1);
    }
}
