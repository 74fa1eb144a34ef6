package dev.handshakelab.core.wire;

/** An IPv6 address held as its 128 bits. */
public record Ipv6Address(long high, long low) implements IpAddress {

    public static Ipv6Address parse(String text) {
        String t = text.trim();
        int dc = t.indexOf("::");
        if (dc != t.lastIndexOf("::")) {
            throw new IllegalArgumentException("'" + text + "' has '::' twice");
        }
        String[] head = dc < 0 ? t.split(":", -1) : (dc == 0 ? new String[0] : t.substring(0, dc).split(":", -1));
        String[] tail = dc < 0 ? new String[0] : (dc + 2 == t.length() ? new String[0] : t.substring(dc + 2).split(":", -1));
        if (dc < 0 && head.length != 8 || head.length + tail.length > (dc < 0 ? 8 : 7)) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        }
        int[] groups = new int[8];
        for (int i = 0; i < head.length; i++) {
            groups[i] = group(head[i], text);
        }
        for (int i = 0; i < tail.length; i++) {
            groups[8 - tail.length + i] = group(tail[i], text);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        return new Ipv6Address(hi, lo);
    }

    private static int group(String g, String text) {
        if (g.isEmpty() || g.length() > 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        }
        try {
            return Integer.parseInt(g, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        }
    }

    @Override
    public int byteLength() {
        return 16;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[i + 8] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    @Override
    public String toString() {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            g[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952 §4.2.3: compress the longest run of two or more zero groups.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) sb.append(':');
        }
        return sb.toString();
    }
}
