package dev.handshakelab.core.net;

import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;

/** Datagrams between client 10.0.0.1:40001 and server 10.0.0.2:80 for middlebox tests. */
final class Segments {

    static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
    static final IpAddress SERVER = IpAddress.parse("10.0.0.2");

    private Segments() {}

    static IpDatagram fromClient(int flags, long seq, long ack) {
        return IpDatagram.of(CLIENT, SERVER, segment(40001, 80, flags, seq, ack));
    }

    static IpDatagram fromServer(int flags, long seq, long ack) {
        return IpDatagram.of(SERVER, CLIENT, segment(80, 40001, flags, seq, ack));
    }

    static TcpSegment segment(int from, int to, int flags, long seq, long ack) {
        return new TcpSegment(from, to, SeqNum.of(seq), SeqNum.of(ack), new TcpFlags(flags), 64240, 0, List.of(), Bytes.EMPTY);
    }
}
