package dev.handshakelab.flood;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A cookie SYN-ACK taken apart ({@code net/ipv4/syncookies.c}): what its ISN is made of, what
 * its TSval carries, and, if asked, whether a 3rd ACK passes {@code check_tcp_syn_cookie}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CookieInspection(SynAck synAck, Parts cookie, Timestamps timestamps, AckCheck finalAck) {

    public record SynAck(String client, String server, long seq, long ack, long atMicros) {}

    /**
     * The ISN's parts: {@code cookie = hash1 + clientIsn + (counter << 24) + ((hash2 + mssIndex) mod 2^24)}.
     *
     * @param counter the minute counter in the top 8 bits of cookie − hash1 − clientIsn
     * @param ageMinutes minutes between the counter and the SYN-ACK's own minute (0 for a cookie made then)
     * @param hashCheck true when the low 24 bits minus hash2 leave an index into the MSS table
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Parts(long value, String hex, long clientIsn, long hash1, int counter, String counterMeans, int ageMinutes,
            Long hash2, Integer mssIndex, Integer mss, List<Integer> msstab, boolean hashCheck, String verdict, String formula) {}

    /**
     * The TSval of a cookie SYN-ACK: the ms clock with the client's options in its low 6 bits
     * (bits 0-3 wscale, 0xF = none; bit 4 SACK; bit 5 ECN), plus the connection's TS offset
     * (reference §0). {@code decoded*} are read after taking the offset off.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Timestamps(boolean present, Long wireTsVal, Long tsOffset, Long cookieTsVal, String wireLowBits,
            String decodedLowBits, Integer wscale, Boolean sack, Boolean ecn, String text) {}

    /** A 3rd ACK checked against the cookie as {@code cookie_v4_check} would at its arrival time. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AckCheck(long seq, long ack, long atMicros, boolean valid, int ageMinutes, Integer mssIndex, Integer mss,
            String reason, Timestamps echoed) {}
}
