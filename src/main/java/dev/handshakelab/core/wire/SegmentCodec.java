package dev.handshakelab.core.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Byte-exact encoding and decoding of TCP segments (RFC 9293 §3.1) and of the IPv4 (RFC 791
 * §3.1) and IPv6 (RFC 8200 §3) datagrams that carry them. {@link #encodeIp}/{@link #decodeIp}
 * pick the family: by the addresses when encoding, by the version nibble when decoding.
 *
 * <p>Encoding computes what {@link TcpSegment} leaves out: the data offset (options padded
 * with zero bytes to a 32-bit boundary, RFC 9293 §3.1 "Padding") and the checksum over the
 * pseudo-header (IPv4: RFC 9293 §3.1; IPv6: RFC 8200 §8.1). Decoding untrusted bytes throws
 * nothing but {@link SegmentDecodeException}, and is lossless: encoding a
 * {@link DecodedSegment} or {@link DecodedDatagram} gives back the bytes it was read from, apart
 * from checksums that were wrong, which are recomputed. Zero bytes after the options read as
 * EOL (kind 0), so a segment whose options do not fill whole words and do not end in EOL comes
 * back with one: see {@link #asOnWire(List)}.
 *
 * <p>The hot path (a SYN-ACK with four options, see {@code SegmentCodecBenchmark}) encodes into
 * a caller's buffer without allocating, and decodes allocating little beyond the objects it
 * returns: no streams, no boxing, options dispatched with {@code instanceof}.
 */
public final class SegmentCodec {

    public static final int IPV4_HEADER_BYTES = 20;
    /** The fixed IPv6 header (RFC 8200 §3); extension headers are not modelled. */
    public static final int IPV6_HEADER_BYTES = 40;
    public static final int PROTOCOL_TCP = 6;

    /** Flags/fragment word with DF: Linux sets DF on TCP because PMTU discovery is on by default. */
    private static final int IPV4_DF = 0x4000;
    private static final int IPV4_RESERVED_FLAG = 0x8000;
    /** MF and the 13-bit fragment offset: any of them set means this is a fragment. */
    private static final int IPV4_FRAGMENT_BITS = 0x3FFF;

    /** Big-endian 32-bit access to byte arrays; the JIT turns it into one load or store. */
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** All 512 flag combinations, so decoding does not allocate one per segment. */
    private static final TcpFlags[] FLAGS = new TcpFlags[0x200];

    static {
        for (int i = 0; i < FLAGS.length; i++) {
            FLAGS[i] = new TcpFlags(i);
        }
    }

    private SegmentCodec() {}

    // ---------------------------------------------------------------- TCP encoding

    /** Bytes the encoded segment takes: header with padded options, plus payload. */
    public static int tcpLength(TcpSegment segment) {
        return segment.dataOffsetWords() * 4 + segment.payload().length();
    }

    /** The segment's bytes, checksum computed for the given addresses (both IPv4 or both IPv6). */
    public static byte[] encodeTcp(TcpSegment segment, IpAddress src, IpAddress dst) {
        byte[] out = new byte[tcpLength(segment)];
        writeTcp(segment, 0, src, dst, out, 0);
        return out;
    }

    /**
     * Encodes into {@code buffer} at {@code offset}, for callers that reuse a buffer; returns the
     * number of bytes written ({@link #tcpLength(TcpSegment)}).
     */
    public static int encodeTcp(TcpSegment segment, IpAddress src, IpAddress dst, byte[] buffer, int offset) {
        int mostBytes = 60 + segment.payload().length(); // a header is at most 15 words
        if (offset < 0 || buffer.length - offset < mostBytes) {
            Objects.checkFromIndexSize(offset, tcpLength(segment), buffer.length);
        }
        return writeTcp(segment, 0, src, dst, buffer, offset);
    }

    /** Re-encodes a decoded segment, reserved bits included; the checksum is recomputed. */
    public static byte[] encodeTcp(DecodedSegment decoded, IpAddress src, IpAddress dst) {
        byte[] out = new byte[tcpLength(decoded.segment())];
        writeTcp(decoded.segment(), decoded.reservedBits(), src, dst, out, 0);
        if (!decoded.dataOffsetValid()) {
            // the impossible data offset the bytes carried, and the checksum over them again
            out[12] = (byte) (decoded.dataOffsetWords() << 4 | (out[12] & 0x0F));
            putShort(out, 16, 0);
            putShort(out, 16, ~fold(pseudoHeaderSum(src, dst, out.length) + sum16(out, 0, out.length)) & 0xFFFF);
        }
        return out;
    }

    private static int writeTcp(TcpSegment s, int reservedBits, IpAddress src, IpAddress dst, byte[] b, int off) {
        requireSameFamily(src, dst);
        int pos = off + TcpSegment.HEADER_BYTES;
        List<TcpOption> options = s.options();
        for (int i = 0, n = options.size(); i < n; i++) {
            pos = writeOption(options.get(i), b, pos);
        }
        int headerLength = (pos - off + 3) & ~3;
        while (pos < off + headerLength) {
            b[pos++] = 0; // RFC 9293 §3.1: "The TCP header padding is composed of zeros"
        }
        int flags = s.flags().bits();
        putShort(b, off, s.srcPort());
        putShort(b, off + 2, s.dstPort());
        putInt(b, off + 4, s.seq().bits());
        putInt(b, off + 8, s.ack().bits());
        b[off + 12] = (byte) ((headerLength >>> 2) << 4 | (reservedBits & 7) << 1 | flags >>> 8);
        b[off + 13] = (byte) flags;
        putShort(b, off + 14, s.window());
        putShort(b, off + 16, 0);
        putShort(b, off + 18, s.urgentPointer());
        s.payload().copyTo(b, off + headerLength);
        int length = headerLength + s.payload().length();
        long sum = pseudoHeaderSum(src, dst, length) + sum16(b, off, length);
        putShort(b, off + 16, ~fold(sum));
        return length;
    }

    private static int writeOption(TcpOption o, byte[] b, int p) {
        // Ordered by how often Linux handshakes carry them.
        if (o instanceof TcpOption.NoOperation) {
            b[p] = TcpOption.KIND_NOP;
            return p + 1;
        }
        if (o instanceof TcpOption.MaxSegmentSize mss) {
            b[p] = TcpOption.KIND_MSS;
            b[p + 1] = 4;
            putShort(b, p + 2, mss.mss());
            return p + 4;
        }
        if (o instanceof TcpOption.WindowScale ws) {
            b[p] = TcpOption.KIND_WINDOW_SCALE;
            b[p + 1] = 3;
            b[p + 2] = (byte) ws.shift();
            return p + 3;
        }
        if (o instanceof TcpOption.SackPermitted) {
            b[p] = TcpOption.KIND_SACK_PERMITTED;
            b[p + 1] = 2;
            return p + 2;
        }
        if (o instanceof TcpOption.Timestamps ts) {
            b[p] = TcpOption.KIND_TIMESTAMPS;
            b[p + 1] = 10;
            putInt(b, p + 2, (int) ts.tsVal());
            putInt(b, p + 6, (int) ts.tsEcr());
            return p + 10;
        }
        if (o instanceof TcpOption.EndOfOptionList) {
            b[p] = TcpOption.KIND_EOL;
            return p + 1;
        }
        if (o instanceof TcpOption.Sack sack) {
            b[p] = TcpOption.KIND_SACK;
            b[p + 1] = (byte) sack.wireLength();
            int q = p + 2;
            for (TcpOption.SackBlock block : sack.blocks()) {
                putInt(b, q, block.left().bits());
                putInt(b, q + 4, block.right().bits());
                q += 8;
            }
            return q;
        }
        if (o instanceof TcpOption.FastOpenCookie fo) {
            return writeKindLengthData(TcpOption.KIND_FAST_OPEN, fo.cookie(), b, p);
        }
        if (o instanceof TcpOption.Unknown u) {
            return writeKindLengthData(u.kind(), u.data(), b, p);
        }
        Bytes verbatim = o instanceof TcpOption.Unparsed u ? u.bytes() : ((TcpOption.Padding) o).bytes();
        verbatim.copyTo(b, p);
        return p + verbatim.length();
    }

    private static int writeKindLengthData(int kind, Bytes data, byte[] b, int p) {
        b[p] = (byte) kind;
        b[p + 1] = (byte) (2 + data.length());
        data.copyTo(b, p + 2);
        return p + 2 + data.length();
    }

    /**
     * The option list as a decoder will read it back after encoding: when the options do not
     * fill whole 32-bit words and do not end in EOL, the zero padding reads as one EOL
     * (RFC 9293 §3.2: kind 0 is End of Option List). Otherwise the list itself.
     */
    public static List<TcpOption> asOnWire(List<TcpOption> options) {
        int bytes = 0;
        for (TcpOption o : options) {
            bytes += o.wireLength();
        }
        TcpOption last = options.isEmpty() ? null : options.get(options.size() - 1);
        boolean endsInEolOrPadding = last instanceof TcpOption.EndOfOptionList || last instanceof TcpOption.Padding;
        if (bytes % 4 == 0 || endsInEolOrPadding) {
            return options;
        }
        List<TcpOption> onWire = new ArrayList<>(options);
        if (last instanceof TcpOption.Unparsed u) {
            // the zero fill is read back as part of the unparsed tail: a parser that stopped does not resume
            byte[] filled = java.util.Arrays.copyOf(u.bytes().toArray(), u.bytes().length() + 4 - bytes % 4);
            onWire.set(onWire.size() - 1, new TcpOption.Unparsed(Bytes.of(filled)));
        } else {
            onWire.add(TcpOption.EOL);
        }
        return List.copyOf(onWire);
    }

    // ---------------------------------------------------------------- TCP decoding

    /** Decodes a whole TCP segment (header and payload) received between {@code src} and {@code dst}. */
    public static DecodedSegment decodeTcp(byte[] bytes, IpAddress src, IpAddress dst) {
        return decodeTcp(bytes, 0, bytes.length, src, dst);
    }

    /**
     * Decodes the segment in {@code bytes[offset, offset+length)}; error offsets count from
     * {@code offset}.
     */
    public static DecodedSegment decodeTcp(byte[] bytes, int offset, int length, IpAddress src, IpAddress dst) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        requireSameFamily(src, dst);
        return readTcp(bytes, offset, length, src, dst, 0);
    }

    /** Reads a segment at {@code off}; error offsets are {@code errorBase} + position within the segment. */
    private static DecodedSegment readTcp(byte[] b, int off, int len, IpAddress src, IpAddress dst, int errorBase) {
        if (len < TcpSegment.HEADER_BYTES) {
            throw new SegmentDecodeException(SegmentDecodeError.TRUNCATED_HEADER, errorBase + len,
                    "the fixed TCP header takes 20 bytes, only " + len + " are present");
        }
        int dataOffset = (b[off + 12] & 0xFF) >>> 4;
        int headerLength = dataOffset * 4;
        boolean dataOffsetValid = dataOffset >= 5 && headerLength <= len;
        if (!dataOffsetValid) {
            // Below 5 words or past the end: Linux's tcp_v4_rcv discards it silently (bad_packet /
            // discard_it), so it is a lesson, not a decode error. The fixed header is read, and
            // everything after it is kept as payload so that the bytes survive
            // (DecodedSegment#dataOffsetValid tells the receiver).
            headerLength = TcpSegment.HEADER_BYTES;
        }
        List<TcpOption> options = readOptions(b, off, headerLength, errorBase);
        int reservedBits = (b[off + 12] >>> 1) & 7;
        int flags = (b[off + 12] & 1) << 8 | (b[off + 13] & 0xFF);
        TcpSegment segment = new TcpSegment(
                getShort(b, off), getShort(b, off + 2),
                new SeqNum(getInt(b, off + 4)), new SeqNum(getInt(b, off + 8)),
                FLAGS[flags], getShort(b, off + 14), getShort(b, off + 18),
                options, Bytes.copyOf(b, off + headerLength, off + len));
        int received = getShort(b, off + 16);
        long sum = pseudoHeaderSum(src, dst, len) + sum16(b, off, len);
        return new DecodedSegment(segment, dataOffset, reservedBits, received,
                fold(sum) == 0xFFFF, ~fold(sum - received) & 0xFFFF);
    }

    /**
     * Walks the option space the way Linux's {@code tcp_parse_options} does: EOL ends it, NOP is
     * one byte, everything else is kind-length-data. Where Linux silently stops ("silly
     * options", "don't parse partial options") and keeps what it parsed before, the rest of the
     * option space becomes one {@link TcpOption.Unparsed}, so the options before it still count
     * and the bytes are kept. Known kinds whose length Linux rejects are kept as
     * {@link TcpOption.Unknown}.
     */
    private static List<TcpOption> readOptions(byte[] b, int off, int headerLength, int errorBase) {
        int start = off + TcpSegment.HEADER_BYTES;
        int end = off + headerLength;
        if (start == end) {
            return List.of();
        }
        // Two passes: the first checks the layout and counts, so the second can fill an array of
        // the exact size that an OptionList takes over, and TcpSegment then copies nothing.
        TcpOption[] options = new TcpOption[countOptions(b, start, end)];
        // the bytes the options take: all of the option space, unless the encoder's zero fill follows an EOL
        int wireBytes = end - start;
        int n = 0;
        int p = start;
        while (p < end) {
            int kind = b[p] & 0xFF;
            if (kind == TcpOption.KIND_EOL) {
                options[n++] = TcpOption.EOL;
                if (isEncoderPadding(b, p + 1, end)) {
                    wireBytes = p + 1 - start;
                } else {
                    options[n++] = new TcpOption.Padding(Bytes.copyOf(b, p + 1, end));
                }
                break;
            }
            if (kind == TcpOption.KIND_NOP) {
                options[n++] = TcpOption.NOP;
                p++;
                continue;
            }
            int length = malformedAt(b, p, end) ? 0 : b[p + 1] & 0xFF;
            if (length == 0) {
                options[n++] = new TcpOption.Unparsed(Bytes.copyOf(b, p, end));
                break;
            }
            options[n++] = readOption(kind, b, p, length);
            p += length;
        }
        return OptionList.adopt(options, wireBytes);
    }

    /** The number of list entries the option space yields (EOL's padding and an unparsed tail count as one). */
    private static int countOptions(byte[] b, int p, int end) {
        int count = 0;
        while (p < end) {
            int kind = b[p] & 0xFF;
            count++;
            if (kind == TcpOption.KIND_EOL) {
                return isEncoderPadding(b, p + 1, end) ? count : count + 1;
            }
            if (kind == TcpOption.KIND_NOP) {
                p++;
                continue;
            }
            if (malformedAt(b, p, end)) {
                return count;
            }
            p += b[p + 1] & 0xFF;
        }
        return count;
    }

    /**
     * Where {@code tcp_parse_options} returns: a kind in the last byte ("if (length < 2)
     * return"), a length below 2 ("silly options") or past the end ("don't parse partial
     * options").
     */
    private static boolean malformedAt(byte[] b, int p, int end) {
        if (p + 1 >= end) {
            return true;
        }
        int length = b[p + 1] & 0xFF;
        return length < 2 || p + length > end;
    }

    /** True when the bytes after an EOL are exactly the zero fill {@link #encodeTcp} would write. */
    private static boolean isEncoderPadding(byte[] b, int from, int end) {
        if (end - from >= 4) {
            return false;
        }
        for (int i = from; i < end; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static TcpOption readOption(int kind, byte[] b, int p, int length) {
        // Lengths as tcp_parse_options checks them: TCPOLEN_MSS 4, TCPOLEN_WINDOW 3,
        // TCPOLEN_SACK_PERM 2, TCPOLEN_TIMESTAMP 10, SACK 2 + 8n (tcp_sack_option checks the
        // block count). Fast Open keeps any length: the model keeps odd cookies too.
        switch (kind) {
            case TcpOption.KIND_MSS:
                if (length == 4) {
                    return new TcpOption.MaxSegmentSize(getShort(b, p + 2));
                }
                break;
            case TcpOption.KIND_WINDOW_SCALE:
                if (length == 3) {
                    return TcpOption.WindowScale.of(b[p + 2] & 0xFF);
                }
                break;
            case TcpOption.KIND_SACK_PERMITTED:
                if (length == 2) {
                    return TcpOption.SACK_PERMITTED;
                }
                break;
            case TcpOption.KIND_TIMESTAMPS:
                if (length == 10) {
                    return new TcpOption.Timestamps(getInt(b, p + 2) & 0xFFFF_FFFFL, getInt(b, p + 6) & 0xFFFF_FFFFL);
                }
                break;
            case TcpOption.KIND_SACK:
                if (length >= 10 && (length - 2) % 8 == 0) {
                    return readSack(b, p, length);
                }
                break;
            case TcpOption.KIND_FAST_OPEN:
                return new TcpOption.FastOpenCookie(Bytes.copyOf(b, p + 2, p + length));
            default:
                break;
        }
        return new TcpOption.Unknown(kind, Bytes.copyOf(b, p + 2, p + length));
    }

    private static TcpOption readSack(byte[] b, int p, int length) {
        int count = (length - 2) / 8;
        List<TcpOption.SackBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int q = p + 2 + 8 * i;
            blocks.add(new TcpOption.SackBlock(new SeqNum(getInt(b, q)), new SeqNum(getInt(b, q + 4))));
        }
        return new TcpOption.Sack(blocks);
    }

    // ---------------------------------------------------------------- IPv4

    /**
     * The datagram's bytes as Linux sends a TCP segment: version 4, IHL 5, DSCP 0 with the ECN
     * bits from {@link IpDatagram#ecn()}, identification 0 and DF set, the TTL, protocol 6 and
     * the header checksum. DF and id 0 are what {@code ip_build_and_send_pkt}
     * (net/ipv4/ip_output.c) writes on a SYN-ACK: {@code ip_dont_fragment} is true because PMTU
     * discovery is on by default, and then it sets {@code frag_off = IP_DF, id = 0}. (Segments of an
     * established socket would carry a per-socket id counter; a handshake lab does not need it.)
     */
    public static byte[] encodeIpv4(IpDatagram datagram) {
        byte[] out = new byte[ipv4Length(datagram.segment(), Bytes.EMPTY)];
        writeIpv4(datagram, 0, 0, IPV4_DF, Bytes.EMPTY, 0, out, 0);
        return out;
    }

    /** As {@link #encodeIpv4(IpDatagram)}, into a caller's buffer; returns the bytes written. */
    public static int encodeIpv4(IpDatagram datagram, byte[] buffer, int offset) {
        Objects.checkFromIndexSize(offset, ipv4Length(datagram.segment(), Bytes.EMPTY), buffer.length);
        return writeIpv4(datagram, 0, 0, IPV4_DF, Bytes.EMPTY, 0, buffer, offset);
    }

    /** Re-encodes a decoded datagram with every field it was read with; checksums are recomputed. */
    public static byte[] encodeIpv4(DecodedDatagram decoded) {
        int flags = (decoded.dontFragment() ? IPV4_DF : 0) | (decoded.reservedFlag() ? IPV4_RESERVED_FLAG : 0);
        byte[] out = new byte[ipv4Length(decoded.datagram().segment(), decoded.ipOptions())];
        writeIpv4(decoded.datagram(), decoded.dscp(), decoded.identification(), flags, decoded.ipOptions(),
                decoded.tcp().reservedBits(), out, 0);
        if (!decoded.tcp().dataOffsetValid()) {
            IpDatagram d = decoded.datagram();
            byte[] tcp = encodeTcp(decoded.tcp(), d.src(), d.dst());
            System.arraycopy(tcp, 0, out, IPV4_HEADER_BYTES + decoded.ipOptions().length(), tcp.length);
        }
        return out;
    }

    private static int ipv4Length(TcpSegment segment, Bytes ipOptions) {
        int length = IPV4_HEADER_BYTES + ipOptions.length() + tcpLength(segment);
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("an IPv4 datagram holds at most 65535 bytes, this one would take " + length);
        }
        return length;
    }

    private static int writeIpv4(IpDatagram d, int dscp, int identification, int flagWord, Bytes ipOptions,
            int tcpReservedBits, byte[] b, int off) {
        if (!(d.src() instanceof Ipv4Address src) || !(d.dst() instanceof Ipv4Address dst)) {
            throw new IllegalArgumentException("an IPv4 datagram needs IPv4 addresses, not " + d.src() + " and " + d.dst());
        }
        if (ipOptions.length() % 4 != 0 || ipOptions.length() > 40) {
            throw new IllegalArgumentException("IPv4 options must fill whole words, at most 40 bytes, not " + ipOptions.length());
        }
        int headerLength = IPV4_HEADER_BYTES + ipOptions.length();
        int tcpLength = writeTcp(d.segment(), tcpReservedBits, src, dst, b, off + headerLength);
        b[off] = (byte) (0x40 | headerLength >>> 2);
        b[off + 1] = (byte) (dscp << 2 | d.ecn());
        putShort(b, off + 2, headerLength + tcpLength);
        putShort(b, off + 4, identification);
        putShort(b, off + 6, flagWord);
        b[off + 8] = (byte) d.ttl();
        b[off + 9] = PROTOCOL_TCP;
        putShort(b, off + 10, 0);
        putInt(b, off + 12, src.bits());
        putInt(b, off + 16, dst.bits());
        ipOptions.copyTo(b, off + IPV4_HEADER_BYTES);
        putShort(b, off + 10, ~fold(sum16(b, off, headerLength)));
        return headerLength + tcpLength;
    }

    /** Decodes an IPv4 datagram carrying one whole TCP segment. Error offsets count from the datagram start. */
    public static DecodedDatagram decodeIpv4(byte[] bytes) {
        int len = bytes.length;
        if (len < IPV4_HEADER_BYTES) {
            throw new SegmentDecodeException(SegmentDecodeError.TRUNCATED_IP_HEADER, len,
                    "the fixed IPv4 header takes 20 bytes, only " + len + " are present");
        }
        int version = (bytes[0] & 0xFF) >>> 4;
        if (version != 4) {
            throw new SegmentDecodeException(SegmentDecodeError.BAD_IP_VERSION, 0, "version " + version + ", expected 4");
        }
        int ihl = bytes[0] & 0x0F;
        int headerLength = ihl * 4;
        if (ihl < 5 || headerLength > len) {
            throw new SegmentDecodeException(SegmentDecodeError.BAD_IP_HEADER_LENGTH, 0,
                    "IHL " + ihl + " words (" + headerLength + " bytes) " + (ihl < 5
                            ? "is below the 5 words of the fixed header"
                            : "runs past the end of the " + len + " bytes given"));
        }
        int totalLength = getShort(bytes, 2);
        if (totalLength != len) {
            throw new SegmentDecodeException(SegmentDecodeError.IP_TOTAL_LENGTH_MISMATCH, 2,
                    "total length " + totalLength + " but " + len + " bytes were given");
        }
        int flagWord = getShort(bytes, 6);
        if ((flagWord & IPV4_FRAGMENT_BITS) != 0) {
            throw new SegmentDecodeException(SegmentDecodeError.IP_FRAGMENT, 6,
                    "MF " + ((flagWord >>> 13) & 1) + ", fragment offset " + (flagWord & 0x1FFF)
                            + ": a fragment does not hold a whole TCP segment");
        }
        int protocol = bytes[9] & 0xFF;
        if (protocol != PROTOCOL_TCP) {
            throw new SegmentDecodeException(SegmentDecodeError.NOT_TCP, 9, "protocol " + protocol + ", TCP is 6");
        }
        Ipv4Address src = new Ipv4Address(getInt(bytes, 12));
        Ipv4Address dst = new Ipv4Address(getInt(bytes, 16));
        DecodedSegment tcp = readTcp(bytes, headerLength, len - headerLength, src, dst, headerLength);
        int tos = bytes[1] & 0xFF;
        IpDatagram datagram = new IpDatagram(src, dst, bytes[8] & 0xFF, tos & 3, tcp.segment());
        return new DecodedDatagram(datagram, tcp, tos >>> 2, getShort(bytes, 4),
                (flagWord & IPV4_DF) != 0, (flagWord & IPV4_RESERVED_FLAG) != 0,
                Bytes.copyOf(bytes, IPV4_HEADER_BYTES, headerLength), getShort(bytes, 10),
                fold(sum16(bytes, 0, headerLength)) == 0xFFFF);
    }

    // ---------------------------------------------------------------- IPv6

    /**
     * The datagram's bytes as Linux sends a TCP segment over IPv6 ({@code ip6_xmit},
     * net/ipv6/ip6_output.c): version 6, the traffic class (DSCP 0 and the ECN bits of
     * {@link IpDatagram#ecn()}), the flow label of {@link IpDatagram#flowLabel()}, the payload
     * length, next header 6 (TCP, no extension headers) and the hop limit ({@link IpDatagram#ttl()};
     * Linux's default {@code hop_limit} is 64). There is no header checksum: the TCP checksum
     * covers the IPv6 pseudo-header (RFC 8200 §8.1).
     */
    public static byte[] encodeIpv6(IpDatagram datagram) {
        byte[] out = new byte[ipv6Length(datagram.segment())];
        writeIpv6(datagram, 0, 0, out, 0);
        return out;
    }

    /** As {@link #encodeIpv6(IpDatagram)}, into a caller's buffer; returns the bytes written. */
    public static int encodeIpv6(IpDatagram datagram, byte[] buffer, int offset) {
        Objects.checkFromIndexSize(offset, ipv6Length(datagram.segment()), buffer.length);
        return writeIpv6(datagram, 0, 0, buffer, offset);
    }

    /** Re-encodes a decoded IPv6 datagram with every field it was read with; the TCP checksum is recomputed. */
    public static byte[] encodeIpv6(DecodedDatagram decoded) {
        IpDatagram d = decoded.datagram();
        byte[] out = new byte[ipv6Length(d.segment())];
        writeIpv6(d, decoded.dscp(), decoded.tcp().reservedBits(), out, 0);
        if (!decoded.tcp().dataOffsetValid()) {
            byte[] tcp = encodeTcp(decoded.tcp(), d.src(), d.dst());
            System.arraycopy(tcp, 0, out, IPV6_HEADER_BYTES, tcp.length);
        }
        return out;
    }

    private static int ipv6Length(TcpSegment segment) {
        int payload = tcpLength(segment);
        if (payload > 0xFFFF) {
            // a larger payload needs a Jumbo Payload option (RFC 2675) in a hop-by-hop header, not modelled
            throw new IllegalArgumentException("an IPv6 payload holds at most 65535 bytes, this one would take " + payload);
        }
        return IPV6_HEADER_BYTES + payload;
    }

    private static int writeIpv6(IpDatagram d, int dscp, int tcpReservedBits, byte[] b, int off) {
        if (!(d.src() instanceof Ipv6Address src) || !(d.dst() instanceof Ipv6Address dst)) {
            throw new IllegalArgumentException("an IPv6 datagram needs IPv6 addresses, not " + d.src() + " and " + d.dst());
        }
        int tcpLength = writeTcp(d.segment(), tcpReservedBits, src, dst, b, off + IPV6_HEADER_BYTES);
        int trafficClass = dscp << 2 | d.ecn();
        putInt(b, off, 6 << 28 | trafficClass << 20 | d.flowLabel());
        putShort(b, off + 4, tcpLength);
        b[off + 6] = PROTOCOL_TCP;
        b[off + 7] = (byte) d.ttl();
        putLong(b, off + 8, src.high());
        putLong(b, off + 16, src.low());
        putLong(b, off + 24, dst.high());
        putLong(b, off + 32, dst.low());
        return IPV6_HEADER_BYTES + tcpLength;
    }

    /**
     * Decodes an IPv6 datagram carrying one whole TCP segment right after the fixed header. Error
     * offsets count from the datagram start. Bytes beyond the payload length are an error, as IPv4's
     * total length is (Linux's {@code ipv6_rcv} would trim them); a next header other than TCP,
     * extension headers included, is {@link SegmentDecodeError#NOT_TCP}: Linux would walk the
     * extension headers ({@code ip6_protocol_deliver_rcu}) or look for a socket of that protocol,
     * which the lab does not model.
     */
    public static DecodedDatagram decodeIpv6(byte[] bytes) {
        int len = bytes.length;
        if (len < IPV6_HEADER_BYTES) {
            throw new SegmentDecodeException(SegmentDecodeError.TRUNCATED_IP_HEADER, len,
                    "the fixed IPv6 header takes 40 bytes, only " + len + " are present");
        }
        int first = getInt(bytes, 0);
        int version = first >>> 28;
        if (version != 6) {
            throw new SegmentDecodeException(SegmentDecodeError.BAD_IP_VERSION, 0, "version " + version + ", expected 6");
        }
        int payloadLength = getShort(bytes, 4);
        if (payloadLength != len - IPV6_HEADER_BYTES) {
            throw new SegmentDecodeException(SegmentDecodeError.IPV6_PAYLOAD_LENGTH_MISMATCH, 4,
                    "payload length " + payloadLength + " but " + (len - IPV6_HEADER_BYTES) + " bytes follow the 40-byte header"
                            + (payloadLength == 0 ? " (a Jumbo Payload, RFC 2675, is not modelled)" : ""));
        }
        int nextHeader = bytes[6] & 0xFF;
        if (nextHeader != PROTOCOL_TCP) {
            throw new SegmentDecodeException(SegmentDecodeError.NOT_TCP, 6, "next header " + nextHeader
                    + ", TCP is 6" + (isExtensionHeader(nextHeader) ? "; IPv6 extension headers are not modelled" : ""));
        }
        Ipv6Address src = new Ipv6Address(getLong(bytes, 8), getLong(bytes, 16));
        Ipv6Address dst = new Ipv6Address(getLong(bytes, 24), getLong(bytes, 32));
        DecodedSegment tcp = readTcp(bytes, IPV6_HEADER_BYTES, payloadLength, src, dst, IPV6_HEADER_BYTES);
        int trafficClass = (first >>> 20) & 0xFF;
        IpDatagram datagram = new IpDatagram(src, dst, bytes[7] & 0xFF, trafficClass & 3, tcp.segment(),
                first & IpDatagram.MAX_FLOW_LABEL);
        return new DecodedDatagram(datagram, tcp, trafficClass >>> 2, 0, false, false, Bytes.EMPTY, 0, true);
    }

    /** RFC 8200 §4 and the IANA list: hop-by-hop, routing, fragment, ESP, AH, destination options, mobility, HIP, shim6. */
    private static boolean isExtensionHeader(int nextHeader) {
        return switch (nextHeader) {
            case 0, 43, 44, 50, 51, 60, 135, 139, 140 -> true;
            default -> false;
        };
    }

    // ---------------------------------------------------------------- either family

    /** {@link #encodeIpv4(IpDatagram)} or {@link #encodeIpv6(IpDatagram)}, by the datagram's addresses. */
    public static byte[] encodeIp(IpDatagram datagram) {
        return datagram.ipv6() ? encodeIpv6(datagram) : encodeIpv4(datagram);
    }

    /** As {@link #encodeIp(IpDatagram)}, into a caller's buffer; returns the bytes written. */
    public static int encodeIp(IpDatagram datagram, byte[] buffer, int offset) {
        return datagram.ipv6() ? encodeIpv6(datagram, buffer, offset) : encodeIpv4(datagram, buffer, offset);
    }

    /** Re-encodes a decoded datagram of either family with every field it was read with. */
    public static byte[] encodeIp(DecodedDatagram decoded) {
        return decoded.datagram().ipv6() ? encodeIpv6(decoded) : encodeIpv4(decoded);
    }

    /** Bytes {@link #encodeIp(IpDatagram)} writes: the fixed IP header plus the TCP segment. */
    public static int ipLength(IpDatagram datagram) {
        return datagram.ipv6() ? ipv6Length(datagram.segment()) : ipv4Length(datagram.segment(), Bytes.EMPTY);
    }

    /**
     * Decodes an IPv4 or IPv6 datagram carrying TCP, chosen by the version nibble of the first
     * byte (as Linux's receive path is chosen by the link layer's protocol, which for a TUN
     * without packet information is this nibble too, {@code tun_get_user}).
     */
    public static DecodedDatagram decodeIp(byte[] bytes) {
        if (bytes.length == 0) {
            throw new SegmentDecodeException(SegmentDecodeError.TRUNCATED_IP_HEADER, 0, "no bytes: not even a version nibble");
        }
        int version = (bytes[0] & 0xFF) >>> 4;
        return switch (version) {
            case 4 -> decodeIpv4(bytes);
            case 6 -> decodeIpv6(bytes);
            default -> throw new SegmentDecodeException(SegmentDecodeError.BAD_IP_VERSION, 0, "version " + version + ", expected 4 or 6");
        };
    }

    // ---------------------------------------------------------------- checksum (RFC 1071)

    /**
     * The sum of the pseudo-header's 16-bit words. IPv4 (RFC 9293 §3.1): source, destination,
     * zero, protocol, TCP length. IPv6 (RFC 8200 §8.1): source, destination, 32-bit
     * upper-layer length, three zero bytes, next header.
     */
    private static long pseudoHeaderSum(IpAddress src, IpAddress dst, int tcpLength) {
        long sum = PROTOCOL_TCP + (tcpLength >>> 16) + (tcpLength & 0xFFFF);
        if (src instanceof Ipv4Address s4 && dst instanceof Ipv4Address d4) {
            return sum + sumWords(s4.bits()) + sumWords(d4.bits());
        }
        Ipv6Address s6 = (Ipv6Address) src;
        Ipv6Address d6 = (Ipv6Address) dst;
        return sum + sumWords(s6.high()) + sumWords(s6.low()) + sumWords(d6.high()) + sumWords(d6.low());
    }

    private static long sumWords(int v) {
        return (v >>> 16) + (v & 0xFFFF);
    }

    private static long sumWords(long v) {
        return sumWords((int) (v >>> 32)) + sumWords((int) v);
    }

    /**
     * Plain sum of the big-endian 16-bit words; an odd last byte is padded with a zero (RFC 1071
     * §4.1). Read four bytes at a time: a 32-bit word adds hi·2^16 + lo, and folding turns hi·2^16
     * into hi, so the folded result is the same (RFC 1071 §2(C), "parallel summation").
     */
    private static long sum16(byte[] b, int off, int len) {
        long sum = 0;
        int i = off;
        int end = off + len;
        for (; i + 4 <= end; i += 4) {
            sum += (int) INT_BE.get(b, i) & 0xFFFF_FFFFL;
        }
        if (i + 2 <= end) {
            sum += getShort(b, i);
            i += 2;
        }
        if (i < end) {
            sum += (b[i] & 0xFF) << 8;
        }
        return sum;
    }

    /** Folds carries back in: the one's-complement sum as 16 bits. */
    private static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    private static void requireSameFamily(IpAddress src, IpAddress dst) {
        if (src.byteLength() != dst.byteLength()) {
            throw new IllegalArgumentException("source " + src + " and destination " + dst + " are of different IP versions");
        }
    }

    // ---------------------------------------------------------------- network byte order

    private static void putShort(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int i, int v) {
        INT_BE.set(b, i, v);
    }

    private static int getShort(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int getInt(byte[] b, int i) {
        return (int) INT_BE.get(b, i);
    }

    private static void putLong(byte[] b, int i, long v) {
        putInt(b, i, (int) (v >>> 32));
        putInt(b, i + 4, (int) v);
    }

    private static long getLong(byte[] b, int i) {
        return (long) getInt(b, i) << 32 | getInt(b, i + 4) & 0xFFFF_FFFFL;
    }
}
