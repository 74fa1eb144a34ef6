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

    /**
     * Spreads (address, port) pairs well: HostPort's record hash (31·address + port) collides
     * for neighbouring addresses and ports, which turned HashMap bins into trees in a flood.
     */
    @Override
    public int hashCode() {
        int h = client.address().hashCode() * 0x9E3779B9 + client.port();
        h = (h ^ (h >>> 16)) * 0x85EBCA6B + server.address().hashCode() * 31 + server.port();
        return h ^ (h >>> 13);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionId c && c.client.equals(client) && c.server.equals(server);
    }

    @Override
    public String toString() {
        return client + "-" + server;
    }
}
