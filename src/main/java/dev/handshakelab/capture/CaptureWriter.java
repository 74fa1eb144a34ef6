package dev.handshakelab.capture;

import java.io.IOException;

/** Writes datagrams into a capture file of one format. */
interface CaptureWriter extends AutoCloseable {

    void write(CapturedDatagram d) throws IOException;

    @Override
    void close() throws IOException;
}
