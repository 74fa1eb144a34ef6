package dev.handshakelab.core.tcp;

import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;

/** packetdrill / tcpdump notation for segments and options, for event texts. */
public final class SegmentText {

    private SegmentText() {}

    /** {@code S. 123:123(0) ack 1001 win 64240 <mss 1460,sackOK,TS val 5 ecr 100,nop,wscale 7>}. */
    public static String summary(TcpSegment s) {
        StringBuilder sb = new StringBuilder(96);
        long seq = s.seq().value();
        sb.append(s.flags().letters()).append(' ').append(seq).append(':')
                .append((seq + s.payload().length()) & 0xFFFF_FFFFL)
                .append('(').append(s.payload().length()).append(')');
        if (s.flags().ack()) {
            sb.append(" ack ").append(s.ack().value());
        }
        sb.append(" win ").append(s.window());
        if (!s.options().isEmpty()) {
            sb.append(" <").append(options(s.options())).append('>');
        }
        return sb.toString();
    }

    /** Options comma-separated in wire order, NOPs included. */
    public static String options(List<TcpOption> options) {
        StringBuilder sb = new StringBuilder();
        for (TcpOption o : options) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(option(o));
        }
        return sb.toString();
    }

    public static String option(TcpOption o) {
        if (o instanceof TcpOption.MaxSegmentSize m) return "mss " + m.mss();
        if (o instanceof TcpOption.WindowScale w) return "wscale " + w.shift();
        if (o instanceof TcpOption.SackPermitted) return "sackOK";
        if (o instanceof TcpOption.Timestamps t) return "TS val " + t.tsVal() + " ecr " + t.tsEcr();
        if (o instanceof TcpOption.NoOperation) return "nop";
        if (o instanceof TcpOption.EndOfOptionList) return "eol";
        if (o instanceof TcpOption.Sack s) {
            StringBuilder sb = new StringBuilder("sack");
            for (TcpOption.SackBlock b : s.blocks()) {
                sb.append(' ').append(b.left()).append(':').append(b.right());
            }
            return sb.toString();
        }
        if (o instanceof TcpOption.FastOpenCookie f) return f.isRequest() ? "FO" : "FO " + f.cookie().hex();
        TcpOption.Unknown u = (TcpOption.Unknown) o;
        return "unknown kind " + u.kind() + (u.data().length() == 0 ? "" : " " + u.data().hex());
    }

    /** "1st", "2nd", "3rd", "4th"... */
    public static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th"
                : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
        return n + suffix;
    }

    /** Virtual microseconds as "1 s", "500 ms", "1.5 s", "250 µs". */
    public static String duration(long micros) {
        if (micros % 1_000_000 == 0) return micros / 1_000_000 + " s";
        if (micros >= 1_000_000) return (micros / 1000) / 1000.0 + " s";
        if (micros % 1000 == 0) return micros / 1000 + " ms";
        return micros + " µs";
    }
}
