package dev.handshakelab.core.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The nine TCP control bits as they sit in the low 9 bits of header bytes 12-13
 * (RFC 9293 §3.1; NS from RFC 3540, ECE/CWR from RFC 3168).
 */
public record TcpFlags(int bits) {

    public static final int FIN = 0x001;
    public static final int SYN = 0x002;
    public static final int RST = 0x004;
    public static final int PSH = 0x008;
    public static final int ACK = 0x010;
    public static final int URG = 0x020;
    public static final int ECE = 0x040;
    public static final int CWR = 0x080;
    public static final int NS = 0x100;

    /** Names in header order, most significant first, as RFC 9293's header diagram draws them. */
    private static final String[] NAMES = {"NS", "CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN"};
    private static final int[] BITS = {NS, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN};

    public static final TcpFlags NONE = new TcpFlags(0);
    public static final TcpFlags SYN_ONLY = new TcpFlags(SYN);
    public static final TcpFlags SYN_ACK = new TcpFlags(SYN | ACK);
    public static final TcpFlags ACK_ONLY = new TcpFlags(ACK);
    public static final TcpFlags RST_ONLY = new TcpFlags(RST);
    public static final TcpFlags RST_ACK = new TcpFlags(RST | ACK);

    public TcpFlags {
        if ((bits & ~0x1FF) != 0) {
            throw new IllegalArgumentException("flag bits " + bits + " use more than the nine control bits");
        }
    }

    public static TcpFlags of(int... flags) {
        int b = 0;
        for (int f : flags) {
            b |= f;
        }
        return new TcpFlags(b);
    }

    /** Parses names such as {@code "SYN"}, {@code "syn,ack"} or {@code ["SYN","ACK"]}. */
    public static TcpFlags ofNames(Iterable<String> names) {
        int b = 0;
        for (String n : names) {
            b |= bitNamed(n);
        }
        return new TcpFlags(b);
    }

    public static int bitNamed(String name) {
        String upper = name.trim().toUpperCase(java.util.Locale.ROOT);
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(upper)) {
                return BITS[i];
            }
        }
        throw new IllegalArgumentException("unknown TCP flag '" + name + "'; known: NS CWR ECE URG ACK PSH RST SYN FIN");
    }

    public boolean has(int flag) {
        return (bits & flag) == flag;
    }

    public boolean syn() { return has(SYN); }
    public boolean ack() { return has(ACK); }
    public boolean rst() { return has(RST); }
    public boolean fin() { return has(FIN); }

    public TcpFlags with(int flag) {
        return new TcpFlags(bits | flag);
    }

    public TcpFlags without(int flag) {
        return new TcpFlags(bits & ~flag);
    }

    /** Flag names set, in header order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((bits & BITS[i]) != 0) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }

    /**
     * tcpdump/packetdrill letters: S F R P U E W and '.' for ACK, '-' when no flag is set
     * (packetdrill's {@code -}); NS is shown as 'N'.
     */
    public String letters() {
        if (bits == 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        if (has(SYN)) sb.append('S');
        if (has(FIN)) sb.append('F');
        if (has(RST)) sb.append('R');
        if (has(PSH)) sb.append('P');
        if (has(URG)) sb.append('U');
        if (has(ECE)) sb.append('E');
        if (has(CWR)) sb.append('W');
        if (has(NS)) sb.append('N');
        if (has(ACK)) sb.append('.');
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.join("|", names());
    }
}
