package dev.handshakelab.pcapin;

import java.util.List;

import dev.handshakelab.core.wire.HostPort;

/**
 * The TCP packets of one 4-tuple, in file order. The client is the side that sent the first SYN
 * (without ACK); failing that, the side a SYN-ACK went to; failing that, the sender of the
 * first packet, and then the flow cannot be replayed.
 *
 * @param id         {@code client-server}, as the lab writes a connection: {@code 10.0.0.1:40000-10.0.0.2:80}
 * @param notReplayable null if the flow can be replayed, else why not
 */
public record Flow(String id, HostPort client, HostPort server, int ipVersion, List<TcpPacket> packets,
                   String notReplayable) {

    public boolean fromClient(TcpPacket p) {
        return p.datagram().source().equals(client);
    }
}
