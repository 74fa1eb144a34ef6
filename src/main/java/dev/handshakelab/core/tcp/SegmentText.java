package dev.handshakelab.core.tcp;

import dev.handshakelab.core.wire.SegmentFormat;
import dev.handshakelab.core.wire.TcpSegment;

/** Small pieces of wording for event texts: segments, ordinals, durations. */
public final class SegmentText {

    private SegmentText() {}

    /**
     * {@code S. 123:123(0) ack 1001 win 64240 <mss 1460,sackOK,TS val 5 ecr 100,nop,wscale 7>}:
     * the one packetdrill notation of {@link SegmentFormat}, so event texts and the inspector agree.
     */
    public static String summary(TcpSegment s) {
        return SegmentFormat.format(s);
    }

    /** "1st", "2nd", "3rd", "4th"... */
    public static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th"
                : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
        return n + suffix;
    }

    /** Virtual microseconds as "1 s", "500 ms", "1.5 s", "250 µs". */
    public static String duration(long micros) {
        if (micros % 1_000_000 == 0) return micros / 1_000_000 + " s";
        if (micros >= 1_000_000) return (micros / 1000) / 1000.0 + " s";
        if (micros % 1000 == 0) return micros / 1000 + " ms";
        return micros + " µs";
    }
}
