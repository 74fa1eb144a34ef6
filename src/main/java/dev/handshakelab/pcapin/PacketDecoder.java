package dev.handshakelab.pcapin;

import java.util.Arrays;

import dev.handshakelab.core.wire.DecodedDatagram;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.core.wire.SegmentDecodeException;

/**
 * From a captured frame to the TCP segment it carries: strips the link-layer header of the link
 * types the field uses (tcpdump's LINKTYPE_ values, https://www.tcpdump.org/linktypes.html), then
 * reads the IPv4 or IPv6 header. A frame that carries no whole TCP segment is not an error of the
 * file: it is skipped, with the reason.
 */
final class PacketDecoder {

    static final int LINKTYPE_NULL = 0;
    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LOOP = 108;
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int LINKTYPE_IPV4 = 228;
    static final int LINKTYPE_IPV6 = 229;
    static final int LINKTYPE_LINUX_SLL2 = 276;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_QINQ = 0x88A8;
    static final int IPV6_HEADER_BYTES = 40;

    /** What a frame turned out to be: a TCP packet, or the reason it is skipped. */
    sealed interface Result permits Tcp, Skipped {}

    /** A TCP segment in IPv4 or IPv6, as captured. */
    record Tcp(TcpPacket packet) implements Result {}

    /** A frame with no TCP segment the lab can read; {@code reason} says why. */
    record Skipped(String reason) implements Result {}

    private PacketDecoder() {
    }

    static Result decode(CapturedFrame frame) {
        byte[] f = frame.data();
        int ip;
        switch (frame.linkType()) {
            case LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6 -> ip = 0;
            case LINKTYPE_ETHERNET -> {
                // destination and source MAC, then the EtherType; 802.1Q / 802.1ad tags are 4 bytes each
                int type = 12;
                while (type + 2 <= f.length && (u16(f, type) == ETHERTYPE_VLAN || u16(f, type) == ETHERTYPE_QINQ)) {
                    type += 4;
                }
                if (type + 2 > f.length) {
                    return new Skipped("Ethernet header cut short");
                }
                if (!isIp(u16(f, type))) {
                    return new Skipped(String.format("EtherType %04x is not IP", u16(f, type)));
                }
                ip = type + 2;
            }
            case LINKTYPE_LINUX_SLL -> {
                // packet type, ARPHRD type, address length, 8 address bytes, protocol (16 bytes)
                if (f.length < 16) {
                    return new Skipped("Linux cooked (SLL) header cut short");
                }
                if (!isIp(u16(f, 14))) {
                    return new Skipped(String.format("SLL protocol %04x is not IP", u16(f, 14)));
                }
                ip = 16;
            }
            case LINKTYPE_LINUX_SLL2 -> {
                // protocol first, then reserved, interface index, ARPHRD type, packet type, address (20 bytes)
                if (f.length < 20) {
                    return new Skipped("Linux cooked v2 (SLL2) header cut short");
                }
                if (!isIp(u16(f, 0))) {
                    return new Skipped(String.format("SLL2 protocol %04x is not IP", u16(f, 0)));
                }
                ip = 20;
            }
            case LINKTYPE_NULL, LINKTYPE_LOOP -> {
                // A 4-byte address family: the capturing host's byte order for NULL, network order
                // for LOOP. AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24, 28 or 30 (BSDs).
                if (f.length < 4) {
                    return new Skipped("loopback header cut short");
                }
                int family = ((f[0] & 0xFF) << 24) | ((f[1] & 0xFF) << 16) | ((f[2] & 0xFF) << 8) | (f[3] & 0xFF);
                int small = family >>> 24 == 0 ? family : Integer.reverseBytes(family);
                if (small != 2 && small != 10 && small != 24 && small != 28 && small != 30) {
                    return new Skipped("address family " + small + " is not IP");
                }
                ip = 4;
            }
            default -> {
                return new Skipped("link type " + frame.linkType() + " is not read (Ethernet 1, raw IP 101/228/229, "
                        + "Linux cooked 113/276 and loopback 0/108 are)");
            }
        }
        if (ip >= f.length) {
            return new Skipped("no IP header after the link-layer header");
        }
        int version = (f[ip] & 0xFF) >>> 4;
        if (version == 4) {
            return ipv4(frame, f, ip);
        }
        if (version == 6) {
            return ipv6(frame, f, ip);
        }
        return new Skipped("IP version " + version);
    }

    private static Result ipv4(CapturedFrame frame, byte[] f, int ip) {
        if (f.length - ip < SegmentCodec.IPV4_HEADER_BYTES) {
            return new Skipped("IPv4 header cut short");
        }
        int total = u16(f, ip + 2);
        if (f[ip + 9] != SegmentCodec.PROTOCOL_TCP) {
            return new Skipped("IPv4 protocol " + (f[ip + 9] & 0xFF) + " is not TCP");
        }
        if (total > f.length - ip) {
            return new Skipped(frame.truncated() ? "cut by the capture's snap length" : "IPv4 total length " + total
                    + " runs past the frame");
        }
        // An Ethernet frame pads a short datagram to 60 bytes: the total length says where it ends.
        try {
            DecodedDatagram d = SegmentCodec.decodeIpv4(Arrays.copyOfRange(f, ip, ip + total));
            return new Tcp(new TcpPacket(frame.record(), frame.atNanos(), 4, d.datagram(), d.tcp().checksumValid()));
        } catch (SegmentDecodeException | IllegalArgumentException e) {
            return new Skipped("not a whole TCP segment: " + e.getMessage());
        }
    }

    private static Result ipv6(CapturedFrame frame, byte[] f, int ip) {
        if (f.length - ip < IPV6_HEADER_BYTES) {
            return new Skipped("IPv6 header cut short");
        }
        int payload = u16(f, ip + 4);
        int next = f[ip + 6] & 0xFF;
        if (next != SegmentCodec.PROTOCOL_TCP) {
            return new Skipped("IPv6 next header " + next + " is not TCP (extension headers are not read)");
        }
        if (payload > f.length - ip - IPV6_HEADER_BYTES) {
            return new Skipped(frame.truncated() ? "cut by the capture's snap length" : "IPv6 payload length " + payload
                    + " runs past the frame");
        }
        // the payload length says where the datagram ends, as the total length does for IPv4;
        // the codec keeps the traffic class's ECN bits and the flow label
        try {
            DecodedDatagram d = SegmentCodec.decodeIpv6(Arrays.copyOfRange(f, ip, ip + IPV6_HEADER_BYTES + payload));
            return new Tcp(new TcpPacket(frame.record(), frame.atNanos(), 6, d.datagram(), d.tcp().checksumValid()));
        } catch (SegmentDecodeException | IllegalArgumentException e) {
            return new Skipped("not a whole TCP segment: " + e.getMessage());
        }
    }

    private static boolean isIp(int etherType) {
        return etherType == ETHERTYPE_IPV4 || etherType == ETHERTYPE_IPV6;
    }

    private static int u16(byte[] f, int at) {
        return ((f[at] & 0xFF) << 8) | (f[at + 1] & 0xFF);
    }
}
