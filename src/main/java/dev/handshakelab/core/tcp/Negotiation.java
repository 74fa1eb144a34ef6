package dev.handshakelab.core.tcp;

import java.util.Objects;

/**
 * What the two ends of one connection agreed on during the handshake, each item with the reason
 * in words a student understands.
 *
 * <p>The numbers are computed at once; the reason sentences only when first asked for, so a
 * handshake that nobody inspects (a SYN flood, a benchmark) builds no strings.
 */
public final class Negotiation {

    /** Writes the reasons (MSS, window scale, SACK, timestamps, window) for a finished negotiation. */
    @FunctionalInterface
    interface Explainer {
        String[] explain(Negotiation n);
    }

    private final int advertisedMss;
    private final int peerMss;
    private final int sendMss;
    private final boolean windowScaling;
    private final int sendShift;
    private final int receiveShift;
    private final boolean sack;
    private final boolean timestamps;
    private final int synWindow;
    private final boolean cookie;
    private final Explainer explainer;
    private String[] reasons;

    Negotiation(int advertisedMss, int peerMss, int sendMss, boolean windowScaling, int sendShift, int receiveShift,
                boolean sack, boolean timestamps, int synWindow, boolean cookie, Explainer explainer) {
        this.advertisedMss = advertisedMss;
        this.peerMss = peerMss;
        this.sendMss = sendMss;
        this.windowScaling = windowScaling;
        this.sendShift = sendShift;
        this.receiveShift = receiveShift;
        this.sack = sack;
        this.timestamps = timestamps;
        this.synWindow = synWindow;
        this.cookie = cookie;
        this.explainer = explainer;
    }

    /** The MSS this endpoint put in its own SYN / SYN-ACK. */
    public int advertisedMss() { return advertisedMss; }
    /** The peer's MSS clamp (536 when it offered none). */
    public int peerMss() { return peerMss; }
    /**
     * The largest segment this endpoint will send: min(peer MSS, MTU − 40), at least
     * {@code tcp_min_snd_mss}, minus 12 bytes when timestamps are on.
     */
    public int sendMss() { return sendMss; }
    /** Both SYNs carried window scale. */
    public boolean windowScaling() { return windowScaling; }
    /** The peer's shift: how this endpoint scales windows it receives ({@code snd_wscale}). */
    public int sendShift() { return sendShift; }
    /** This endpoint's shift: how it scales windows it sends ({@code rcv_wscale}). */
    public int receiveShift() { return receiveShift; }
    public boolean sack() { return sack; }
    public boolean timestamps() { return timestamps; }
    /** The window field this endpoint puts in its SYN / SYN-ACK (never scaled). */
    public int synWindow() { return synWindow; }
    /** The server answered with a SYN cookie. */
    public boolean cookie() { return cookie; }

    private String[] reasons() {
        if (reasons == null) {
            reasons = explainer.explain(this);
        }
        return reasons;
    }

    public String mssReason() { return reasons()[0]; }
    public String windowScaleReason() { return reasons()[1]; }
    public String sackReason() { return reasons()[2]; }
    public String timestampsReason() { return reasons()[3]; }
    public String windowReason() { return reasons()[4]; }

    /** One line: MSS, window scaling, SACK, timestamps, SYN window. */
    public String summary() {
        return "MSS " + advertisedMss + " offered, peer " + peerMss + ", send " + sendMss
                + "; window scaling " + (windowScaling ? "on (send shift " + sendShift + ", receive shift " + receiveShift + ")" : "off")
                + "; SACK " + (sack ? "on" : "off")
                + "; timestamps " + (timestamps ? "on" : "off")
                + "; SYN window " + synWindow
                + (cookie ? "; via SYN cookie" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Negotiation n && advertisedMss == n.advertisedMss && peerMss == n.peerMss && sendMss == n.sendMss
                && windowScaling == n.windowScaling && sendShift == n.sendShift && receiveShift == n.receiveShift
                && sack == n.sack && timestamps == n.timestamps && synWindow == n.synWindow && cookie == n.cookie;
    }

    @Override
    public int hashCode() {
        return Objects.hash(advertisedMss, peerMss, sendMss, windowScaling, sendShift, receiveShift, sack, timestamps, synWindow, cookie);
    }

    @Override
    public String toString() {
        return summary() + " | " + String.join(" | ", reasons());
    }
}
