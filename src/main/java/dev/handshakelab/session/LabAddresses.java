package dev.handshakelab.session;

import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.web.InvalidRequestException;

/**
 * The lab network's addresses. A session is IPv4 or IPv6 as a whole: a TCP connection's two ends
 * are of one family (RFC 8200 §8.1's pseudo-header has no room for a mix, and Linux's
 * {@code tcp_v6_connect} hands a v4-mapped peer to the IPv4 code), so server and client share it.
 */
final class LabAddresses {

    /** IPv4 defaults: a private network's first two hosts. */
    static final String SERVER_V4 = "10.0.0.2";
    static final String CLIENT_V4 = "10.0.0.1";
    /** IPv6 defaults: the documentation prefix (RFC 3849), host parts as in the IPv4 lab. */
    static final String SERVER_V6 = "2001:db8::2";
    static final String CLIENT_V6 = "2001:db8::1";

    private LabAddresses() {
    }

    /** A session's server and client address. */
    record Pair(IpAddress server, IpAddress client) {}

    /**
     * The session's addresses from what the request gives (null = not given) and the template's
     * defaults. An address left out follows the family of the one given: a request that names only
     * an IPv6 server gets the IPv6 default client, not an IPv4 one it would then be refused for.
     * Both given and of different families is a 400 naming {@code client.address}.
     */
    static Pair pair(IpAddress server, IpAddress client, String defaultServer, String defaultClient) {
        if (server != null && client != null && isV6(server) != isV6(client)) {
            throw new InvalidRequestException("client.address", "same-ip-version",
                    "must be of the same IP version as server.address (" + family(server) + "): a TCP connection's two ends share one");
        }
        IpAddress s = server != null ? server : defaultIn(IpAddress.parse(defaultServer), client, SERVER_V4, SERVER_V6);
        IpAddress c = client != null ? client : defaultIn(IpAddress.parse(defaultClient), s, CLIENT_V4, CLIENT_V6);
        return new Pair(s, c);
    }

    private static IpAddress defaultIn(IpAddress fallback, IpAddress other, String v4, String v6) {
        if (other == null || isV6(other) == isV6(fallback)) {
            return fallback;
        }
        return IpAddress.parse(isV6(other) ? v6 : v4);
    }

    static boolean isV6(IpAddress a) {
        return a.ipv6();
    }

    /** The rule a field breaks when its address is not of the session's family: "ipv4" or "ipv6". */
    static String rule(IpAddress session) {
        return isV6(session) ? "ipv6" : "ipv4";
    }

    /** "IPv4" or "IPv6", as error messages name a family. */
    static String family(IpAddress a) {
        return isV6(a) ? "IPv6" : "IPv4";
    }
}
