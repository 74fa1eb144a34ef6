package dev.handshakelab.core.net;

import java.util.Locale;

/**
 * The ICMP destination-unreachable codes a middlebox may answer with (RFC 792; RFC 1812
 * §5.2.7.1 for the "prohibited" ones), named as iptables' {@code REJECT --reject-with
 * icmp-...} names them, and the errno Linux's TCP turns each into ({@code icmp_err_convert} in
 * {@code net/ipv4/icmp.c}).
 *
 * <p>Linux's reaction ({@code tcp_v4_err}): a socket in SYN_SENT or SYN_RECV treats <em>every</em>
 * one of these as a hard error and fails at once ({@code tcp_done_with_error}), whatever the
 * table's "fatal" column says; a half-open request of a listener is dropped only for net or host
 * unreachable ({@code tcp_req_err}); an established connection only records a soft error.
 */
public enum IcmpUnreachable {
    NET_UNREACHABLE(0, "ENETUNREACH"),
    HOST_UNREACHABLE(1, "EHOSTUNREACH"),
    PROTOCOL_UNREACHABLE(2, "ENOPROTOOPT"),
    PORT_UNREACHABLE(3, "ECONNREFUSED"),
    NET_PROHIBITED(9, "ENETUNREACH"),
    HOST_PROHIBITED(10, "EHOSTUNREACH"),
    ADMIN_PROHIBITED(13, "EHOSTUNREACH");

    private final int code;
    private final String errno;

    IcmpUnreachable(int code, String errno) {
        this.code = code;
        this.errno = errno;
    }

    /** The ICMP code (type 3). */
    public int code() {
        return code;
    }

    /** What {@code connect()} fails with when this reaches a socket in SYN_SENT. */
    public String errno() {
        return errno;
    }

    /** {@code tcp_v4_err} → {@code tcp_req_err(..., abort)}: only net and host unreachable drop a request. */
    public boolean abortsRequest() {
        return this == NET_UNREACHABLE || this == HOST_UNREACHABLE;
    }

    /** iptables' name without the {@code icmp-} prefix, e.g. {@code port-unreachable}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The code labelled {@code label} ({@code port-unreachable}, {@code admin-prohibited}, ...). */
    public static IcmpUnreachable labelled(String label) {
        for (IcmpUnreachable u : values()) {
            if (u.label().equals(label)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown ICMP unreachable code '" + label + "'");
    }
}
