package dev.handshakelab.core.tcp;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.wire.TcpOption;
import java.util.List;

/**
 * What a SYN offered, as Linux's {@code tcp_parse_options} reads it for a SYN
 * ({@code th->syn && !estab}):
 * <ul>
 *   <li>parsing stops at EOL; NOPs are skipped;</li>
 *   <li>a known kind with the wrong length is ignored (the wire model keeps it as
 *       {@link TcpOption.Unknown});</li>
 *   <li>an MSS of 0 is ignored, so the clamp stays at the default 536;</li>
 *   <li>window scale, SACK-permitted and timestamps are only looked at when the matching sysctl
 *       is on; a shift above 14 is clamped to 14 ("Illegal window scaling value");</li>
 *   <li>a later copy of an option overrides an earlier one.</li>
 * </ul>
 *
 * @param mss the MSS value, or {@link #ABSENT}, {@link #ZERO} or {@link #BAD_LENGTH}
 * @param wscale the shift as sent (0..255), or {@link #ABSENT}, {@link #BAD_LENGTH}, or
 *     {@link #IGNORED_BY_SYSCTL}
 * @param sackPermitted sackOK seen and {@code tcp_sack} on
 * @param sackIgnored sackOK seen but {@code tcp_sack} off
 * @param timestamps TS option seen and {@code tcp_timestamps} on
 * @param timestampsIgnored TS seen but {@code tcp_timestamps} off
 * @param tsVal the SYN's TSval (0 when no TS)
 */
public record SynOptions(int mss, int wscale, boolean sackPermitted, boolean sackIgnored, boolean timestamps,
                         boolean timestampsIgnored, long tsVal) {

    public static final int ABSENT = -1;
    public static final int ZERO = -2;
    public static final int BAD_LENGTH = -3;
    public static final int IGNORED_BY_SYSCTL = -4;

    /** {@code TCP_MAX_WSCALE}. */
    public static final int MAX_WSCALE = 14;

    public static final SynOptions NONE = new SynOptions(ABSENT, ABSENT, false, false, false, false, 0);

    public static SynOptions parse(List<TcpOption> options, StackProfile profile) {
        int mss = ABSENT;
        int wscale = ABSENT;
        boolean sack = false;
        boolean sackIgnored = false;
        boolean ts = false;
        boolean tsIgnored = false;
        long tsVal = 0;
        for (int i = 0, n = options.size(); i < n; i++) {
            TcpOption o = options.get(i);
            if (o instanceof TcpOption.EndOfOptionList) {
                break;
            } else if (o instanceof TcpOption.MaxSegmentSize m) {
                mss = m.mss() == 0 ? (mss > 0 ? mss : ZERO) : m.mss();
            } else if (o instanceof TcpOption.WindowScale w) {
                wscale = profile.windowScaling() ? w.shift() : IGNORED_BY_SYSCTL;
            } else if (o instanceof TcpOption.SackPermitted) {
                sack |= profile.sack();
                sackIgnored |= !profile.sack();
            } else if (o instanceof TcpOption.Timestamps t) {
                if (profile.timestamps()) {
                    ts = true;
                    tsVal = t.tsVal();
                } else {
                    tsIgnored = true;
                }
            } else if (o instanceof TcpOption.Unknown u) {
                if (u.kind() == TcpOption.KIND_MSS && mss == ABSENT) mss = BAD_LENGTH;
                if (u.kind() == TcpOption.KIND_WINDOW_SCALE && wscale == ABSENT) wscale = BAD_LENGTH;
            }
        }
        return new SynOptions(mss, wscale, sack, sackIgnored, ts, tsIgnored, tsVal);
    }

    /** True when a usable window scale option was offered (and the sysctl allows it). */
    public boolean windowScaleOk() {
        return wscale >= 0;
    }

    /** The peer's shift as Linux uses it: clamped to 14. */
    public int peerShift() {
        return Math.min(wscale, MAX_WSCALE);
    }

    /** What a SYN cookie without timestamps keeps: only the MSS ({@code tcp_clear_options}). */
    public SynOptions clearedForCookie() {
        return new SynOptions(mss, ABSENT, false, false, false, false, 0);
    }
}
