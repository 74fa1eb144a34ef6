package dev.handshakelab.core.wire;

import java.util.List;

/**
 * Segments as one line of packetdrill/tcpdump text, with absolute numbers:
 * {@code S. 0:0(0) ack 1001 win 64240 <mss 1460,sackOK,TS val 5 ecr 100,nop,wscale 7>}.
 *
 * <p>The grammar is packetdrill's packet line (its {@code parser.y}; our reference §2.4):
 * {@code [ip-info] <flags> <start>:<end>(<len>) [ack <n>] win <n> [urg <n>] [<options>]}.
 * {@code ack} is printed when the ACK flag is set and {@code urg} when URG is set or the urgent
 * pointer is non-zero, as tcpdump prints them. Options use packetdrill's names; kinds packetdrill
 * has no name for print as {@code opt-KIND <hex>}, and bytes after EOL as {@code pad <hex>}.
 */
public final class SegmentFormat {

    private SegmentFormat() {}

    /** The packet line for a segment, e.g. {@code S. 0:0(0) ack 1001 win 64240 <mss 1460>}. */
    public static String format(TcpSegment s) {
        StringBuilder sb = new StringBuilder(96);
        long start = s.seq().value();
        int len = s.payload().length();
        sb.append(s.flags().letters()).append(' ')
                .append(start).append(':').append(s.seq().plus(len).value())
                .append('(').append(len).append(')');
        if (s.flags().ack()) {
            sb.append(" ack ").append(s.ack().value());
        }
        sb.append(" win ").append(s.window());
        if (s.flags().has(TcpFlags.URG) || s.urgentPointer() != 0) {
            sb.append(" urg ").append(s.urgentPointer());
        }
        if (!s.options().isEmpty()) {
            sb.append(" <").append(options(s.options())).append('>');
        }
        return sb.toString();
    }

    /**
     * The packet line with packetdrill's ECN prefix when the datagram carries an ECN codepoint
     * (RFC 3168 §5: 01 ECT(1), 10 ECT(0), 11 CE), e.g. {@code [ect0] S 0:0(0) win 64240}.
     */
    public static String format(IpDatagram d) {
        String line = format(d.segment());
        return d.ecn() == 0 ? line : "[" + ecnName(d.ecn()) + "] " + line;
    }

    /** packetdrill's name for an ECN codepoint: noecn, ect1, ect0, ce. */
    public static String ecnName(int ecn) {
        String[] names = {"noecn", "ect1", "ect0", "ce"};
        return names[ecn];
    }

    /** The option list without angle brackets: {@code mss 1460,nop,nop,sackOK}. */
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

    /** One option as packetdrill writes it: {@code mss 1460}, {@code TS val 5 ecr 100}, {@code FO}… */
    public static String option(TcpOption o) {
        return text(o, false);
    }

    /**
     * A short human label for the inspector, e.g. "MSS 1460", "Window scale 7 (×128)",
     * "Fast Open cookie request", "Unknown option kind 99 (3 data bytes)".
     */
    public static String label(TcpOption o) {
        return text(o, true);
    }

    /** One dispatch over the option types for both notations, so a new type is added once. */
    private static String text(TcpOption o, boolean label) {
        if (o instanceof TcpOption.NoOperation) {
            return label ? "No-operation" : "nop";
        }
        if (o instanceof TcpOption.EndOfOptionList) {
            return label ? "End of option list" : "eol";
        }
        if (o instanceof TcpOption.MaxSegmentSize mss) {
            return (label ? "MSS " : "mss ") + mss.mss();
        }
        if (o instanceof TcpOption.WindowScale ws) {
            // RFC 7323 §2.3: a shift above 14 is used as 14.
            String suffix = ws.shift() > 14 ? " (illegal, used as 14)" : " (×" + (1 << ws.shift()) + ")";
            return label ? "Window scale " + ws.shift() + suffix : "wscale " + ws.shift();
        }
        if (o instanceof TcpOption.SackPermitted) {
            return label ? "SACK permitted" : "sackOK";
        }
        if (o instanceof TcpOption.Timestamps ts) {
            return (label ? "Timestamps" : "TS") + " val " + ts.tsVal() + " ecr " + ts.tsEcr();
        }
        if (o instanceof TcpOption.Sack sack) {
            return (label ? "SACK " : "sack ") + sackBlocks(sack);
        }
        if (o instanceof TcpOption.FastOpenCookie fo) {
            String cookie = fo.cookie().hex();
            if (label) {
                return fo.isRequest() ? "Fast Open cookie request" : "Fast Open cookie " + cookie;
            }
            return fo.isRequest() ? "FO" : "FO " + cookie;
        }
        if (o instanceof TcpOption.Unknown u) {
            if (label) {
                return "Unknown option kind " + u.kind() + " (" + u.data().length() + " data bytes)";
            }
            return u.data().length() == 0 ? "opt-" + u.kind() : "opt-" + u.kind() + " " + u.data().hex();
        }
        if (o instanceof TcpOption.Unparsed u) {
            // tcpdump prints "[bad opt]" where it cannot parse; packetdrill has no notation for it
            return label ? "Malformed option kind " + u.stoppedAtKind() + ": option parsing stops here (" + u.bytes().length() + " bytes unparsed)"
                    : "bad-opt " + u.bytes().hex();
        }
        Bytes padding = ((TcpOption.Padding) o).bytes();
        return label ? "Padding after EOL (" + padding.length() + " bytes)" : "pad " + padding.hex();
    }

    private static String sackBlocks(TcpOption.Sack sack) {
        StringBuilder sb = new StringBuilder();
        for (TcpOption.SackBlock block : sack.blocks()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(block.left().value()).append(':').append(block.right().value());
        }
        return sb.toString();
    }
}
