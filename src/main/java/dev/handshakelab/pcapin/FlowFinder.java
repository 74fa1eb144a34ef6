package dev.handshakelab.pcapin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.TcpFlags;

/** Groups a capture's TCP packets by 4-tuple and tells client from server. */
final class FlowFinder {

    private FlowFinder() {
    }

    static List<Flow> find(List<TcpPacket> packets) {
        Map<List<HostPort>, List<TcpPacket>> byTuple = new LinkedHashMap<>();
        for (TcpPacket p : packets) {
            HostPort a = p.datagram().source();
            HostPort b = p.datagram().destination();
            // the same key for both directions: the two ends in a fixed order
            List<HostPort> key = a.toString().compareTo(b.toString()) <= 0 ? List.of(a, b) : List.of(b, a);
            byTuple.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<Flow> flows = new ArrayList<>();
        for (List<TcpPacket> flow : byTuple.values()) {
            flows.add(flow(flow));
        }
        return flows;
    }

    private static Flow flow(List<TcpPacket> packets) {
        HostPort client = null;
        HostPort server = null;
        for (TcpPacket p : packets) {
            TcpFlags f = p.datagram().segment().flags();
            if (f.syn() && !f.ack()) {
                client = p.datagram().source();
                server = p.datagram().destination();
                break;
            }
        }
        String notReplayable = null;
        if (client == null) {
            for (TcpPacket p : packets) {
                TcpFlags f = p.datagram().segment().flags();
                if (f.syn() && f.ack()) {
                    client = p.datagram().destination();
                    server = p.datagram().source();
                    break;
                }
            }
            notReplayable = "the capture holds no SYN of this flow: its handshake was not captured";
        }
        if (client == null) {
            client = packets.get(0).datagram().source();
            server = packets.get(0).datagram().destination();
        }
        if (client.equals(server)) {
            notReplayable = "both ends are " + client + ": a connection to itself";
        }
        return new Flow(client + "-" + server, client, server, packets.get(0).ipVersion(), List.copyOf(packets), notReplayable);
    }
}
