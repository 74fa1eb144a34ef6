package dev.handshakelab.core.wire;

/** The fixed 20-byte IPv4 header, field by field, as RFC 791 §3.1 draws it (TOS split per RFC 2474/3168). */
public enum Ipv4HeaderField implements HeaderField {
    VERSION("Version", 0, 0, 4),
    IHL("IHL", 0, 4, 4),
    DSCP("DSCP", 1, 0, 6),
    ECN("ECN", 1, 6, 2),
    TOTAL_LENGTH("Total Length", 2, 0, 16),
    IDENTIFICATION("Identification", 4, 0, 16),
    RESERVED_FLAG("Reserved flag", 6, 0, 1),
    DONT_FRAGMENT("DF", 6, 1, 1),
    MORE_FRAGMENTS("MF", 6, 2, 1),
    FRAGMENT_OFFSET("Fragment Offset", 6, 3, 13),
    TTL("Time to Live", 8, 0, 8),
    PROTOCOL("Protocol", 9, 0, 8),
    HEADER_CHECKSUM("Header Checksum", 10, 0, 16),
    SOURCE_ADDRESS("Source Address", 12, 0, 32),
    DESTINATION_ADDRESS("Destination Address", 16, 0, 32);

    private final Position position;

    Ipv4HeaderField(String label, int byteOffset, int bitOffset, int bitLength) {
        this.position = new Position(label, byteOffset, bitOffset, bitLength);
    }

    @Override
    public Position position() {
        return position;
    }
}
