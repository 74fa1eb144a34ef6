package dev.handshakelab.packetdrill;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SegmentFormat;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one connection's traffic, seen from the server, as a packetdrill script: {@code <} for
 * what the server received, {@code >} for what it sent, {@code accept()} where its application
 * took the connection, with relative times. Sequence numbers are written as packetdrill
 * expects them ({@code socket.h}): a SYN's absolute, the others counted from the ISNs, so that
 * {@link ScriptRunner} can play the script against a fresh server, whose ISN differs.
 */
public final class ScriptExporter {

    /** What the server saw or did, in order. */
    public sealed interface Step {
        long atMicros();
    }

    /** A datagram the server received ({@code inbound}) or sent; {@code checksumValid} false for a student's bad checksum. */
    public record Packet(long atMicros, boolean inbound, IpDatagram datagram, boolean checksumValid) implements Step {}

    /** The server's application accepted the connection. */
    public record Accepted(long atMicros) implements Step {}

    private final StringBuilder out = new StringBuilder();
    private Long remoteIsn;
    private Long localIsn;
    private long lastAt;
    private int nextFd = 4;

    private ScriptExporter() {}

    /**
     * The script for {@code steps} of a server running {@code profile}; {@code header} lines
     * become comments at the top.
     */
    public static String export(List<String> header, StackProfile profile, List<Step> steps) {
        return new ScriptExporter().write(header, profile, steps);
    }

    private String write(List<String> header, StackProfile profile, List<Step> steps) {
        for (String h : header) {
            out.append("// ").append(h).append('\n');
        }
        if (steps.stream().anyMatch(s -> s instanceof Packet p && p.datagram().ipv6())) {
            // packetdrill's own switch (its config.c, --ip_version): packet lines carry no addresses,
            // so the family is said once, before the first event, and the run uses IPv6 addresses
            out.append("--ip_version=ipv6\n");
        }
        StackProfile base = StackProfile.named(profile.name());
        List<String> unmapped = new ArrayList<>();
        for (Map.Entry<String, String> s : sysctls(base, profile, unmapped).entrySet()) {
            out.append("`sysctl -q ").append(s.getKey()).append('=').append(s.getValue()).append("`\n");
        }
        for (String knob : unmapped) {
            out.append("// ").append(knob).append(" differs from the ").append(base.name())
                    .append(" profile and has no sysctl here: a run uses the profile's value\n");
        }
        out.append('\n');
        out.append("    0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n");
        out.append("   +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n");
        if (profile.tcpMaxseg() > 0) {
            out.append("   +0 setsockopt(3, IPPROTO_TCP, TCP_MAXSEG, [").append(profile.tcpMaxseg()).append("], 4) = 0\n");
        }
        if (profile.fastOpenQlen() > 0) {
            out.append("   +0 setsockopt(3, IPPROTO_TCP, TCP_FASTOPEN, [").append(profile.fastOpenQlen()).append("], 4) = 0\n");
        }
        if (profile.deferAcceptSeconds() > 0) {
            out.append("   +0 setsockopt(3, IPPROTO_TCP, TCP_DEFER_ACCEPT, [").append(profile.deferAcceptSeconds()).append("], 4) = 0\n");
        }
        out.append("   +0 bind(3, ..., ...) = 0\n");
        out.append("   +0 listen(3, ").append(profile.backlog()).append(") = 0\n\n");
        boolean first = true;
        for (Step step : steps) {
            if (first) {
                lastAt = step.atMicros(); // the listener opened when the connection's story starts
                first = false;
            }
            String time = relative(step.atMicros() - lastAt);
            lastAt = step.atMicros();
            if (step instanceof Accepted) {
                out.append(pad(time)).append(" accept(3, ..., ...) = ").append(nextFd++).append('\n');
            } else {
                packet((Packet) step, time);
            }
        }
        return out.toString();
    }

    private void packet(Packet p, String time) {
        TcpSegment s = p.datagram().segment();
        if (!p.checksumValid()) {
            out.append("// ").append(time).append(" < ").append(SegmentFormat.format(s))
                    .append("   (a bad checksum the student typed: the server dropped it; packetdrill cannot write it)\n");
            return;
        }
        for (TcpOption o : s.options()) {
            if (o instanceof TcpOption.Unknown || o instanceof TcpOption.Padding || o instanceof TcpOption.Unparsed) {
                out.append("// ").append(time).append(p.inbound() ? " < " : " > ").append(SegmentFormat.format(s))
                        .append("   (an option packetdrill has no name for)\n");
                return;
            }
        }
        boolean syn = s.flags().syn();
        long seq;
        long ack = s.ack().value();
        List<TcpOption> options;
        if (p.inbound()) {
            if (syn && remoteIsn == null) {
                remoteIsn = s.seq().value();
            }
            seq = syn ? s.seq().value() : minus(s.seq().value(), remoteIsn);
            long ackOffset = localIsn == null ? 0 : localIsn;
            if (s.flags().ack()) {
                ack = minus(ack, ackOffset);
            }
            options = shiftSack(s.options(), ackOffset);
        } else {
            if (syn && localIsn == null) {
                localIsn = s.seq().value();
            }
            // an outbound SYN's seq is a label: the ISN maps to 0
            seq = minus(s.seq().value(), localIsn);
            long ackOffset = syn || remoteIsn == null ? 0 : remoteIsn;
            if (s.flags().ack()) {
                ack = minus(ack, ackOffset);
            }
            options = shiftSack(s.options(), ackOffset);
        }
        TcpSegment relabelled = new TcpSegment(s.srcPort(), s.dstPort(), SeqNum.of(seq), SeqNum.of(ack), s.flags(), s.window(),
                s.urgentPointer(), options, s.payload());
        IpDatagram d = p.datagram();
        out.append(pad(time)).append(p.inbound() ? " < " : " > ")
                .append(SegmentFormat.format(new IpDatagram(d.src(), d.dst(), d.ttl(), d.ecn(), relabelled))).append('\n');
    }

    private static long minus(long value, Long offset) {
        return (value - (offset == null ? 0 : offset)) & 0xFFFF_FFFFL;
    }

    private static List<TcpOption> shiftSack(List<TcpOption> options, long offset) {
        List<TcpOption> out = new ArrayList<>();
        for (TcpOption o : options) {
            if (o instanceof TcpOption.Sack sack) {
                List<TcpOption.SackBlock> blocks = new ArrayList<>();
                for (TcpOption.SackBlock b : sack.blocks()) {
                    blocks.add(new TcpOption.SackBlock(b.left().plus(-offset), b.right().plus(-offset)));
                }
                out.add(new TcpOption.Sack(blocks));
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /** packetdrill's relative time: {@code +0}, {@code +.02}, {@code +1.000123}. */
    static String relative(long micros) {
        if (micros == 0) {
            return "+0";
        }
        String s = BigDecimal.valueOf(micros).movePointLeft(6).stripTrailingZeros().toPlainString();
        return "+" + (s.startsWith("0.") ? s.substring(1) : s);
    }

    private static String pad(String time) {
        return " ".repeat(Math.max(0, 5 - time.length())) + time;
    }

    /** The sysctls that set the knobs where {@code p} differs from its named profile {@code base}; the rest is listed in {@code unmapped}. */
    static Map<String, String> sysctls(StackProfile base, StackProfile p, List<String> unmapped) {
        Map<String, String> s = new java.util.LinkedHashMap<>();
        if (base.timestamps() != p.timestamps()) s.put("net.ipv4.tcp_timestamps", p.timestamps() ? "1" : "0");
        if (base.sack() != p.sack()) s.put("net.ipv4.tcp_sack", p.sack() ? "1" : "0");
        if (base.windowScaling() != p.windowScaling()) s.put("net.ipv4.tcp_window_scaling", p.windowScaling() ? "1" : "0");
        if (base.syncookies() != p.syncookies()) s.put("net.ipv4.tcp_syncookies", Integer.toString(p.syncookies()));
        if (base.synackRetries() != p.synackRetries()) s.put("net.ipv4.tcp_synack_retries", Integer.toString(p.synackRetries()));
        if (base.synRetries() != p.synRetries()) s.put("net.ipv4.tcp_syn_retries", Integer.toString(p.synRetries()));
        if (base.invalidRatelimitMillis() != p.invalidRatelimitMillis()) {
            s.put("net.ipv4.tcp_invalid_ratelimit", Integer.toString(p.invalidRatelimitMillis()));
        }
        if (base.ecn() != p.ecn()) s.put("net.ipv4.tcp_ecn", Integer.toString(p.ecn()));
        if (base.tcpFastopen() != p.tcpFastopen()) s.put("net.ipv4.tcp_fastopen", Integer.toString(p.tcpFastopen()));
        if (base.synLinearTimeouts() != p.synLinearTimeouts()) {
            s.put("net.ipv4.tcp_syn_linear_timeouts", Integer.toString(p.synLinearTimeouts()));
        }
        if (base.maxSynBacklog() != p.maxSynBacklog()) s.put("net.ipv4.tcp_max_syn_backlog", Integer.toString(p.maxSynBacklog()));
        if (base.abortOnOverflow() != p.abortOnOverflow()) s.put("net.ipv4.tcp_abort_on_overflow", p.abortOnOverflow() ? "1" : "0");
        if (base.minSndMss() != p.minSndMss()) s.put("net.ipv4.tcp_min_snd_mss", Integer.toString(p.minSndMss()));
        if (base.somaxconn() != p.somaxconn()) s.put("net.core.somaxconn", Integer.toString(p.somaxconn()));
        if (base.rmemMax() != p.rmemMax()) s.put("net.core.rmem_max", Integer.toString(p.rmemMax()));
        if (base.tcpRmemMin() != p.tcpRmemMin() || base.tcpRmemDefault() != p.tcpRmemDefault() || base.tcpRmemMax() != p.tcpRmemMax()) {
            s.put("net.ipv4.tcp_rmem", "\"" + p.tcpRmemMin() + " " + p.tcpRmemDefault() + " " + p.tcpRmemMax() + "\"");
        }
        if (base.mtu() != p.mtu()) unmapped.add("mtu " + p.mtu());
        if (base.initialRtoMillis() != p.initialRtoMillis()) unmapped.add("initialRtoMillis " + p.initialRtoMillis());
        if (base.maxRtoMillis() != p.maxRtoMillis()) unmapped.add("maxRtoMillis " + p.maxRtoMillis());
        if (base.scalingRatioPercent() != p.scalingRatioPercent()) unmapped.add("scalingRatioPercent " + p.scalingRatioPercent());
        return s;
    }
}
