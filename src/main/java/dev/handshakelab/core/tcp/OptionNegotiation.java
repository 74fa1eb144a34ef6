package dev.handshakelab.core.tcp;

import dev.handshakelab.core.profile.OptionLayout;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.wire.OptionList;
import dev.handshakelab.core.wire.TcpOption;
import java.util.List;

/**
 * The option and window arithmetic of the handshake: what a listener agrees to for a given
 * SYN ({@code tcp_conn_request}, {@code tcp_openreq_init}, {@code tcp_openreq_init_rwin}), the
 * SYN-ACK's option bytes ({@code tcp_synack_options}, {@code tcp_options_write}) and what an
 * active opener concludes from the SYN-ACK ({@code tcp_rcv_synsent_state_process}).
 */
public final class OptionNegotiation {

    /** {@code TCP_MSS_DEFAULT}: the clamp when an IPv4 peer sends no usable MSS. */
    public static final int DEFAULT_PEER_MSS_V4 = 536;
    /** IPV6_MIN_MTU − 20 − 40 ({@code tcp_request_sock_ipv6_ops.mss_clamp}). */
    public static final int DEFAULT_PEER_MSS_V6 = 1220;
    /** {@code TCPOLEN_TSTAMP_ALIGNED}: bytes a timestamp option costs every segment. */
    public static final int TS_ALIGNED = 12;

    private OptionNegotiation() {}

    /**
     * The listener's side of the agreement for one SYN.
     *
     * @param cookie the SYN-ACK is a SYN cookie; without timestamps a cookie cannot remember
     *     window scaling or SACK, so Linux clears them ({@code tcp_clear_options})
     */
    public static Negotiation passive(StackProfile profile, SynOptions syn, boolean ipv6, boolean cookie) {
        boolean cookieWithoutTs = cookie && !syn.timestamps();
        int advMss = profile.listenerMss(ipv6);
        int peerMss = listenerPeerMss(profile, syn, ipv6);
        if (cookie) {
            peerMss = SynCookies.mssOf(SynCookies.mssIndex(peerMss, ipv6), ipv6); // cookie_v4/v6_init_sequence's msstab
        }
        boolean ts = syn.timestamps();
        boolean wsOk = syn.windowScaleOk() && !cookieWithoutTs;
        return new Negotiation(advMss, peerMss, sendMss(profile, peerMss, ipv6, ts), wsOk, wsOk ? syn.peerShift() : 0,
                wsOk ? offeredShift(profile, ts, ipv6) : 0, syn.sackPermitted() && !cookieWithoutTs, ts,
                synWindow(profile, advMss, ts), cookie, n -> passiveReasons(profile, syn, ipv6, n));
    }

    /**
     * The client's MSS as the listener takes it ({@code mss_clamp}): its option, else the
     * family's default; a listener's {@code TCP_MAXSEG} lowers a larger one
     * ({@code tcp_parse_options}: "if (opt_rx->user_mss && opt_rx->user_mss < in_mss) in_mss = opt_rx->user_mss").
     */
    static int listenerPeerMss(StackProfile profile, SynOptions syn, boolean ipv6) {
        if (syn.mss() <= 0) {
            return ipv6 ? DEFAULT_PEER_MSS_V6 : DEFAULT_PEER_MSS_V4;
        }
        return profile.tcpMaxseg() > 0 ? Math.min(syn.mss(), profile.tcpMaxseg()) : syn.mss();
    }

    /** The student-facing reasons for {@link #passive}, built only when asked for. */
    private static String[] passiveReasons(StackProfile profile, SynOptions syn, boolean ipv6, Negotiation n) {
        int defaultMss = ipv6 ? DEFAULT_PEER_MSS_V6 : DEFAULT_PEER_MSS_V4;
        String mssWhy = syn.mss() > 0 ? "the client offered MSS " + syn.mss()
                : syn.mss() == SynOptions.ZERO ? "the client's MSS option says 0, which Linux ignores, so the default " + defaultMss + " applies"
                : syn.mss() == SynOptions.BAD_LENGTH ? "the client's MSS option has the wrong length and is ignored, so the default " + defaultMss + " applies"
                : "the client sent no MSS option, so the RFC 9293 §3.7.1 default " + defaultMss + " applies";
        if (n.cookie()) {
            mssWhy += "; the SYN cookie can only encode " + SynCookies.mssTable(ipv6).stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining("/")) + ", so it is rounded " + (n.peerMss() > listenerPeerMss(profile, syn, ipv6) ? "up" : "down")
                    + " to " + n.peerMss();
        }
        boolean ts = n.timestamps();
        if (profile.tcpMaxseg() > 0 && syn.mss() > profile.tcpMaxseg()) {
            mssWhy += ", lowered to the listener's TCP_MAXSEG " + profile.tcpMaxseg();
        }
        String mssReason = "server advertises " + n.advertisedMss() + " (MTU " + profile.mtu() + " − " + (ipv6 ? 60 : 40)
                + (profile.tcpMaxseg() > 0 && profile.tcpMaxseg() < profile.advertisedMss(ipv6) ? ", lowered by TCP_MAXSEG " + profile.tcpMaxseg() + " on the listener" : "")
                + ") whatever the client offers; " + mssWhy + "; server segments carry at most " + n.sendMss() + " bytes"
                + (ts ? " (12 bytes go to the timestamp option)" : "")
                + (Math.min(n.peerMss(), n.advertisedMss()) < profile.minSndMss() ? " (raised to tcp_min_snd_mss " + profile.minSndMss() + ")" : "");
        String wsReason;
        if (n.windowScaling()) {
            wsReason = "window scaling on: the client offered shift " + syn.wscale()
                    + (syn.wscale() > SynOptions.MAX_WSCALE ? " (above 14, treated as 14 as RFC 7323 §2.3 and Linux do)" : "")
                    + " and the server offers " + n.receiveShift() + " (log2 of tcp_rmem[2] " + profile.tcpRmemMax() + " − 15)";
        } else if (syn.wscale() == SynOptions.IGNORED_BY_SYSCTL || (!profile.windowScaling() && syn.wscale() == SynOptions.ABSENT)) {
            wsReason = "window scaling off: tcp_window_scaling is 0 on the server";
        } else if (syn.windowScaleOk()) {
            wsReason = "window scaling off: a SYN cookie without timestamps has no room to remember the client's shift";
        } else if (syn.wscale() == SynOptions.BAD_LENGTH) {
            wsReason = "window scaling off: the client's wscale option has the wrong length and is ignored";
        } else {
            wsReason = "window scaling off: the client did not offer window scale (RFC 7323 §2.2: both SYNs must carry it)";
        }
        String sackReason = n.sack() ? "SACK on: the client offered SACK-permitted and tcp_sack is 1"
                : syn.sackIgnored() ? "SACK off: tcp_sack is 0 on the server"
                : syn.sackPermitted() ? "SACK off: a SYN cookie without timestamps has no room to remember SACK"
                : "SACK off: the client did not offer SACK-permitted";
        String tsReason = ts ? "timestamps on: the client sent a TS option and tcp_timestamps is 1; TSecr echoes the client's TSval " + syn.tsVal()
                : syn.timestampsIgnored() ? "timestamps off: tcp_timestamps is 0 on the server"
                : "timestamps off: the client did not send a TS option";
        String windowReason = "SYN-ACK window " + n.synWindow() + ": tcp_rmem[1] " + profile.tcpRmemDefault()
                + " times the scaling ratio (" + profile.scalingRatioPercent() + " %) rounded down to a multiple of "
                + (n.advertisedMss() - (ts ? TS_ALIGNED : 0)) + (ts ? " (MSS minus 12 bytes of timestamps)" : " (the MSS)")
                + ", never scaled in a SYN-ACK (RFC 7323 §2.2)";
        return new String[] {mssReason, wsReason, sackReason, tsReason, windowReason};
    }

    /**
     * The active opener's conclusion from the SYN-ACK (RFC 7323 §1.3, RFC 2018 §2: an option
     * is in force only when both SYNs carried it).
     */
    public static Negotiation active(StackProfile profile, List<TcpOption> ourSyn, SynOptions synAck, int ourSynWindow, boolean ipv6) {
        SynOptions ours = SynOptions.parse(ourSyn, profile);
        int defaultMss = ipv6 ? DEFAULT_PEER_MSS_V6 : DEFAULT_PEER_MSS_V4;
        int peerMss = synAck.mss() > 0 ? synAck.mss() : defaultMss;
        boolean ts = ours.timestamps() && synAck.timestamps();
        boolean ws = ours.windowScaleOk() && synAck.windowScaleOk();
        boolean sack = ours.sackPermitted() && synAck.sackPermitted();
        int advMss = ours.mss() > 0 ? ours.mss() : defaultMss;
        return new Negotiation(advMss, peerMss, sendMss(profile, peerMss, ipv6, ts), ws, ws ? synAck.peerShift() : 0,
                ws ? ours.peerShift() : 0, sack, ts, ourSynWindow, false, n -> new String[] {
                    synAck.mss() > 0 ? "the server offered MSS " + synAck.mss() : "the SYN-ACK carried no MSS, so " + defaultMss + " applies",
                    ws ? "window scaling on: both SYNs carried window scale" : "window scaling off: " + (ours.windowScaleOk() ? "the SYN-ACK has no window scale" : "our SYN offered none"),
                    sack ? "SACK on: both SYNs carried SACK-permitted" : "SACK off: " + (ours.sackPermitted() ? "the SYN-ACK has no SACK-permitted" : "our SYN offered none"),
                    ts ? "timestamps on: both SYNs carried timestamps" : "timestamps off: " + (ours.timestamps() ? "the SYN-ACK has no TS option" : "our SYN offered none"),
                    "the window our SYN carried"});
    }

    /** {@code tcp_mtu_to_mss}: min(peer MSS, MTU − headers), at least tcp_min_snd_mss, less 12 with TS. */
    static int sendMss(StackProfile profile, int peerMss, boolean ipv6, boolean ts) {
        int mss = Math.min(peerMss, profile.advertisedMss(ipv6));
        mss = Math.max(mss, profile.minSndMss());
        return mss - (ts ? TS_ALIGNED : 0);
    }

    /**
     * The window scale this host offers, from {@code tcp_select_initial_window}:
     * space = max(rcv space, tcp_rmem[2], net.core.rmem_max), shift = clamp(ilog2(space) − 15, 0, 14).
     */
    public static int offeredShift(StackProfile profile, boolean ts, boolean ipv6) {
        long space = Math.max(initialSpace(profile, profile.advertisedMss(ipv6) - (ts ? TS_ALIGNED : 0)),
                Math.max(profile.tcpRmemMax(), profile.rmemMax()));
        space = Math.min(space, 65535L << SynOptions.MAX_WSCALE);
        int log2 = 63 - Long.numberOfLeadingZeros(space);
        return Math.max(0, Math.min(SynOptions.MAX_WSCALE, log2 - 15));
    }

    /**
     * The SYN-ACK window field, from {@code tcp_openreq_init_rwin} → {@code tcp_select_initial_window}:
     * space = tcp_full_space (receive buffer × scaling ratio), rounded down to a multiple of the
     * MSS less the timestamp bytes, then min(…, 65535) because a SYN's window is never scaled.
     */
    public static int synWindow(StackProfile profile, int advMss, boolean ts) {
        return (int) Math.min(initialSpace(profile, advMss - (ts ? TS_ALIGNED : 0)), 65535);
    }

    private static long initialSpace(StackProfile profile, int mss) {
        long space = (long) profile.tcpRmemDefault() * profile.scalingRatioPercent() / 100;
        space = Math.min(space, 65535L << SynOptions.MAX_WSCALE);
        if (space > mss) {
            space = space / mss * mss;
        }
        return space;
    }

    /**
     * The SYN-ACK's options in wire order for what was agreed.
     *
     * <p>{@link OptionLayout#LINUX} follows {@code tcp_options_write}: MSS; SACK-permitted packed
     * into the timestamp word ({@code sackOK,TS}) or {@code nop,nop,TS} without SACK, or
     * {@code nop,nop,sackOK} without TS; then {@code nop,wscale}. {@link OptionLayout#RFC_ALIGNED}
     * pads each option to 32 bits on its own (RFC 7323 Appendix A).
     */
    public static List<TcpOption> synAckOptions(OptionLayout layout, int mss, boolean sack, boolean ts, long tsVal,
                                                long tsEcr, boolean ws, int shift) {
        // an array of the exact size, which the OptionList takes over; an ArrayList handed to
        // TcpSegment (List.copyOf) took three arrays, List.of two
        int count = 1 + (ws ? 2 : 0) + (layout == OptionLayout.LINUX
                ? (ts ? (sack ? 2 : 3) : (sack ? 3 : 0))
                : (sack ? 3 : 0) + (ts ? 3 : 0));
        TcpOption[] out = new TcpOption[count];
        int n = 0;
        out[n++] = new TcpOption.MaxSegmentSize(mss);
        if (layout == OptionLayout.LINUX) {
            if (ts) {
                if (sack) {
                    out[n++] = TcpOption.SACK_PERMITTED;
                } else {
                    out[n++] = TcpOption.NOP;
                    out[n++] = TcpOption.NOP;
                }
                out[n++] = new TcpOption.Timestamps(tsVal, tsEcr);
            } else if (sack) {
                out[n++] = TcpOption.NOP;
                out[n++] = TcpOption.NOP;
                out[n++] = TcpOption.SACK_PERMITTED;
            }
            if (ws) {
                out[n++] = TcpOption.NOP;
                out[n++] = TcpOption.WindowScale.of(shift);
            }
        } else {
            if (ws) {
                out[n++] = TcpOption.NOP;
                out[n++] = TcpOption.WindowScale.of(shift);
            }
            if (sack) {
                out[n++] = TcpOption.NOP;
                out[n++] = TcpOption.NOP;
                out[n++] = TcpOption.SACK_PERMITTED;
            }
            if (ts) {
                out[n++] = TcpOption.NOP;
                out[n++] = TcpOption.NOP;
                out[n++] = new TcpOption.Timestamps(tsVal, tsEcr);
            }
        }
        return OptionList.adopt(out);
    }
}
