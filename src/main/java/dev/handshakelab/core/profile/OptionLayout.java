package dev.handshakelab.core.profile;

/** How a stack lays its SYN / SYN-ACK options out in the 40 bytes of option space. */
public enum OptionLayout {
    /**
     * Linux's {@code tcp_options_write}: MSS, then SACK-permitted folded into the timestamp
     * word ({@code 04 02 08 0a}) or {@code nop,nop,sackOK} without timestamps,
     * {@code nop,nop,TS} without SACK, and {@code nop,wscale} last (reference §3.1).
     */
    LINUX,
    /**
     * Textbook alignment from RFC 7323 Appendix A and RFC 2018 §2: every option after MSS is
     * padded on its own to a 32-bit boundary, in the order MSS, window scale, SACK-permitted,
     * timestamps: {@code mss,nop,wscale,nop,nop,sackOK,nop,nop,TS}.
     */
    RFC_ALIGNED
}
