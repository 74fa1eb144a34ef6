package dev.handshakelab.core.sim;

import dev.handshakelab.core.net.Middlebox;
import dev.handshakelab.core.net.Verdict;
import dev.handshakelab.core.wire.IpDatagram;

/** Test middlebox: a black hole. */
final class DropEverything implements Middlebox {

    static final DropEverything INSTANCE = new DropEverything();

    @Override
    public String name() {
        return "black hole";
    }

    @Override
    public Verdict inspect(IpDatagram datagram, long nowMicros) {
        return Verdict.drop("everything is dropped here");
    }
}
