package dev.handshakelab.core.tcp;

/**
 * What the two ends of one connection agreed on during the handshake, each item with the reason
 * in words a student understands.
 *
 * @param advertisedMss the MSS this endpoint put in its own SYN / SYN-ACK
 * @param peerMss the peer's MSS clamp (536 when it offered none)
 * @param sendMss the largest segment this endpoint will send: min(peer MSS, MTU − 40), at least
 *     {@code tcp_min_snd_mss}, minus 12 bytes when timestamps are on
 * @param windowScaling both SYNs carried window scale
 * @param sendShift the peer's shift: how this endpoint scales windows it receives
 *     ({@code snd_wscale})
 * @param receiveShift this endpoint's shift: how it scales windows it sends ({@code rcv_wscale})
 * @param synWindow the window field this endpoint puts in its SYN / SYN-ACK (never scaled)
 * @param cookie the server answered with a SYN cookie
 */
public record Negotiation(
        int advertisedMss, int peerMss, int sendMss, String mssReason,
        boolean windowScaling, int sendShift, int receiveShift, String windowScaleReason,
        boolean sack, String sackReason,
        boolean timestamps, String timestampsReason,
        int synWindow, String windowReason,
        boolean cookie) {

    /** One line: {@code mss 1460/1000 (send 988), wscale 7/7, SACK on, TS on, window 65160}. */
    public String summary() {
        return "MSS " + advertisedMss + " offered, peer " + peerMss + ", send " + sendMss
                + "; window scaling " + (windowScaling ? "on (send shift " + sendShift + ", receive shift " + receiveShift + ")" : "off")
                + "; SACK " + (sack ? "on" : "off")
                + "; timestamps " + (timestamps ? "on" : "off")
                + "; SYN window " + synWindow
                + (cookie ? "; via SYN cookie" : "");
    }
}
