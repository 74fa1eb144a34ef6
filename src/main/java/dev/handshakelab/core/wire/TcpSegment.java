package dev.handshakelab.core.wire;

import java.util.List;

/**
 * The meaning of one TCP segment (RFC 9293 §3.1): every header field a user can set, the
 * options in their exact wire order, and the payload.
 *
 * <p>The data offset and the checksum are not fields here: the data offset follows from the
 * options (padded to a 32-bit boundary) and the checksum from the pseudo-header, so
 * {@link SegmentCodec} computes both. A segment decoded from bytes whose checksum was wrong is
 * still a {@code TcpSegment}; the decoder reports the checksum beside it.
 */
public record TcpSegment(
        int srcPort,
        int dstPort,
        SeqNum seq,
        SeqNum ack,
        TcpFlags flags,
        int window,
        int urgentPointer,
        List<TcpOption> options,
        Bytes payload) {

    /** Options fit in 40 bytes: a data offset of at most 15 words minus the 5-word fixed header. */
    public static final int MAX_OPTION_BYTES = 40;
    public static final int HEADER_BYTES = 20;

    public TcpSegment {
        requireRange("srcPort", srcPort, 0, 0xFFFF);
        requireRange("dstPort", dstPort, 0, 0xFFFF);
        requireRange("window", window, 0, 0xFFFF);
        requireRange("urgentPointer", urgentPointer, 0, 0xFFFF);
        // an OptionList is already unmodifiable, and copying it is what it exists to avoid
        options = options instanceof OptionList ? options : List.copyOf(options);
        int optionBytes = optionBytes(options);
        if (optionBytes > MAX_OPTION_BYTES) {
            throw new IllegalArgumentException("options take " + optionBytes + " bytes; at most " + MAX_OPTION_BYTES + " fit");
        }
        if (payload == null) {
            payload = Bytes.EMPTY;
        }
    }

    /** Bytes the options take before padding. */
    public int optionBytes() {
        return optionBytes(options);
    }

    /** Indexed, not for-each: on the codec's hot path an iterator per call is not always optimised away. */
    private static int optionBytes(List<TcpOption> options) {
        if (options instanceof OptionList known) {
            return known.wireBytes();
        }
        int n = 0;
        for (int i = 0, size = options.size(); i < size; i++) {
            n += options.get(i).wireLength();
        }
        return n;
    }

    /** Header length in 32-bit words (the data offset field), options padded with zeros (EOL). */
    public int dataOffsetWords() {
        return (HEADER_BYTES + optionBytes() + 3) / 4;
    }

    /**
     * Sequence space this segment occupies: payload bytes, plus one each for SYN and FIN
     * (RFC 9293 §3.4, "SEG.LEN").
     */
    public int sequenceLength() {
        return payload.length() + (flags.syn() ? 1 : 0) + (flags.fin() ? 1 : 0);
    }

    /** The first option of the given type, or null. */
    public <T extends TcpOption> T option(Class<T> type) {
        for (int i = 0, size = options.size(); i < size; i++) {
            TcpOption o = options.get(i);
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
        return null;
    }

    public TcpSegment withOptions(List<TcpOption> newOptions) {
        return new TcpSegment(srcPort, dstPort, seq, ack, flags, window, urgentPointer, newOptions, payload);
    }

    public TcpSegment withFlags(TcpFlags newFlags) {
        return new TcpSegment(srcPort, dstPort, seq, ack, newFlags, window, urgentPointer, options, payload);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside " + min + ".." + max);
        }
    }
}
