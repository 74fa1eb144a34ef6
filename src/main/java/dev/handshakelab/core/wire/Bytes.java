package dev.handshakelab.core.wire;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string with value equality, for payloads, cookies and unknown option data. */
public final class Bytes {

    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    public static Bytes of(byte... data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    public static Bytes copyOf(byte[] src, int from, int to) {
        return from == to ? EMPTY : new Bytes(Arrays.copyOfRange(src, from, to));
    }

    /** Parses hex digits; spaces, colons and newlines between bytes are ignored. */
    public static Bytes fromHex(String hex) {
        String digits = hex.replaceAll("[\\s:]", "");
        return of(HEX.parseHex(digits));
    }

    public int length() {
        return data.length;
    }

    public byte get(int i) {
        return data[i];
    }

    public int unsigned(int i) {
        return data[i] & 0xFF;
    }

    public byte[] toArray() {
        return data.clone();
    }

    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(data, 0, dst, offset, data.length);
    }

    public String hex() {
        return HEX.formatHex(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return hex();
    }
}
