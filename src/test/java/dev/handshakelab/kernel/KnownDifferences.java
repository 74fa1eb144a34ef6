package dev.handshakelab.kernel;

import java.util.Map;

/**
 * Scenarios where the simulated server is known to answer differently from Linux 6.18, with
 * why. They are listed, not hidden: each still runs, its diff is printed, and it must still
 * differ (a fixed one fails until it is taken off this list).
 */
final class KnownDifferences {

    /** Issue 18's "Windows in ACKs": the kernel's rounding of a scaled window. */
    static final String WINDOW_ROUNDED_UP = "the window of an ACK: Linux rounds the free space up to a multiple of 2^wscale "
            + "(__tcp_select_window: ALIGN(window, 1 << rcv_wscale)), so 64240 with wscale 7 goes out as 502; "
            + "the simulation rounds down to 501 (issue 18, Windows in ACKs)";
    /** Issue 18's "Timestamps": ts_recent is not carried into the child. */
    static final String TS_RECENT_NOT_ECHOED = "the TS ecr of an ACK after the handshake: Linux echoes ts_recent, the TS val "
            + "of the segment being acknowledged (tcp_replace_ts_recent), the simulation echoes 0 (issue 18, Timestamps)";

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("packetdrill/active-open", WINDOW_ROUNDED_UP),
            Map.entry("packetdrill/passive-open-all-options", TS_RECENT_NOT_ECHOED));

    private KnownDifferences() {}

    static String reason(String scenario) {
        return REASONS.get(scenario);
    }

    static Map<String, String> all() {
        return REASONS;
    }
}
