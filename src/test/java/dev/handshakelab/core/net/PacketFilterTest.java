package dev.handshakelab.core.net;

import static dev.handshakelab.core.net.Segments.fromClient;
import static dev.handshakelab.core.net.Segments.fromServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.wire.TcpFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stateless iptables chain: first matching rule wins, else the policy (iptables(8), "TARGETS"). */
class PacketFilterTest {

    @Test
    void firstMatchingRuleDecides_andTheDefaultPolicyTakesTheRest() {
        SegmentMatch synsTo80 = new SegmentMatch(TcpFlags.SYN, null, Segments.CLIENT, null, null, 80, null);
        PacketFilter acl = new PacketFilter("acl", List.of(
                new PacketFilter.Rule(synsTo80, Refusal.icmp(IcmpUnreachable.ADMIN_PROHIBITED)),
                new PacketFilter.Rule(SegmentMatch.ANY, null)), Refusal.DROP);
        Verdict v = acl.inspect(fromClient(TcpFlags.SYN, 1, 0), 0);
        assertThat(v).isEqualTo(new Verdict.Unreachable(
                "rule 1 (reject-icmp admin-prohibited SYN from 10.0.0.1 to port 80) matched; answered with ICMP admin-prohibited",
                IcmpUnreachable.ADMIN_PROHIBITED));
        assertThat(acl.inspect(fromClient(TcpFlags.ACK, 2, 5), 0)).isEqualTo(Verdict.PASS);
        PacketFilter closed = new PacketFilter("closed", List.of(), Refusal.DROP);
        assertThat(closed.inspect(fromServer(TcpFlags.SYN | TcpFlags.ACK, 1, 2), 0))
                .isEqualTo(Verdict.drop("no rule matched; default policy drop"));
    }

    @Test
    void statelessMeansASynAckPassesWhetherOrNotASynWentOut() {
        PacketFilter allowReplies = new PacketFilter("acl", List.of(new PacketFilter.Rule(
                new SegmentMatch(TcpFlags.SYN | TcpFlags.ACK, null, null, null, 80, null, null), null)), Refusal.DROP);
        // No SYN was ever seen, yet the SYN-ACK passes: a stateless filter cannot know.
        assertThat(allowReplies.inspect(fromServer(TcpFlags.SYN | TcpFlags.ACK, 1, 2), 0)).isEqualTo(Verdict.PASS);
    }
}
