package dev.handshakelab.core.tcp;

import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.TcpSegment;

/**
 * IPv6 flow labels as Linux 6.x writes them on TCP (RFC 6437; {@code net.ipv6.auto_flowlabels}
 * = 1, the default): {@code ip6_make_flowlabel} takes the skb's hash, rotated by 16 bits, and
 * keeps its low 20 bits. The hash is the socket's {@code sk_txhash} when it has one, a random
 * value ({@code net_tx_rndhash}) that is drawn again on every SYN or SYN-ACK retransmission
 * ({@code tcp_rtx_synack}, {@code sk_rethink_txhash} in {@code tcp_write_timeout}); without a
 * socket (an RST to a closed port or from a listener, {@code tcp_v6_send_reset}) it is the flow's
 * own hash ({@code skb_get_hash_flowi6}), keyed by a secret chosen at boot, so the same 4-tuple
 * always gets the same label.
 *
 * <p>Like the ISN, a label is "random" here too: drawn deterministically from the host's seed,
 * so a session replays the same labels. Only IPv6 datagrams carry one; IPv4 has no field for it.
 * A hash whose low 20 bits are all zero would mean "no label"; the model never draws it.
 */
final class FlowLabels {

    private final long k0;
    private final long k1;

    FlowLabels(long hostSeed) {
        k0 = SipHash.hash(hostSeed, 0x464c4f574c41424cL, 1, 0);
        k1 = SipHash.hash(hostSeed, 0x464c4f574c41424cL, 2, 0);
    }

    /**
     * A request's or a socket's txhash as a label: one {@code net_tx_rndhash} draw, the
     * {@code generation}-th for the connection to {@code peer} with ISN {@code iss}. Each
     * retransmission that draws again asks for the next generation. Keyed by identity rather than
     * drawn from a counter, so that a request keeps no more than a byte for it (see
     * {@code HalfOpenFootprint}) and labels do not depend on what other connections did.
     */
    int txhash(IpAddress peer, int peerPort, int iss, int generation) {
        long m0 = SipHash.addressWord(peer, k0, k1) << 16 ^ peerPort;
        long m1 = (long) iss << 32 | (generation & 0xFFFF_FFFFL);
        return label(SipHash.hash(k1, k0, m0, m1));
    }

    /** The label of a datagram sent with no socket's txhash: the hash of its flow (4-tuple). */
    int ofFlow(IpAddress src, int srcPort, IpAddress dst, int dstPort) {
        long m0 = SipHash.addressWord(src, k0, k1) << 32 ^ SipHash.addressWord(dst, k1, k0);
        long m1 = (long) srcPort << 16 | dstPort;
        return label(SipHash.hash(k0, k1, m0, m1));
    }

    /** The datagram from {@code src} to {@code dst} with {@code label} when it is IPv6; IPv4 has no label. */
    static IpDatagram datagram(IpAddress src, IpAddress dst, TcpSegment segment, int label) {
        return src.ipv6() ? new IpDatagram(src, dst, IpDatagram.DEFAULT_TTL, 0, segment, label)
                : IpDatagram.of(src, dst, segment);
    }

    /** {@code rol32(hash, 16) & IPV6_FLOWLABEL_MASK}, never 0. */
    private static int label(long hash) {
        int l = Integer.rotateLeft((int) hash, 16) & IpDatagram.MAX_FLOW_LABEL;
        return l == 0 ? 1 : l;
    }
}
