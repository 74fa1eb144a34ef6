package dev.handshakelab.core.net;

import static dev.handshakelab.core.net.Segments.fromClient;
import static dev.handshakelab.core.net.Segments.fromServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.TcpFlags;
import org.junit.jupiter.api.Test;

/**
 * The firewall follows netfilter's {@code nf_conntrack_proto_tcp.c} ({@code tcp_conntracks},
 * {@code tcp_timeouts}, {@code tcp_error}) with {@code nf_conntrack_tcp_loose=0} (netfilter
 * conntrack sysctl documentation: "If it is set to zero, we disable picking up already
 * established connections").
 */
class ConntrackFirewallTest {

    static final int SYN = TcpFlags.SYN, SYN_ACK = TcpFlags.SYN | TcpFlags.ACK, ACK = TcpFlags.ACK, RST = TcpFlags.RST;
    static final HostPort C = new HostPort(Segments.CLIENT, 40001), S = new HostPort(Segments.SERVER, 80);

    @Test
    void handshakeSeenInBothDirections_isNewThenEstablished() {
        Conntrack ct = new Conntrack();
        assertThat(ct.track(fromClient(SYN, 100, 0), 0).ctState()).isEqualTo(Conntrack.CtState.NEW);
        assertThat(ct.stateOf(C, S, 0)).isEqualTo(Conntrack.State.SYN_SENT);
        // A retransmitted SYN before any reply is still NEW (ctinfo IP_CT_NEW until IPS_SEEN_REPLY).
        assertThat(ct.track(fromClient(SYN, 100, 0), 1_000_000).ctState()).isEqualTo(Conntrack.CtState.NEW);
        assertThat(ct.track(fromServer(SYN_ACK, 900, 101), 1_000_000).ctState()).isEqualTo(Conntrack.CtState.ESTABLISHED);
        assertThat(ct.stateOf(S, C, 1_000_000)).isEqualTo(Conntrack.State.SYN_RECV);
        assertThat(ct.track(fromClient(ACK, 101, 901), 1_000_000).ctState()).isEqualTo(Conntrack.CtState.ESTABLISHED);
        assertThat(ct.stateOf(C, S, 1_000_000)).isEqualTo(Conntrack.State.ESTABLISHED);
    }

    @Test
    void synAckWithoutASeenSyn_isInvalid_andTheFirewallDropsItNamingTheFlow() {
        ConntrackFirewall fw = new ConntrackFirewall("fw", Refusal.DROP);
        Verdict v = fw.inspect(fromServer(SYN_ACK, 900, 101), 0);
        assertThat(v).isEqualTo(Verdict.drop("no conntrack entry for 10.0.0.2:80 → 10.0.0.1:40001, state INVALID"));
    }

    @Test
    void looseZero_anAckOfAConnectionAlreadyUnderWayIsNotPickedUp() {
        assertThat(new Conntrack().track(fromClient(ACK, 101, 901), 0).ctState()).isEqualTo(Conntrack.CtState.INVALID);
    }

    @Test
    void ackFromTheClientBeforeAnySynAck_isInvalidInSynSent() {
        Conntrack ct = new Conntrack();
        ct.track(fromClient(SYN, 100, 0), 0);
        Conntrack.Result r = ct.track(fromClient(ACK, 101, 901), 0);
        assertThat(r.ctState()).isEqualTo(Conntrack.CtState.INVALID);
        assertThat(r.reason()).contains("invalid in conntrack state SYN_SENT");
    }

    @Test
    void serverRstAnsweringTheSyn_passesAndClosesTheEntry_whichExpiresAfter10s() {
        Conntrack ct = new Conntrack();
        ct.track(fromClient(SYN, 100, 0), 0);
        assertThat(ct.track(fromServer(RST | ACK, 0, 101), 5).ctState()).isEqualTo(Conntrack.CtState.ESTABLISHED);
        assertThat(ct.stateOf(C, S, 5)).isEqualTo(Conntrack.State.CLOSE);
        assertThat(ct.stateOf(C, S, 10_000_005)).isNull();
    }

    @Test
    void synSentEntryLivesTwoMinutesAfterTheLastSyn() {
        Conntrack ct = new Conntrack();
        ct.track(fromClient(SYN, 100, 0), 0);
        assertThat(ct.stateOf(C, S, 119_999_999)).isEqualTo(Conntrack.State.SYN_SENT);
        assertThat(ct.track(fromServer(SYN_ACK, 900, 101), 120_000_000).ctState()).isEqualTo(Conntrack.CtState.INVALID);
    }

    @Test
    void invalidFlagCombinationsAreInvalidWhateverTheState() {
        Conntrack ct = new Conntrack();
        assertThat(ct.track(fromClient(SYN | TcpFlags.FIN, 100, 0), 0).ctState()).isEqualTo(Conntrack.CtState.INVALID);
        assertThat(ct.track(fromClient(0, 100, 0), 0).ctState()).isEqualTo(Conntrack.CtState.INVALID);
        assertThat(Conntrack.validFlags(new TcpFlags(SYN | TcpFlags.ECE | TcpFlags.CWR))).isTrue();
        assertThat(Conntrack.validFlags(new TcpFlags(SYN_ACK | TcpFlags.URG))).isFalse();
    }

    @Test
    void rejectRst_answersInTheDestinationsNameAsTcpV4SendResetWould() {
        ConntrackFirewall fw = new ConntrackFirewall("fw", Refusal.RESET);
        Verdict.Reject toAck = (Verdict.Reject) fw.inspect(fromServer(SYN_ACK, 900, 101), 0);
        assertThat(toAck.reply().src()).isEqualTo(Segments.CLIENT);
        assertThat(toAck.reply().segment().flags()).isEqualTo(TcpFlags.RST_ONLY);
        assertThat(toAck.reply().segment().seq().value()).isEqualTo(101);
        // SYN+FIN is an invalid flag combination (tcp_error); without ACK the RST acknowledges it.
        Verdict.Reject toFin = (Verdict.Reject) fw.inspect(fromClient(TcpFlags.FIN | TcpFlags.SYN, 7, 0), 0);
        assertThat(toFin.reply().segment().flags()).isEqualTo(TcpFlags.RST_ACK);
        assertThat(toFin.reply().segment().ack().value()).isEqualTo(9); // SYN and FIN each take one
        // "No RST for RST": an invalid RST is only dropped.
        assertThat(fw.inspect(fromServer(RST, 5, 0), 0)).isInstanceOf(Verdict.Drop.class);
    }
}
