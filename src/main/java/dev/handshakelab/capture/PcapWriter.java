package dev.handshakelab.capture;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The classic libpcap format (draft-ietf-opsawg-pcap): a 24-byte file header, then per datagram
 * a 16-byte record header and the bytes. Written big-endian (magic {@code a1b2c3d4} as read
 * back tells a reader the byte order), microsecond timestamps, link type {@code LINKTYPE_RAW}
 * (101): each record is an IP datagram with no link-layer header, which Wireshark and tcpdump
 * dissect directly. Classic pcap has one interface and no comments, so it records each datagram
 * once, as its sender put it on the wire.
 */
public final class PcapWriter implements CaptureWriter {

    /** {@code LINKTYPE_RAW}: raw IPv4 or IPv6, told apart by the version nibble. */
    static final int LINKTYPE_RAW = 101;
    static final int MAGIC_MICROS = 0xa1b2c3d4;
    static final int SNAPLEN = 65_535;

    private final DataOutputStream out;

    public PcapWriter(OutputStream out) throws IOException {
        this.out = new DataOutputStream(out);
        this.out.writeInt(MAGIC_MICROS);
        this.out.writeShort(2); // version 2.4
        this.out.writeShort(4);
        this.out.writeInt(0); // reserved (was thiszone): timestamps are UTC
        this.out.writeInt(0); // reserved (was sigfigs)
        this.out.writeInt(SNAPLEN);
        this.out.writeInt(LINKTYPE_RAW);
    }

    @Override
    public void write(CapturedDatagram d) throws IOException {
        out.writeInt((int) (d.atMicros() / 1_000_000));
        out.writeInt((int) (d.atMicros() % 1_000_000));
        out.writeInt(d.ip().length); // captured length: all of it
        out.writeInt(d.ip().length); // original length
        out.write(d.ip());
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
