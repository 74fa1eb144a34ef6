package dev.handshakelab.core.wire;

/**
 * The fixed 40-byte IPv6 header, field by field, as RFC 8200 §3 draws it, with the traffic class
 * split into DSCP and ECN (RFC 2474, RFC 3168) as {@link Ipv4HeaderField} splits the TOS byte.
 * The two addresses are 128 bits wide: they can be located, but not {@link #read} as a number
 * (see {@link Ipv6Address}).
 */
public enum Ipv6HeaderField implements HeaderField {
    VERSION("Version", 0, 0, 4),
    DSCP("DSCP", 0, 4, 6),
    ECN("ECN", 1, 2, 2),
    FLOW_LABEL("Flow Label", 1, 4, 20),
    PAYLOAD_LENGTH("Payload Length", 4, 0, 16),
    NEXT_HEADER("Next Header", 6, 0, 8),
    HOP_LIMIT("Hop Limit", 7, 0, 8),
    SOURCE_ADDRESS("Source Address", 8, 0, 128),
    DESTINATION_ADDRESS("Destination Address", 24, 0, 128);

    private final Position position;

    Ipv6HeaderField(String label, int byteOffset, int bitOffset, int bitLength) {
        this.position = new Position(label, byteOffset, bitOffset, bitLength);
    }

    @Override
    public Position position() {
        return position;
    }
}
