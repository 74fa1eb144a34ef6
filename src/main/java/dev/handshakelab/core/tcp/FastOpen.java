package dev.handshakelab.core.tcp;

import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;

/**
 * TCP Fast Open on the server (RFC 7413; net/ipv4/tcp_fastopen.c): the cookie a SYN asks for
 * ({@code tcp_fastopen_cookie_gen}), its check ({@code tcp_fastopen_cookie_gen_check}) and the
 * child made at once for data on a SYN with a valid cookie ({@code tcp_try_fastopen},
 * {@code tcp_fastopen_create_child}). The cookie is SipHash of the address pair under a key
 * drawn from the session seed, 8 bytes like Linux's, so a session replays to the same cookies.
 */
final class FastOpen extends HostPart {

    /** {@code TFO_SERVER_ENABLE}, {@code TFO_SERVER_COOKIE_NOT_REQD}, {@code TFO_SERVER_WO_SOCKOPT1}. */
    static final int SERVER_ENABLE = 0x2;
    static final int SERVER_COOKIE_NOT_REQD = 0x200;
    static final int SERVER_WO_SOCKOPT1 = 0x400;
    /** The experimental option (kind 254, RFC 6994) carries Fast Open after this magic. */
    static final int EXP_MAGIC = 0xF989;
    static final int COOKIE_SIZE = 8;

    private final long k0;
    private final long k1;

    FastOpen(TcpHost stack, long hostSeed) {
        super(stack);
        this.k0 = SipHash.hash(hostSeed, 0x46415354_4f50454eL, 1, 0);
        this.k1 = SipHash.hash(hostSeed, 0x46415354_4f50454eL, 2, 0);
    }

    /**
     * The Fast Open option of a SYN as {@code tcp_parse_fastopen_option} reads it: kind 34, or
     * kind 254 with the magic 0xF989. Valid only with an even length; 4 to 16 bytes are a cookie,
     * none a cookie request, anything else counts as no cookie (len -1).
     */
    record Request(int length, Bytes cookie, boolean experimental) {
        static final Request NONE = new Request(-1, Bytes.EMPTY, false);

        boolean present() {
            return length >= 0;
        }
    }

    static Request parse(TcpSegment s) {
        Request found = Request.NONE;
        for (TcpOption o : s.options()) {
            Bytes cookie = null;
            boolean exp = false;
            if (o instanceof TcpOption.FastOpenCookie fo) {
                cookie = fo.cookie();
            } else if (o instanceof TcpOption.Unknown u && u.kind() == 254 && u.data().length() >= 2
                    && ((u.data().get(0) & 0xFF) << 8 | (u.data().get(1) & 0xFF)) == EXP_MAGIC) {
                cookie = Bytes.copyOf(u.data().toArray(), 2, u.data().length());
                exp = true;
            }
            if (cookie == null || (cookie.length() & 1) != 0) {
                continue;
            }
            int len = cookie.length();
            found = len == 0 || (len >= 4 && len <= 16) ? new Request(len, cookie, exp) : new Request(-1, Bytes.EMPTY, exp);
        }
        return found;
    }

    /**
     * {@code __tcp_fastopen_cookie_gen_cipher}: a keyed hash of (saddr, daddr), 8 bytes. For
     * IPv4 the kernel hashes the two addresses, for IPv6 the two 16-byte addresses (siphash over
     * {@code struct in6_addr} pairs); {@link SipHash#addressWord} folds either into the same shape.
     */
    Bytes cookie(IpAddress client, IpAddress server) {
        long h = SipHash.hash(k0, k1, SipHash.addressWord(client, k0, k1), SipHash.addressWord(server, k1, k0));
        byte[] b = new byte[COOKIE_SIZE];
        for (int i = 0; i < COOKIE_SIZE; i++) {
            b[i] = (byte) (h >>> (56 - 8 * i));
        }
        return Bytes.of(b);
    }

    /** The option that carries {@code cookie} in the form the client used. */
    static TcpOption option(Bytes cookie, boolean experimental) {
        if (!experimental) {
            return new TcpOption.FastOpenCookie(cookie);
        }
        byte[] b = new byte[2 + cookie.length()];
        b[0] = (byte) (EXP_MAGIC >>> 8);
        b[1] = (byte) EXP_MAGIC;
        cookie.copyTo(b, 2);
        return new TcpOption.Unknown(254, Bytes.of(b));
    }

    /**
     * {@code fastopenq.max_qlen}: TCP_FASTOPEN's qlen, or with 0x400 (and the server bit) the
     * listen() backlog as {@code fastopen_queue_tune} sets it in {@code inet_listen}.
     */
    int maxQlen() {
        if (profile.fastOpenQlen() > 0) {
            return Math.min(profile.fastOpenQlen(), profile.somaxconn());
        }
        int mode = profile.tcpFastopen();
        return (mode & SERVER_WO_SOCKOPT1) != 0 && (mode & SERVER_ENABLE) != 0 ? profile.maxAckBacklog() : 0;
    }

    /** What {@code tcp_try_fastopen} decided for one SYN. */
    record Decision(boolean child, Bytes cookieToSend, boolean experimental, String why) {}

    /**
     * {@code tcp_try_fastopen}: whether the SYN makes a child at once, and which cookie (if any)
     * the SYN-ACK carries. Without the server bit, a Fast Open queue, data or an FO option
     * nothing happens and no cookie is sent; with 0x200 no cookie is needed; a cookie request
     * gets one; a valid cookie makes a child (with or without data); an invalid one gets a fresh
     * cookie and the normal handshake, its data not acknowledged.
     */
    Decision decide(IpDatagram d, TcpSegment s, Request foc) {
        boolean synData = s.payload().length() > 0;
        int mode = profile.tcpFastopen();
        Listener l = listener();
        if ((mode & SERVER_ENABLE) == 0 || !(synData || foc.present())) {
            return new Decision(false, null, false, (mode & SERVER_ENABLE) == 0 ? "tcp_fastopen has no server bit (0x2)" : "no Fast Open option and no data");
        }
        int max = maxQlen();
        if (max == 0 || l.fastOpenPending >= max) {
            return new Decision(false, null, false, max == 0 ? "the listener has no TCP_FASTOPEN queue (and tcp_fastopen has no 0x400)"
                    : "the Fast Open queue is full (TCPFastOpenListenOverflow)");
        }
        if ((mode & SERVER_COOKIE_NOT_REQD) != 0) {
            return new Decision(true, null, false, "tcp_fastopen 0x200: data on a SYN is accepted without a cookie");
        }
        Bytes valid = cookie(d.src(), d.dst());
        if (foc.length() == 0) {
            return new Decision(false, valid, foc.experimental(), "cookie request answered with a cookie");
        }
        if (foc.length() > 0) {
            if (foc.cookie().equals(valid)) {
                return new Decision(true, null, false, "valid cookie: child created at once, SYN data acknowledged");
            }
            return new Decision(false, valid, foc.experimental(), "invalid cookie: normal handshake, SYN data dropped, a fresh cookie sent");
        }
        return new Decision(false, null, false, "data on a SYN without a cookie");
    }
}
