package dev.handshakelab.session;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.DecodedDatagram;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.core.wire.SegmentDecodeException;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import dev.handshakelab.session.api.HostPortRequest;
import dev.handshakelab.session.api.OptionRequest;
import dev.handshakelab.session.api.SendSegmentRequest;
import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.InvalidRequestException.FieldError;

/**
 * Turns a "send a segment" request into the bytes of the IPv4 or IPv6 datagram that carries it, checking
 * every rule the annotations cannot express (hex, the 40-byte option space, flag names, raw
 * bytes that do not parse) and naming the field that broke it.
 */
final class SegmentRequests {

    static final int DEFAULT_CLIENT_PORT = 40000;
    static final int DEFAULT_WINDOW = 64240;
    static final String HEX_RULE = "hex digits 0-9a-f";

    private SegmentRequests() {
    }

    /** The datagram's bytes; raw input is returned exactly as typed once it is known to parse. */
    static byte[] toWire(SendSegmentRequest r, SessionDefaults defaults) {
        if (r.rawHex() != null) {
            return fromRaw(r, defaults);
        }
        List<FieldError> errors = new ArrayList<>();
        HostPort from = hostPort("from", r.from(), defaults.client(), errors);
        HostPort to = hostPort("to", r.to(), defaults.server(), errors);
        TcpFlags flags = flags(r.flags(), errors);
        List<TcpOption> options = options(r.options(), errors);
        Bytes payload = hex("payloadHex", r.payloadHex(), errors);
        if (from != null && to != null && from.address().byteLength() != to.address().byteLength()) {
            errors.add(new FieldError("to.address", "same-ip-version", "must be of the same IP version as from.address"));
        }
        IpAddress lab = defaults.server().address();
        inSessionFamily("from.address", from, lab, errors);
        inSessionFamily("to.address", to, lab, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        TcpSegment segment = new TcpSegment(from.port(), to.port(),
                SeqNum.of(orDefault(r.seq(), 0L)), SeqNum.of(orDefault(r.ack(), 0L)), flags,
                orDefault(r.window(), DEFAULT_WINDOW), orDefault(r.urgentPointer(), 0), options, payload);
        // IPv4's Total Length counts its own 20-byte header; IPv6's Payload Length does not (RFC 8200 §3)
        int room = 0xFFFF - (LabAddresses.isV6(lab) ? 0 : SegmentCodec.IPV4_HEADER_BYTES) - segment.dataOffsetWords() * 4;
        String family = LabAddresses.family(lab);
        if (payload.length() > room) {
            throw new InvalidRequestException("payloadHex", "fits one " + family + " datagram",
                    "is " + payload.length() + " bytes; with these headers an " + family + " datagram has room for " + room);
        }
        byte[] wire = SegmentCodec.encodeIp(IpDatagram.of(from.address(), to.address(), segment));
        mustParseAsSent(wire, options);
        return wire;
    }

    /**
     * The world replays a step from its stored bytes, so bytes built from fields must read back;
     * an option that cannot (one the encoder wrote but the decoder refuses) is refused here, before
     * any step runs, naming the option whose bytes break.
     */
    private static void mustParseAsSent(byte[] wire, List<TcpOption> options) {
        try {
            SegmentCodec.decodeIp(wire);
        } catch (SegmentDecodeException e) {
            int offset = ipHeaderBytes(wire) + TcpSegment.HEADER_BYTES;
            for (int i = 0; i < options.size(); i++) {
                offset += options.get(i).wireLength();
                if (e.offset() < offset) {
                    throw new InvalidRequestException("options[" + i + "]", "encodes as a TCP option",
                            "does not read back as the option it was meant to be: " + e.getMessage());
                }
            }
            throw new InvalidRequestException("$", "encodes as a TCP segment", "does not read back as a segment: " + e.getMessage());
        }
    }

    /** The fixed IP header's length: 20 bytes for IPv4 (the encoder writes no options), 40 for IPv6. */
    private static int ipHeaderBytes(byte[] wire) {
        return (wire[0] & 0xFF) >>> 4 == 6 ? SegmentCodec.IPV6_HEADER_BYTES : SegmentCodec.IPV4_HEADER_BYTES;
    }

    private static byte[] fromRaw(SendSegmentRequest r, SessionDefaults defaults) {
        if (r.from() != null || r.to() != null || r.flags() != null || r.seq() != null || r.ack() != null
                || r.window() != null || r.urgentPointer() != null || r.options() != null || r.payloadHex() != null) {
            throw new InvalidRequestException("rawHex", "alone", "must be the only field when given: the bytes already say everything");
        }
        List<FieldError> errors = new ArrayList<>();
        Bytes raw = hex("rawHex", r.rawHex(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        byte[] bytes = raw.toArray();
        try {
            DecodedDatagram decoded = SegmentCodec.decodeIp(bytes);
            if (decoded.datagram().segment().payload().length() > 65536) {
                throw new InvalidRequestException("rawHex", "payload <= 64 KiB", "carries more than 64 KiB of payload");
            }
            IpAddress lab = defaults.server().address();
            if (decoded.datagram().src().byteLength() != lab.byteLength()) {
                // the session's hosts have addresses of one family only: nothing of the other could reach them
                throw new InvalidRequestException("rawHex", LabAddresses.rule(lab), "is an " + LabAddresses.family(decoded.datagram().src())
                        + " datagram; this session's network is " + LabAddresses.family(lab) + " (" + lab + ")");
            }
        } catch (SegmentDecodeException e) {
            throw new InvalidRequestException("rawHex", e.error().name(), "does not parse at byte " + e.offset() + ": " + e.getMessage());
        }
        return bytes;
    }

    /** The session's hosts have addresses of one family: a segment of the other could reach neither. */
    private static void inSessionFamily(String field, HostPort end, IpAddress lab, List<FieldError> errors) {
        if (end != null && end.address().byteLength() != lab.byteLength()) {
            errors.add(new FieldError(field, LabAddresses.rule(lab), "must be an " + LabAddresses.family(lab)
                    + " address like the session's (" + lab + "): this lab network is " + LabAddresses.family(lab)));
        }
    }

    private static HostPort hostPort(String field, HostPortRequest given, HostPort fallback, List<FieldError> errors) {
        String address = given == null || given.address() == null ? null : given.address();
        Integer port = given == null ? null : given.port();
        IpAddress ip = fallback.address();
        if (address != null) {
            try {
                ip = IpAddress.parse(address);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field + ".address", "ip-address", "must be an IP address: " + e.getMessage()));
                return null;
            }
        }
        return new HostPort(ip, port == null ? fallback.port() : port);
    }

    private static TcpFlags flags(List<String> names, List<FieldError> errors) {
        if (names == null) {
            return TcpFlags.NONE;
        }
        int bits = 0;
        for (int i = 0; i < names.size(); i++) {
            try {
                bits |= TcpFlags.bitNamed(names.get(i));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("flags[" + i + "]", "tcp-flag", e.getMessage()));
            }
        }
        return new TcpFlags(bits);
    }

    private static List<TcpOption> options(List<OptionRequest> requests, List<FieldError> errors) {
        if (requests == null) {
            return List.of();
        }
        List<TcpOption> options = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < requests.size(); i++) {
            TcpOption o = option("options[" + i + "]", requests.get(i), errors);
            if (o != null) {
                options.add(o);
                bytes += o.wireLength();
            }
        }
        if (bytes > TcpSegment.MAX_OPTION_BYTES) {
            errors.add(new FieldError("options", "max 40 bytes",
                    "take " + bytes + " bytes; the TCP header has room for 40 (send raw bytes to go beyond what a header can hold)"));
            return List.of();
        }
        return options;
    }

    private static TcpOption option(String field, OptionRequest r, List<FieldError> errors) {
        if (r instanceof OptionRequest.Eol) {
            return TcpOption.EOL;
        }
        if (r instanceof OptionRequest.Nop) {
            return TcpOption.NOP;
        }
        if (r instanceof OptionRequest.Mss m) {
            return new TcpOption.MaxSegmentSize(m.mss());
        }
        if (r instanceof OptionRequest.WindowScale ws) {
            return new TcpOption.WindowScale(ws.shift());
        }
        if (r instanceof OptionRequest.SackPermitted) {
            return TcpOption.SACK_PERMITTED;
        }
        if (r instanceof OptionRequest.Timestamps ts) {
            return new TcpOption.Timestamps(ts.tsVal(), ts.tsEcr());
        }
        if (r instanceof OptionRequest.Sack sack) {
            return new TcpOption.Sack(sack.blocks().stream()
                    .map(b -> new TcpOption.SackBlock(SeqNum.of(b.left()), SeqNum.of(b.right()))).toList());
        }
        if (r instanceof OptionRequest.FastOpen fo) {
            Bytes cookie = hex(field + ".cookieHex", fo.cookieHex(), errors);
            return cookie.length() > 38 ? tooLong(field + ".cookieHex", errors) : new TcpOption.FastOpenCookie(cookie);
        }
        OptionRequest.Unknown u = (OptionRequest.Unknown) r;
        Bytes data = hex(field + ".dataHex", u.dataHex(), errors);
        return data.length() > 38 ? tooLong(field + ".dataHex", errors) : new TcpOption.Unknown(u.code(), data);
    }

    private static TcpOption tooLong(String field, List<FieldError> errors) {
        errors.add(new FieldError(field, "max 38 bytes", "must be at most 38 bytes: an option takes at most 40 with its kind and length"));
        return null;
    }

    /**
     * The one hex check of every hex field (payloadHex, rawHex, cookieHex, dataHex). Only the ASCII
     * digits HexFormat parses count: {@link Character#digit} also takes Arabic-Indic or fullwidth
     * digits, which then failed inside HexFormat as a 500.
     */
    private static Bytes hex(String field, String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return Bytes.EMPTY;
        }
        String digits = text.replaceAll("[\\s:]", "");
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!HexFormat.isHexDigit(c)) {
                errors.add(new FieldError(field, HEX_RULE, "must be hex digits 0-9a-f (spaces and colons between bytes allowed); '"
                        + printable(c) + "' at position " + i + " is not"));
                return Bytes.EMPTY;
            }
        }
        if (digits.length() % 2 != 0) {
            errors.add(new FieldError(field, HEX_RULE, "must have an even number of hex digits (two per byte), not " + digits.length()));
            return Bytes.EMPTY;
        }
        return Bytes.of(HexFormat.of().parseHex(digits));
    }

    /** A character as the student can read it back, control and invisible characters as U+XXXX. */
    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c) || !Character.isDefined(c) || Character.isSurrogate(c)
                ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** Where a segment comes from and goes to when the request does not say. */
    record SessionDefaults(HostPort client, HostPort server) {}
}
