package dev.handshakelab.core.wire;

/**
 * A 32-bit TCP sequence (or acknowledgment) number.
 *
 * <p>Sequence space wraps at 2^32, so ordering is only meaningful between numbers less than
 * 2^31 apart (RFC 9293 §3.4, "modular arithmetic"). Comparisons therefore go through
 * {@link #before(SeqNum)} and friends, never through {@code <} on raw values, the way gVisor's
 * {@code seqnum} package does it.
 */
public record SeqNum(int bits) {

    public static final SeqNum ZERO = new SeqNum(0);

    /** The number for an unsigned value 0..2^32-1. */
    public static SeqNum of(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("sequence number " + value + " is outside 0..4294967295");
        }
        return new SeqNum((int) value);
    }

    /** The unsigned value, 0..2^32-1. */
    public long value() {
        return Integer.toUnsignedLong(bits);
    }

    public SeqNum plus(long n) {
        return new SeqNum(bits + (int) n);
    }

    /** Distance from {@code other} to this number, in modular arithmetic ({@code this - other}). */
    public int minus(SeqNum other) {
        return bits - other.bits;
    }

    /** RFC 9293 §3.4: a &lt; b iff (a - b) as a signed 32-bit value is negative. */
    public boolean before(SeqNum other) {
        return bits - other.bits < 0;
    }

    public boolean beforeOrEqual(SeqNum other) {
        return bits - other.bits <= 0;
    }

    public boolean after(SeqNum other) {
        return bits - other.bits > 0;
    }

    public boolean afterOrEqual(SeqNum other) {
        return bits - other.bits >= 0;
    }

    /** True when {@code start <= this < end} in sequence space. */
    public boolean inWindow(SeqNum start, int length) {
        return Integer.compareUnsigned(bits - start.bits, length) < 0;
    }

    @Override
    public String toString() {
        return Long.toString(value());
    }
}
