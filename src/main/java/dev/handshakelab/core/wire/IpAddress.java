package dev.handshakelab.core.wire;

/** An IPv4 or IPv6 address, as the pseudo-header and the simulated hosts see it. */
public sealed interface IpAddress permits Ipv4Address, Ipv6Address {

    /** 4 for IPv4, 16 for IPv6. */
    int byteLength();

    /** True for an IPv6 address: which family's header, MSS, cookie table and flow label apply. */
    default boolean ipv6() {
        return byteLength() == 16;
    }

    /** The address in network byte order. */
    byte[] toBytes();

    /** Parses dotted-quad IPv4 or RFC 5952-ish IPv6 text. */
    static IpAddress parse(String text) {
        return text.indexOf(':') >= 0 ? Ipv6Address.parse(text) : Ipv4Address.parse(text);
    }
}
