package dev.handshakelab.core.wire;

/**
 * The one exception {@link SegmentCodec}'s decoders throw for untrusted bytes: what went wrong
 * ({@link #error()}) and the byte where it was found ({@link #offset()}, counted from the start
 * of the bytes handed to the decoder, so a UI can point at it).
 */
public final class SegmentDecodeException extends RuntimeException {

    private final SegmentDecodeError error;
    private final int offset;

    public SegmentDecodeException(SegmentDecodeError error, int offset, String detail) {
        super(error + " at byte " + offset + ": " + detail, null, false, false);
        this.error = error;
        this.offset = offset;
    }

    public SegmentDecodeError error() {
        return error;
    }

    public int offset() {
        return offset;
    }
}
