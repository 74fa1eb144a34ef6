package dev.handshakelab.core.wire;

/** An IP address and a TCP port: one end of a connection's 4-tuple. */
public record HostPort(IpAddress address, int port) {

    public HostPort {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    public static HostPort parse(String address, int port) {
        return new HostPort(IpAddress.parse(address), port);
    }

    @Override
    public String toString() {
        return address instanceof Ipv6Address ? "[" + address + "]:" + port : address + ":" + port;
    }
}
