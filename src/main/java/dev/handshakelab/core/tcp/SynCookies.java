package dev.handshakelab.core.tcp;

import dev.handshakelab.core.wire.IpAddress;

/**
 * Linux SYN cookies ({@code net/ipv4/syncookies.c}), keyed from the session seed.
 *
 * <p>The cookie is the SYN-ACK's ISN ({@code secure_tcp_syn_cookie}):
 * <pre>
 *   hash1(saddr, daddr, sport, dport, 0) + client ISN + (count &lt;&lt; 24)
 *     + ((hash2(saddr, daddr, sport, dport, count) + mss index) mod 2^24)
 * </pre>
 * where count is a minute counter ({@code tcp_cookie_time}) and the MSS index points into
 * {@link #MSS_TABLE}. The 3rd ACK is checked by {@code check_tcp_syn_cookie}: take ACK − 1,
 * remove hash1 and the client ISN (SEQ − 1), accept the count if it is less than
 * {@link #MAX_AGE_MINUTES} old, remove hash2 and keep a valid index.
 *
 * <p>With timestamps, {@code cookie_init_timestamp} stores the client's wscale (bits 0-3, 0xF
 * = none), SACK (bit 4) and ECN (bit 5) in the low 6 bits of the ms clock, lowered so it never
 * exceeds the clock. The connection's TS offset is added on the wire and taken off the echoed
 * TSecr before decoding (reference §0).
 */
public final class SynCookies {

    /** {@code msstab} in net/ipv4/syncookies.c. */
    static final int[] MSS_TABLE = {536, 1300, 1440, 1460};
    /**
     * {@code msstab} in net/ipv6/syncookies.c ({@code cookie_v6_init_sequence}): IPV6_MIN_MTU − 60,
     * 1480 − 60, 1500 − 60 and 9000 − 60. The Linux 6.18 kernel's cookie for an MSS-1460 SYN and
     * an MSS-1000 SYN from one client differ by 2 in their low bits, as indexes 2 and 0 of this
     * table do (1460 and 1000 in the IPv4 table would give 3 and 0).
     */
    static final int[] MSS_TABLE_V6 = {1220, 1420, 1440, 8940};
    /** {@code MAX_SYNCOOKIE_AGE}: a cookie is valid in its minute and the next one. */
    public static final int MAX_AGE_MINUTES = 2;
    static final int COOKIE_BITS = 24;
    static final int COOKIE_MASK = (1 << COOKIE_BITS) - 1;
    static final int TS_OPT_WSCALE_MASK = 0xF;
    static final int TS_OPT_SACK = 1 << 4;
    static final int TS_OPT_ECN = 1 << 5;
    static final int TS_BITS = 6;
    /** {@code TCP_SYNCOOKIE_VALID}: cookies are checked only this long after the last one was sent. */
    public static final long VALID_MICROS = MAX_AGE_MINUTES * 60_000_000L;

    private final long k0a;
    private final long k1a;
    private final long k0b;
    private final long k1b;

    public SynCookies(long seed) {
        k0a = SipHash.hash(seed, 0x434f4f4b4945L, 1, 0);
        k1a = SipHash.hash(seed, 0x434f4f4b4945L, 2, 0);
        k0b = SipHash.hash(seed, 0x434f4f4b4945L, 3, 0);
        k1b = SipHash.hash(seed, 0x434f4f4b4945L, 4, 0);
    }

    /** The index of the largest table MSS not above {@code mss} (0 = 536 for anything below 1300); IPv4's table. */
    public static int mssIndex(int mss) {
        return mssIndex(mss, false);
    }

    /** As {@link #mssIndex(int)} in the family's table (IPv6: 0 = 1220 for anything below 1420). */
    public static int mssIndex(int mss, boolean ipv6) {
        int[] table = table(ipv6);
        int i = table.length - 1;
        while (i > 0 && mss < table[i]) {
            i--;
        }
        return i;
    }

    public static int mssOf(int index) {
        return MSS_TABLE[index];
    }

    public static int mssOf(int index, boolean ipv6) {
        return table(ipv6)[index];
    }

    /** The MSS values a cookie of the family can encode, in index order. */
    public static java.util.List<Integer> mssTable(boolean ipv6) {
        return java.util.Arrays.stream(table(ipv6)).boxed().toList();
    }

    private static int[] table(boolean ipv6) {
        return ipv6 ? MSS_TABLE_V6 : MSS_TABLE;
    }

    /** {@code tcp_cookie_time}: whole minutes of virtual time. */
    public static int minuteCounter(long nowMicros) {
        return (int) (nowMicros / 60_000_000L);
    }

    private int hash(long k0, long k1, IpAddress saddr, IpAddress daddr, int sport, int dport, int count) {
        return hash(k0, k1, SipHash.addressWord(saddr, k0, k1), SipHash.addressWord(daddr, k1, k0), sport, dport, count);
    }

    private static int hash(long k0, long k1, long saddrWord, long daddrWord, int sport, int dport, int count) {
        long m0 = saddrWord << 32 ^ daddrWord;
        long m1 = ((long) sport << 16 | dport) << 32 | (count & 0xFFFF_FFFFL);
        return (int) SipHash.hash(k0, k1, m0, m1);
    }

    /** {@code secure_tcp_syn_cookie}: the cookie ISN for a SYN with sequence {@code clientIsn}. */
    public int cookie(long nowMicros, IpAddress saddr, IpAddress daddr, int sport, int dport, int clientIsn, int mssIndex) {
        return cookie(nowMicros, SipHash.addressWord(saddr, k0a, k1a), SipHash.addressWord(daddr, k1a, k0a),
                SipHash.addressWord(saddr, k0b, k1b), SipHash.addressWord(daddr, k1b, k0b), sport, dport, clientIsn, mssIndex);
    }

    /**
     * {@link #cookie} for IPv4 addresses given as their 32 bits: the SYN-flood hot path, which
     * must not allocate an address object per spoofed SYN ({@link SipHash#addressWord} of an
     * IPv4 address is its bits, under either key).
     */
    public int cookieV4(long nowMicros, int saddr, int daddr, int sport, int dport, int clientIsn, int mssIndex) {
        long s = saddr & 0xFFFF_FFFFL;
        long d = daddr & 0xFFFF_FFFFL;
        return cookie(nowMicros, s, d, s, d, sport, dport, clientIsn, mssIndex);
    }

    /**
     * {@link #cookie} for an IPv6 client given as its two halves ({@code cookie_v6_init_sequence}
     * → {@code secure_tcp_syn_cookie} over the 128-bit addresses): the SYN-flood hot path over
     * IPv6, which allocates nothing. The address words are those {@link SipHash#addressWord}
     * gives an {@link dev.handshakelab.core.wire.Ipv6Address}, so the full path's cookie is the same.
     */
    public int cookieV6(long nowMicros, long saddrHigh, long saddrLow, IpAddress daddr, int sport, int dport, int clientIsn,
                        int mssIndex) {
        return cookie(nowMicros, SipHash.hash(k0a, k1a, saddrHigh, saddrLow), SipHash.addressWord(daddr, k1a, k0a),
                SipHash.hash(k0b, k1b, saddrHigh, saddrLow), SipHash.addressWord(daddr, k1b, k0b), sport, dport, clientIsn, mssIndex);
    }

    private int cookie(long nowMicros, long sa, long da, long sb, long db, int sport, int dport, int clientIsn, int mssIndex) {
        int count = minuteCounter(nowMicros);
        return hash(k0a, k1a, sa, da, sport, dport, 0) + clientIsn + (count << COOKIE_BITS)
                + ((hash(k0b, k1b, sb, db, sport, dport, count) + mssIndex) & COOKIE_MASK);
    }

    /**
     * {@code check_tcp_syn_cookie} on a 3rd ACK: {@code cookie} is ACK − 1 and {@code clientIsn}
     * is SEQ − 1. Returns the MSS index, {@link #TOO_OLD} or {@link #BAD_HASH}.
     */
    public int check(long nowMicros, int cookie, IpAddress saddr, IpAddress daddr, int sport, int dport, int clientIsn) {
        return open(nowMicros, cookie, saddr, daddr, sport, dport, clientIsn).verdict();
    }

    /**
     * A cookie taken apart as {@code check_tcp_syn_cookie} does it, every intermediate kept so a
     * lab can show it.
     *
     * @param hash1 hash(4-tuple, 0), the part that does not change with time
     * @param counter the minute counter carried in the top 8 bits of cookie − hash1 − client ISN
     * @param nowCounter the minute counter at the time of the check
     * @param ageMinutes (now − counter) mod 256; {@link #MAX_AGE_MINUTES} or more is too old
     * @param hash2 hash(4-tuple, counter), or 0 when the age check already failed
     * @param mssIndex the low 24 bits minus hash2: a valid cookie leaves 0..3; -1 when too old
     * @param verdict the MSS index, {@link #TOO_OLD} or {@link #BAD_HASH}
     */
    public record Opened(int hash1, int counter, int nowCounter, int ageMinutes, int hash2, int mssIndex, int verdict) {}

    /** Takes a cookie apart ({@code check_tcp_syn_cookie}, step by step). */
    public Opened open(long nowMicros, int cookie, IpAddress saddr, IpAddress daddr, int sport, int dport, int clientIsn) {
        int count = minuteCounter(nowMicros);
        int hash1 = hash(k0a, k1a, saddr, daddr, sport, dport, 0);
        int rest = cookie - (hash1 + clientIsn);
        int counter = rest >>> COOKIE_BITS;
        int diff = (count - counter) & (-1 >>> COOKIE_BITS);
        if (diff >= MAX_AGE_MINUTES) {
            return new Opened(hash1, counter, count, diff, 0, -1, TOO_OLD);
        }
        int hash2 = hash(k0b, k1b, saddr, daddr, sport, dport, count - diff);
        int index = (rest - hash2) & COOKIE_MASK;
        return new Opened(hash1, counter, count, diff, hash2, index, index < MSS_TABLE.length ? index : BAD_HASH);
    }

    public static final int TOO_OLD = -1;
    public static final int BAD_HASH = -2;

    /**
     * {@code cookie_init_timestamp}: the ms clock with the client's options in its low 6 bits,
     * lowered by 64 ms if that would put it in the future. The TS offset is added by the caller.
     */
    public static long cookieTimestamp(long nowMillis, boolean wscaleOk, int peerShift, boolean sackOk, boolean ecnOk) {
        int options = wscaleOk ? peerShift : TS_OPT_WSCALE_MASK;
        if (sackOk) options |= TS_OPT_SACK;
        if (ecnOk) options |= TS_OPT_ECN;
        long tsNow = nowMillis & 0xFFFF_FFFFL;
        long ts = (tsNow >>> TS_BITS) << TS_BITS | options;
        if (ts > tsNow) {
            ts -= 1L << TS_BITS;
        }
        return ts & 0xFFFF_FFFFL;
    }

    /** The options a cookie's echoed timestamp carries ({@code cookie_timestamp_decode}). */
    public record TimestampOptions(boolean wscaleOk, int peerShift, boolean sackOk, boolean ecnOk) {}

    /** Decodes the low bits of the echoed TSecr after the TS offset has been taken off. */
    public static TimestampOptions decodeTimestamp(long tsecrMinusOffset) {
        int options = (int) tsecrMinusOffset & ((1 << TS_BITS) - 1);
        int ws = options & TS_OPT_WSCALE_MASK;
        return new TimestampOptions(ws != TS_OPT_WSCALE_MASK, ws == TS_OPT_WSCALE_MASK ? 0 : ws,
                (options & TS_OPT_SACK) != 0, (options & TS_OPT_ECN) != 0);
    }
}
