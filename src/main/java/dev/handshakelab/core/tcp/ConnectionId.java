package dev.handshakelab.core.tcp;

import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpDatagram;

/**
 * A connection's 4-tuple, always written client side first: {@code 10.0.0.1:40000-10.0.0.2:80}.
 * The client side is the one that is not the server's listener address.
 */
public record ConnectionId(HostPort client, HostPort server) {

    /** The id of the connection a datagram belongs to, seen from the side {@code sender} sits on. */
    public static ConnectionId of(IpDatagram d, Host sender) {
        return sender == Host.CLIENT
                ? new ConnectionId(d.source(), d.destination())
                : new ConnectionId(d.destination(), d.source());
    }

    @Override
    public String toString() {
        return client + "-" + server;
    }
}
