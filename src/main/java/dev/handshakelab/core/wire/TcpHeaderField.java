package dev.handshakelab.core.wire;

/**
 * The fixed 20-byte TCP header, field by field, as RFC 9293 §3.1 draws it (with NS, RFC 3540,
 * in the bit RFC 9293 leaves reserved and AccECN now calls AE). Options follow at byte 20; their
 * positions are per segment, see {@link DecodedSegment#optionSpans()}.
 */
public enum TcpHeaderField implements HeaderField {
    SRC_PORT("Source Port", 0, 0, 16),
    DST_PORT("Destination Port", 2, 0, 16),
    SEQUENCE_NUMBER("Sequence Number", 4, 0, 32),
    ACKNOWLEDGMENT_NUMBER("Acknowledgment Number", 8, 0, 32),
    DATA_OFFSET("Data Offset", 12, 0, 4),
    RESERVED("Reserved", 12, 4, 3),
    NS("NS", 12, 7, 1),
    CWR("CWR", 13, 0, 1),
    ECE("ECE", 13, 1, 1),
    URG("URG", 13, 2, 1),
    ACK("ACK", 13, 3, 1),
    PSH("PSH", 13, 4, 1),
    RST("RST", 13, 5, 1),
    SYN("SYN", 13, 6, 1),
    FIN("FIN", 13, 7, 1),
    WINDOW("Window", 14, 0, 16),
    CHECKSUM("Checksum", 16, 0, 16),
    URGENT_POINTER("Urgent Pointer", 18, 0, 16);

    private final Position position;

    TcpHeaderField(String label, int byteOffset, int bitOffset, int bitLength) {
        this.position = new Position(label, byteOffset, bitOffset, bitLength);
    }

    @Override
    public Position position() {
        return position;
    }
}
