package dev.handshakelab.core.net;

import java.util.Locale;

/**
 * The ICMP destination-unreachable codes a middlebox may answer with (RFC 792; RFC 1812
 * §5.2.7.1 for the "prohibited" ones), named as iptables' {@code REJECT --reject-with
 * icmp-...} names them, and the errno Linux's TCP turns each into ({@code icmp_err_convert} in
 * {@code net/ipv4/icmp.c}); and the ICMPv6 ones (RFC 4443 §3.1, type 1), named as ip6tables'
 * {@code --reject-with icmp6-...}, with the errno of {@code icmpv6_err_convert}
 * ({@code net/ipv6/icmp.c}, its {@code tab_unreach}).
 *
 * <p>Linux's reaction over IPv4 ({@code tcp_v4_err}): a socket in SYN_SENT or SYN_RECV treats
 * <em>every</em> one of these as a hard error and fails at once ({@code tcp_done_with_error}),
 * whatever the table's "fatal" column says; a half-open request of a listener is dropped only
 * for net or host unreachable ({@code tcp_req_err}); an established connection only records a
 * soft error. Over IPv6 ({@code tcp_v6_err}) SYN_SENT and SYN_RECV fail alike, but a request is
 * dropped when {@code icmpv6_err_convert} calls the code fatal: administratively prohibited and
 * port unreachable, not no route or address unreachable.
 *
 * <p>A refusal configured with one family's code answers a datagram of the other family with
 * the other's nearest code ({@link #forFamily}), as one REJECT rule written for both tables would.
 */
public enum IcmpUnreachable {
    NET_UNREACHABLE(4, 0, "ENETUNREACH", true),
    HOST_UNREACHABLE(4, 1, "EHOSTUNREACH", true),
    PROTOCOL_UNREACHABLE(4, 2, "ENOPROTOOPT", false),
    PORT_UNREACHABLE(4, 3, "ECONNREFUSED", false),
    NET_PROHIBITED(4, 9, "ENETUNREACH", false),
    HOST_PROHIBITED(4, 10, "EHOSTUNREACH", false),
    ADMIN_PROHIBITED(4, 13, "EHOSTUNREACH", false),
    /** ICMPv6 code 0, no route to destination: {@code ENETUNREACH}, not fatal. */
    ICMP6_NO_ROUTE(6, 0, "ENETUNREACH", false),
    /** ICMPv6 code 1, communication administratively prohibited: {@code EACCES}, fatal. */
    ICMP6_ADM_PROHIBITED(6, 1, "EACCES", true),
    /** ICMPv6 code 3, address unreachable: {@code EHOSTUNREACH}, not fatal. */
    ICMP6_ADDR_UNREACHABLE(6, 3, "EHOSTUNREACH", false),
    /** ICMPv6 code 4, port unreachable: {@code ECONNREFUSED}, fatal. */
    ICMP6_PORT_UNREACHABLE(6, 4, "ECONNREFUSED", true);

    private final int ipVersion;
    private final int code;
    private final String errno;
    private final boolean abortsRequest;

    IcmpUnreachable(int ipVersion, int code, String errno, boolean abortsRequest) {
        this.ipVersion = ipVersion;
        this.code = code;
        this.errno = errno;
        this.abortsRequest = abortsRequest;
    }

    /** The ICMP code (ICMP type 3, or ICMPv6 type 1). */
    public int code() {
        return code;
    }

    /** 3 (ICMP Destination Unreachable) or 1 (ICMPv6 Destination Unreachable). */
    public int type() {
        return ipv6() ? 1 : 3;
    }

    /** An ICMPv6 code, sent over IPv6. */
    public boolean ipv6() {
        return ipVersion == 6;
    }

    /** "ICMP" or "ICMPv6". */
    public String protocol() {
        return ipv6() ? "ICMPv6" : "ICMP";
    }

    /** What {@code connect()} fails with when this reaches a socket in SYN_SENT. */
    public String errno() {
        return errno;
    }

    /**
     * Whether a listener's half-open request is dropped: {@code tcp_v4_err} → {@code tcp_req_err(..., abort)}
     * aborts on net and host unreachable only; {@code tcp_v6_err} passes {@code icmpv6_err_convert}'s "fatal".
     */
    public boolean abortsRequest() {
        return abortsRequest;
    }

    /**
     * The code sent about a datagram of the given family: this one when it is of that family,
     * else the nearest of the other (net unreachable and no route; host unreachable and address
     * unreachable; port unreachable; every "prohibited", and protocol unreachable, which ICMPv6
     * has no destination-unreachable code for, and administratively prohibited).
     */
    public IcmpUnreachable forFamily(boolean toIpv6) {
        if (toIpv6 == ipv6()) {
            return this;
        }
        return switch (this) {
            case NET_UNREACHABLE -> ICMP6_NO_ROUTE;
            case HOST_UNREACHABLE -> ICMP6_ADDR_UNREACHABLE;
            case PORT_UNREACHABLE -> ICMP6_PORT_UNREACHABLE;
            case PROTOCOL_UNREACHABLE, NET_PROHIBITED, HOST_PROHIBITED, ADMIN_PROHIBITED -> ICMP6_ADM_PROHIBITED;
            case ICMP6_NO_ROUTE -> NET_UNREACHABLE;
            case ICMP6_ADDR_UNREACHABLE -> HOST_UNREACHABLE;
            case ICMP6_PORT_UNREACHABLE -> PORT_UNREACHABLE;
            case ICMP6_ADM_PROHIBITED -> ADMIN_PROHIBITED;
        };
    }

    /**
     * iptables' name without the {@code icmp-} prefix, e.g. {@code port-unreachable}; for ICMPv6,
     * ip6tables' whole name, e.g. {@code icmp6-port-unreachable}.
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The code labelled {@code label} ({@code port-unreachable}, {@code admin-prohibited}, {@code icmp6-no-route}, ...). */
    public static IcmpUnreachable labelled(String label) {
        for (IcmpUnreachable u : values()) {
            if (u.label().equals(label)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown ICMP unreachable code '" + label + "'");
    }
}
