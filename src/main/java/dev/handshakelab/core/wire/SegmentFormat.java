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
        if (o instanceof TcpOption.NoOperation) {
            return "nop";
        }
        if (o instanceof TcpOption.EndOfOptionList) {
            return "eol";
        }
        if (o instanceof TcpOption.MaxSegmentSize mss) {
            return "mss " + mss.mss();
        }
        if (o instanceof TcpOption.WindowScale ws) {
            return "wscale " + ws.shift();
        }
        if (o instanceof TcpOption.SackPermitted) {
            return "sackOK";
        }
        if (o instanceof TcpOption.Timestamps ts) {
            return "TS val " + ts.tsVal() + " ecr " + ts.tsEcr();
        }
        if (o instanceof TcpOption.Sack sack) {
            return "sack " + sackBlocks(sack);
        }
        if (o instanceof TcpOption.FastOpenCookie fo) {
            return fo.isRequest() ? "FO" : "FO " + fo.cookie().hex();
        }
        if (o instanceof TcpOption.Unknown u) {
            return u.data().length() == 0 ? "opt-" + u.kind() : "opt-" + u.kind() + " " + u.data().hex();
        }
        return "pad " + ((TcpOption.Padding) o).bytes().hex();
    }

    /**
     * A short human label for the inspector, e.g. "MSS 1460", "Window scale 7 (×128)",
     * "Fast Open cookie request", "Unknown option kind 99 (3 data bytes)".
     */
    public static String label(TcpOption o) {
        if (o instanceof TcpOption.NoOperation) {
            return "No-operation";
        }
        if (o instanceof TcpOption.EndOfOptionList) {
            return "End of option list";
        }
        if (o instanceof TcpOption.MaxSegmentSize mss) {
            return "MSS " + mss.mss();
        }
        if (o instanceof TcpOption.WindowScale ws) {
            // RFC 7323 §2.3: a shift above 14 is used as 14.
            return ws.shift() > 14
                    ? "Window scale " + ws.shift() + " (illegal, used as 14)"
                    : "Window scale " + ws.shift() + " (×" + (1 << ws.shift()) + ")";
        }
        if (o instanceof TcpOption.SackPermitted) {
            return "SACK permitted";
        }
        if (o instanceof TcpOption.Timestamps ts) {
            return "Timestamps val " + ts.tsVal() + " ecr " + ts.tsEcr();
        }
        if (o instanceof TcpOption.Sack sack) {
            return "SACK " + sackBlocks(sack);
        }
        if (o instanceof TcpOption.FastOpenCookie fo) {
            return fo.isRequest() ? "Fast Open cookie request" : "Fast Open cookie " + fo.cookie().hex();
        }
        if (o instanceof TcpOption.Unknown u) {
            return "Unknown option kind " + u.kind() + " (" + u.data().length() + " data bytes)";
        }
        return "Padding after EOL (" + o.wireLength() + " bytes)";
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
