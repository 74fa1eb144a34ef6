package dev.handshakelab.core.wire;

/**
 * Where one fixed header field sits, so an inspector can highlight it and read it from raw
 * bytes: the first byte, the first bit within that byte (0 = most significant, as RFC
 * diagrams count), and the width in bits. Fields span at most four bytes, apart from the
 * 128-bit IPv6 addresses ({@link Ipv6HeaderField}), which can be located but not read.
 */
public interface HeaderField {

    /** A field's name as its RFC's header diagram spells it, e.g. "Source Port", and its place. */
    record Position(String label, int byteOffset, int bitOffset, int bitLength) {}

    Position position();

    default String label() {
        return position().label();
    }

    default int byteOffset() {
        return position().byteOffset();
    }

    default int bitOffset() {
        return position().bitOffset();
    }

    default int bitLength() {
        return position().bitLength();
    }

    /** Index of the last byte the field touches. */
    default int lastByte() {
        return byteOffset() + (bitOffset() + bitLength() - 1) / 8;
    }

    /** The field's unsigned value, read from a header starting at {@code headerStart}. */
    default long read(byte[] bytes, int headerStart) {
        if (bitLength() > 32) {
            throw new UnsupportedOperationException(label() + " is " + bitLength() + " bits wide: read it as an address");
        }
        long word = 0;
        for (int i = byteOffset(); i <= lastByte(); i++) {
            word = (word << 8) | (bytes[headerStart + i] & 0xFF);
        }
        int spanBits = (lastByte() - byteOffset() + 1) * 8;
        int shift = spanBits - bitOffset() - bitLength();
        return (word >>> shift) & ((1L << bitLength()) - 1);
    }
}
