package dev.handshakelab.core.wire;

import java.util.List;

/**
 * One TCP option as it appears, in order, in the header's option space.
 *
 * <p>The list a segment carries is exactly what is on the wire: NOPs and EOL are options in
 * their own right, because the byte layout (and a middlebox's opinion of it) depends on them.
 * A known kind with a length the RFC does not allow (say window scale with length 4) is kept as
 * {@link Unknown}: the bytes survive, and negotiation ignores it, as Linux's
 * {@code tcp_parse_options} ignores an option whose length does not match its kind.
 */
public sealed interface TcpOption {

    int KIND_EOL = 0;
    int KIND_NOP = 1;
    int KIND_MSS = 2;
    int KIND_WINDOW_SCALE = 3;
    int KIND_SACK_PERMITTED = 4;
    int KIND_SACK = 5;
    int KIND_TIMESTAMPS = 8;
    int KIND_FAST_OPEN = 34;
    /** Not a wire kind: what {@link Padding#kind()} answers, since padding has no kind byte. */
    int KIND_PADDING = -1;
    /** Not a wire kind: what {@link Unparsed#kind()} answers. */
    int KIND_UNPARSED = -2;

    /** The option kind byte. */
    int kind();

    /** Bytes this option occupies on the wire, kind and length bytes included. */
    int wireLength();

    /** Kind 0, RFC 9293 §3.2: marks the end of the option list; what follows is padding. */
    record EndOfOptionList() implements TcpOption {
        public int kind() { return KIND_EOL; }
        public int wireLength() { return 1; }
    }

    /** Kind 1, RFC 9293 §3.2: one byte of filler, used to align later options. */
    record NoOperation() implements TcpOption {
        public int kind() { return KIND_NOP; }
        public int wireLength() { return 1; }
    }

    /** Kind 2, length 4, RFC 9293 §3.7.1: the largest segment the sender is willing to receive. */
    record MaxSegmentSize(int mss) implements TcpOption {
        public MaxSegmentSize {
            requireRange("mss", mss, 0, 0xFFFF);
        }
        public int kind() { return KIND_MSS; }
        public int wireLength() { return 4; }
    }

    /**
     * Kind 3, length 3, RFC 7323 §2: the shift count. Any byte value is representable, because
     * labs send illegal shifts such as 15 on purpose; RFC 7323 §2.3 says a receiver treats a
     * shift above 14 as 14.
     */
    record WindowScale(int shift) implements TcpOption {
        /** Every possible option, so the decoder and the SYN-ACK path share them instead of allocating. */
        private static final WindowScale[] ALL = new WindowScale[0x100];

        static {
            for (int i = 0; i < ALL.length; i++) {
                ALL[i] = new WindowScale(i);
            }
        }

        public WindowScale {
            requireRange("shift", shift, 0, 0xFF);
        }

        /** The option with this shift (0..255), shared. */
        public static WindowScale of(int shift) {
            requireRange("shift", shift, 0, 0xFF);
            return ALL[shift];
        }
        public int kind() { return KIND_WINDOW_SCALE; }
        public int wireLength() { return 3; }
    }

    /** Kind 4, length 2, RFC 2018 §2: the sender can receive SACK blocks. */
    record SackPermitted() implements TcpOption {
        public int kind() { return KIND_SACK_PERMITTED; }
        public int wireLength() { return 2; }
    }

    /** One SACK block: the left edge and the right edge (exclusive) of a received range. */
    record SackBlock(SeqNum left, SeqNum right) {}

    /** Kind 5, length 2 + 8n, RFC 2018 §3. */
    record Sack(List<SackBlock> blocks) implements TcpOption {
        public Sack {
            blocks = List.copyOf(blocks);
            if (blocks.isEmpty() || blocks.size() > 4) {
                throw new IllegalArgumentException("a SACK option carries 1 to 4 blocks, not " + blocks.size());
            }
        }
        public int kind() { return KIND_SACK; }
        public int wireLength() { return 2 + 8 * blocks.size(); }
    }

    /** Kind 8, length 10, RFC 7323 §3: TSval and TSecr, each an unsigned 32-bit value. */
    record Timestamps(long tsVal, long tsEcr) implements TcpOption {
        public Timestamps {
            requireRange("tsVal", tsVal, 0, 0xFFFF_FFFFL);
            requireRange("tsEcr", tsEcr, 0, 0xFFFF_FFFFL);
        }
        public int kind() { return KIND_TIMESTAMPS; }
        public int wireLength() { return 10; }
    }

    /**
     * Kind 34, RFC 7413 §4.1.1: an empty cookie is a cookie request, otherwise a 4..16 byte
     * cookie (the RFC asks for an even length; odd lengths are kept, not refused).
     */
    record FastOpenCookie(Bytes cookie) implements TcpOption {
        public FastOpenCookie {
            if (cookie.length() > 38) {
                throw new IllegalArgumentException("a Fast Open cookie of " + cookie.length() + " bytes does not fit in 40 bytes of options");
            }
        }
        public boolean isRequest() { return cookie.length() == 0; }
        public int kind() { return KIND_FAST_OPEN; }
        public int wireLength() { return 2 + cookie.length(); }
    }

    /**
     * Any other option (or a known kind with a length its RFC forbids): kind, and the bytes
     * after the length byte, kept verbatim so what a user typed is never lost.
     */
    record Unknown(int kind, Bytes data) implements TcpOption {
        public Unknown {
            requireRange("kind", kind, 0, 0xFF);
            if (data.length() > 38) {
                throw new IllegalArgumentException("option data of " + data.length() + " bytes does not fit in 40 bytes of options");
            }
        }
        public int wireLength() { return 2 + data.length(); }
    }

    /**
     * Not an option: the header bytes after an {@link EndOfOptionList}, kept only when they are
     * not the zero fill an encoder would write anyway (non-zero bytes, or a whole spare word
     * or more). RFC 9293 §3.2 says the space after EOL "must be zero"; receivers (Linux's
     * {@code tcp_parse_options} stops at EOL) never look at it, but a lab can send anything, and
     * the codec must give back the bytes it read. It exists so that decoding stays lossless
     * without a field outside the option list; it has no kind byte, so {@link #kind()} is
     * {@link #KIND_PADDING}.
     */
    record Padding(Bytes bytes) implements TcpOption {
        public Padding {
            if (bytes.length() == 0 || bytes.length() > 39) {
                throw new IllegalArgumentException("padding of " + bytes.length() + " bytes; it takes 1 to 39 bytes after an EOL");
            }
        }
        public int kind() { return KIND_PADDING; }
        public int wireLength() { return bytes.length(); }
    }

    /**
     * Not an option: the rest of the option space from a malformed option on (a length byte
     * below 2, or a length running past the header's end, or a kind in the last byte with no
     * room for its length). Linux's {@code tcp_parse_options} stops there ("silly options",
     * "don't parse partial options") and keeps what it parsed before, so the options before it
     * still count; these bytes are kept verbatim so that decoding stays lossless. Its
     * {@link #kind()} is {@link #KIND_UNPARSED}; {@link #stoppedAtKind()} is the kind byte it
     * starts with.
     */
    record Unparsed(Bytes bytes) implements TcpOption {
        public Unparsed {
            if (bytes.length() == 0 || bytes.length() > 40) {
                throw new IllegalArgumentException("unparsed option bytes: " + bytes.length() + "; 1 to 40 bytes of option space");
            }
        }
        public int kind() { return KIND_UNPARSED; }
        public int wireLength() { return bytes.length(); }
        /** The kind byte of the malformed option. */
        public int stoppedAtKind() { return bytes.unsigned(0); }
    }

    TcpOption EOL = new EndOfOptionList();
    TcpOption NOP = new NoOperation();
    TcpOption SACK_PERMITTED = new SackPermitted();

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside " + min + ".." + max);
        }
    }
}
