package dev.handshakelab.core.profile;

import dev.handshakelab.core.wire.TcpOption;
import java.util.List;
import java.util.Locale;

/**
 * What a simulated client's SYN looks like: the option order and values and the window of a
 * real operating system's first SYN on Ethernet (MSS 1460).
 *
 * <p>Option orders follow the p0f v3 SYN signature database ({@code p0f.fp}, Michal Zalewski):
 * Linux 3.11+ {@code mss,sok,ts,nop,ws}; Windows 7 and later {@code mss,nop,ws,nop,nop,sok}
 * with scale 8; Mac OS X / macOS {@code mss,nop,ws,nop,nop,ts,sok,eol+1} with window 65535.
 * The windows are Linux's 64240 (tcp_rmem[1] 131072, 50 % ratio, reference §3.5), Windows
 * 10/11's 64240 and macOS's 65535 with scale 6. The retransmission schedule of a simulated
 * client comes from the session's profile ({@code synRetries}, initial RTO), not from the preset.
 */
public enum ClientPreset {
    /** {@code mss 1460,sackOK,TS val V ecr 0,nop,wscale 7}, window 64240 (stock Linux 6.x). */
    LINUX(64240),
    /** {@code mss 1460,nop,wscale 8,nop,nop,sackOK}, window 64240 (Windows 10/11; no timestamps by default). */
    WINDOWS(64240),
    /** {@code mss 1460,nop,wscale 6,nop,nop,TS val V ecr 0,sackOK,eol}, window 65535. */
    MACOS(65535);

    private final int window;
    ClientPreset(int window) {
        this.window = window;
    }

    /** An Ethernet MTU's MSS over IPv4: 1500 − 20 − 20. */
    public static final int ETHERNET_MSS_V4 = 1460;
    /** An Ethernet MTU's MSS over IPv6: 1500 − 40 − 20 (what {@code tcp_v6_connect} offers at MTU 1500). */
    public static final int ETHERNET_MSS_V6 = 1440;

    /** The raw 16-bit window of the SYN (never scaled, RFC 7323 §2.2). */
    public int window() {
        return window;
    }

    /** The SYN's options in wire order; {@code tsVal} is the client's clock reading. */
    public List<TcpOption> synOptions(long tsVal) {
        return synOptions(tsVal, 7);
    }

    /**
     * The SYN's options with the Linux preset's window scale given: a Linux client offers what
     * {@code tcp_select_initial_window} derives from its own tcp_rmem[2] and rmem_max, as the
     * listener does (7 for stock 6.x, 8 with the packetdrill selftests' tcp_rmem); the other
     * presets keep their own systems' values.
     */
    public List<TcpOption> synOptions(long tsVal, int linuxShift) {
        return synOptions(tsVal, linuxShift, ETHERNET_MSS_V4);
    }

    /** As {@link #synOptions(long, int)} with the MSS option's value given (the connecting host's, from its MTU and family). */
    public List<TcpOption> synOptions(long tsVal, int linuxShift, int mssValue) {
        TcpOption mss = new TcpOption.MaxSegmentSize(mssValue);
        switch (this) {
            case LINUX:
                return List.of(mss, TcpOption.SACK_PERMITTED, new TcpOption.Timestamps(tsVal, 0),
                        TcpOption.NOP, new TcpOption.WindowScale(linuxShift));
            case WINDOWS:
                return List.of(mss, TcpOption.NOP, new TcpOption.WindowScale(8), TcpOption.NOP,
                        TcpOption.NOP, TcpOption.SACK_PERMITTED);
            default:
                return List.of(mss, TcpOption.NOP, new TcpOption.WindowScale(6), TcpOption.NOP,
                        TcpOption.NOP, new TcpOption.Timestamps(tsVal, 0), TcpOption.SACK_PERMITTED,
                        TcpOption.EOL);
        }
    }

    /** The preset for "linux", "windows" or "macos" (case-insensitive). */
    public static ClientPreset named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("preset must be one of linux, windows, macos; got '" + name + "'");
        }
    }
}
