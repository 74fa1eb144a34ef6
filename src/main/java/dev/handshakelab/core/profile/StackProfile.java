package dev.handshakelab.core.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named knobs a simulated TCP stack runs with: the sysctls and socket settings that decide
 * what a SYN-ACK looks like and how the handshake behaves under loss and load.
 *
 * <p>Three named profiles exist: {@link #linux()} (stock Linux 6.x, the default),
 * {@link #rfc9293()} (a textbook stack doing only what the RFCs require) and {@link #classic()}
 * (the textbook stack with RFC 1122's 3 s initial RTO). A lab overrides single knobs with the
 * {@code with...} methods; every value is validated and a bad one throws an
 * {@link IllegalArgumentException} that names the knob and its allowed range.
 *
 * @param name profile name shown to students
 * @param mtu interface MTU; the advertised MSS is MTU − 40 (IPv4) or MTU − 60 (IPv6), as
 *     {@code ipv4_default_advmss} derives it
 * @param tcpRmemMin {@code net.ipv4.tcp_rmem[0]}
 * @param tcpRmemDefault {@code net.ipv4.tcp_rmem[1]}: the listener's receive buffer, from which
 *     {@code tcp_full_space} and so the SYN-ACK window follow
 * @param tcpRmemMax {@code net.ipv4.tcp_rmem[2]}: with {@code rmemMax} it decides the offered
 *     window scale in {@code tcp_select_initial_window}
 * @param rmemMax {@code net.core.rmem_max}
 * @param scalingRatioPercent the part of the receive buffer offered as window
 *     ({@code tcp_win_from_space}; 50 % since the 2024 "increase the default TCP scaling
 *     ratio" patch)
 * @param timestamps {@code net.ipv4.tcp_timestamps} on (1) or off (0)
 * @param sack {@code net.ipv4.tcp_sack}
 * @param windowScaling {@code net.ipv4.tcp_window_scaling}
 * @param syncookies {@code net.ipv4.tcp_syncookies}: 0 never, 1 when the SYN queue is full, 2 always
 * @param synackRetries {@code net.ipv4.tcp_synack_retries}
 * @param synRetries {@code net.ipv4.tcp_syn_retries}
 * @param backlog the N of {@code listen(fd, N)}
 * @param somaxconn {@code net.core.somaxconn}
 * @param maxSynBacklog {@code net.ipv4.tcp_max_syn_backlog}: only used without syncookies, where
 *     the last quarter of it is kept for peers Linux has seen before (reference §3.7)
 * @param abortOnOverflow {@code net.ipv4.tcp_abort_on_overflow}
 * @param initialRtoMillis first SYN / SYN-ACK retransmission timeout ({@code TCP_TIMEOUT_INIT})
 * @param maxRtoMillis the backoff cap ({@code TCP_RTO_MAX})
 * @param minSndMss {@code net.ipv4.tcp_min_snd_mss}
 * @param acceptRate how often the server application calls {@code accept()}:
 *     {@link #ACCEPT_IMMEDIATELY}, 0 for never, or N calls per second
 * @param optionLayout how SYN-ACK options are laid out
 * @param synLinearTimeouts {@code net.ipv4.tcp_syn_linear_timeouts} (Linux 6.5+, default 4): the
 *     first N SYN retransmission timeouts of an active open do not back off, and SYN_SENT gets N
 *     retransmissions on top of {@code synRetries} ({@code tcp_retransmit_timer},
 *     {@code tcp_write_timeout}); 0 is the classic exponential schedule
 * @param invalidRatelimitMillis {@code net.ipv4.tcp_invalid_ratelimit} (default 500): at most one
 *     reply to invalid segments (dup ACKs to out-of-window segments, SYN-ACKs to retransmitted
 *     SYNs) per this many ms per socket ({@code __tcp_oow_rate_limited}); 0 never limits
 * @param ecn {@code net.ipv4.tcp_ecn}: 0 off, 1 request ECN on outgoing SYNs and accept it,
 *     2 accept it only (the default)
 * @param tcpMaxseg {@code setsockopt(TCP_MAXSEG)} on the listener ({@code rx_opt.user_mss}), 0
 *     when not set: the SYN-ACK offers min(interface MSS, this) ({@code tcp_mss_clamp}) and a
 *     client's larger MSS is clamped to it ({@code tcp_parse_options})
 * @param deferAcceptSeconds {@code setsockopt(TCP_DEFER_ACCEPT)} on the listener, 0 when not
 *     set: a bare third ACK is dropped and the request waits for data, for as many SYN-ACK
 *     retransmissions as cover this many seconds ({@code secs_to_retrans})
 * @param tcpFastopen {@code net.ipv4.tcp_fastopen}, a bit set (ip-sysctl.rst): 0x1 client, 0x2
 *     server, 0x4 client without a cookie, 0x200 server accepts data on a SYN without a cookie,
 *     0x400 every listener does Fast Open without {@code TCP_FASTOPEN}; Linux's default is 0x1
 * @param fastOpenQlen {@code setsockopt(TCP_FASTOPEN, qlen)} on the listener: how many Fast Open
 *     children may wait for their third ACK ({@code fastopenq.max_qlen}); 0 when not set
 */
public record StackProfile(
        String name,
        int mtu,
        int tcpRmemMin,
        int tcpRmemDefault,
        int tcpRmemMax,
        int rmemMax,
        int scalingRatioPercent,
        boolean timestamps,
        boolean sack,
        boolean windowScaling,
        int syncookies,
        int synackRetries,
        int synRetries,
        int backlog,
        int somaxconn,
        int maxSynBacklog,
        boolean abortOnOverflow,
        int initialRtoMillis,
        int maxRtoMillis,
        int minSndMss,
        int acceptRate,
        OptionLayout optionLayout,
        int synLinearTimeouts,
        int invalidRatelimitMillis,
        int ecn,
        int tcpMaxseg,
        int deferAcceptSeconds,
        int tcpFastopen,
        int fastOpenQlen) {

    /** {@link #acceptRate()} value: the application accepts each connection as it arrives. */
    public static final int ACCEPT_IMMEDIATELY = -1;

    public StackProfile {
        require("name", name != null && !name.isBlank(), "a non-empty name");
        range("mtu", mtu, 68, 65535);
        range("tcpRmem[0]", tcpRmemMin, 1, Integer.MAX_VALUE);
        range("tcpRmem[1]", tcpRmemDefault, tcpRmemMin, Integer.MAX_VALUE);
        range("tcpRmem[2]", tcpRmemMax, tcpRmemDefault, Integer.MAX_VALUE);
        range("rmemMax", rmemMax, 1, Integer.MAX_VALUE);
        range("scalingRatioPercent", scalingRatioPercent, 1, 100);
        range("syncookies", syncookies, 0, 2);
        range("synackRetries", synackRetries, 0, 255);
        range("synRetries", synRetries, 1, 127);
        range("backlog", backlog, 0, 1 << 24);
        range("somaxconn", somaxconn, 0, 1 << 24);
        range("maxSynBacklog", maxSynBacklog, 1, 1 << 24);
        range("initialRtoMillis", initialRtoMillis, 1, 120_000);
        range("maxRtoMillis", maxRtoMillis, initialRtoMillis, 600_000);
        range("minSndMss", minSndMss, 48, 4096);
        range("acceptRate", acceptRate, ACCEPT_IMMEDIATELY, 1_000_000);
        require("optionLayout", optionLayout != null, "LINUX or RFC_ALIGNED");
        range("synLinearTimeouts", synLinearTimeouts, 0, 127);
        range("invalidRatelimitMillis", invalidRatelimitMillis, 0, 3_600_000);
        range("ecn", ecn, 0, 2);
        if (tcpMaxseg != 0) {
            // do_tcp_setsockopt TCP_MAXSEG: "if (val && (val < TCP_MIN_MSS || val > MAX_TCP_WINDOW)) return -EINVAL"
            range("tcpMaxseg", tcpMaxseg, 88, 65535);
        }
        range("deferAcceptSeconds", deferAcceptSeconds, 0, 3600);
        range("tcpFastopen", tcpFastopen, 0, 0x7FF);
        range("fastOpenQlen", fastOpenQlen, 0, 1 << 24);
    }

    /**
     * Stock Linux 6.x (reference §3.11): MTU 1500, {@code tcp_rmem = 4096 131072 6291456},
     * {@code rmem_max = 212992}, timestamps / SACK / window scaling on, syncookies 1,
     * synack_retries 5, syn_retries 6, somaxconn 4096, abort_on_overflow 0, RTO 1 s .. 120 s.
     */
    public static StackProfile linux() {
        return new StackProfile("linux", 1500, 4096, 131072, 6291456, 212992, 50,
                true, true, true, 1, 5, 6, 4096, 4096, 1024, false, 1000, 120_000, 48,
                ACCEPT_IMMEDIATELY, OptionLayout.LINUX, 4, 500, 2, 0, 0, 1, 0);
    }

    /**
     * A textbook stack that does what the RFCs require and nothing Linux-specific:
     * <ul>
     *   <li>MSS option always sent (RFC 9293 §3.7.1 SHOULD), value MTU − 40;</li>
     *   <li>window scale, SACK-permitted and timestamps only when the SYN offered them
     *       (RFC 7323 §1.3/§3.2, RFC 2018 §2), laid out as RFC 7323 Appendix A suggests;</li>
     *   <li>no SYN cookies (RFC 4987 describes them as a mitigation, not a requirement);</li>
     *   <li>initial RTO 1 s (RFC 6298 §2.1), cap 60 s (RFC 6298 §2.5 allows a cap of at least
     *       60 s), 7 retries so that a SYN is retried for more than the 3 minutes RFC 1122
     *       §4.2.3.5 asks for R2 (1+2+4+8+16+32+60+60 = 183 s);</li>
     *   <li>a 64 KiB receive buffer offered whole (scaling ratio 100 %), so the SYN-ACK window is
     *       the largest multiple of the MSS below 65535 (64240), and a 1 MiB maximum buffer
     *       (window scale 5).</li>
     * </ul>
     */
    public static StackProfile rfc9293() {
        return new StackProfile("rfc9293", 1500, 4096, 65535, 1048576, 1048576, 100,
                true, true, true, 0, 7, 7, 128, 4096, 1024, false, 1000, 60_000, 48,
                ACCEPT_IMMEDIATELY, OptionLayout.RFC_ALIGNED, 0, 500, 2, 0, 0, 0, 0);
    }

    /** The textbook stack with RFC 1122 §4.2.3.1's initial RTO of 3 s that older courses teach. */
    public static StackProfile classic() {
        return rfc9293().withName("classic").withInitialRtoMillis(3000);
    }

    public static List<StackProfile> all() {
        return List.of(linux(), rfc9293(), classic());
    }

    /** The profile with that name, or an IllegalArgumentException listing the known ones. */
    public static StackProfile named(String name) {
        for (StackProfile p : all()) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("profile must be one of linux, rfc9293, classic; got '" + name + "'");
    }

    /** One sentence for the profile list shown to students. */
    public String description() {
        switch (name) {
            case "linux":
                return "Stock Linux 6.x: MSS 1460, wscale 7, SYN-ACK window 64240/65160, syncookies on overflow, SYN-ACK retries at 1/3/7/15/31 s, SYN retries 1 s apart 5 times then backing off";
            case "rfc9293":
                return "Textbook TCP: only what RFC 9293, 7323, 2018 and 6298 require; options padded one by one, no SYN cookies, RTO 1 s";
            case "classic":
                return "Textbook TCP with RFC 1122's 3 s initial retransmission timeout, as older course material teaches";
            default:
                return "Custom profile '" + name + "'";
        }
    }

    /** Advertised MSS on this interface (tcp_mss_clamp of dst_metric_advmss), capped at 65535 − header. */
    public int advertisedMss(boolean ipv6) {
        int headers = ipv6 ? 60 : 40;
        return Math.min(mtu, 65535) - headers;
    }

    /**
     * The MSS the listener offers: {@code tcp_mss_clamp(tp, dst_metric_advmss(dst))}, the
     * interface's, lowered by {@code TCP_MAXSEG} when that is set.
     */
    public int listenerMss(boolean ipv6) {
        int mss = advertisedMss(ipv6);
        return tcpMaxseg > 0 ? Math.min(mss, tcpMaxseg) : mss;
    }

    /** {@code sk_max_ack_backlog} = min(listen backlog, somaxconn) ({@code __sys_listen}). */
    public int maxAckBacklog() {
        return Math.min(backlog, somaxconn);
    }

    public long initialRtoMicros() {
        return initialRtoMillis * 1000L;
    }

    public long maxRtoMicros() {
        return maxRtoMillis * 1000L;
    }

    /** Knobs by the names the HTTP contract uses, for display. */
    public Map<String, Object> knobs() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mtu", mtu);
        m.put("tcpRmem", List.of(tcpRmemMin, tcpRmemDefault, tcpRmemMax));
        m.put("rmemMax", rmemMax);
        m.put("scalingRatioPercent", scalingRatioPercent);
        m.put("timestamps", timestamps);
        m.put("sack", sack);
        m.put("windowScaling", windowScaling);
        m.put("syncookies", syncookies);
        m.put("synackRetries", synackRetries);
        m.put("synRetries", synRetries);
        m.put("backlog", backlog);
        m.put("somaxconn", somaxconn);
        m.put("maxSynBacklog", maxSynBacklog);
        m.put("abortOnOverflow", abortOnOverflow);
        m.put("initialRtoMillis", initialRtoMillis);
        m.put("maxRtoMillis", maxRtoMillis);
        m.put("minSndMss", minSndMss);
        m.put("acceptRate", acceptRate);
        m.put("optionLayout", optionLayout.name());
        m.put("synLinearTimeouts", synLinearTimeouts);
        m.put("invalidRatelimitMillis", invalidRatelimitMillis);
        m.put("ecn", ecn);
        m.put("tcpMaxseg", tcpMaxseg);
        m.put("deferAcceptSeconds", deferAcceptSeconds);
        m.put("tcpFastopen", tcpFastopen);
        m.put("fastOpenQlen", fastOpenQlen);
        return m;
    }

    public StackProfile withName(String v) { return toBuilder().name(v).build(); }
    public StackProfile withMtu(int v) { return toBuilder().mtu(v).build(); }
    public StackProfile withTcpRmem(int min, int def, int max) { return toBuilder().tcpRmem(min, def, max).build(); }
    public StackProfile withRmemMax(int v) { return toBuilder().rmemMax(v).build(); }
    public StackProfile withTimestamps(boolean v) { return toBuilder().timestamps(v).build(); }
    public StackProfile withSack(boolean v) { return toBuilder().sack(v).build(); }
    public StackProfile withWindowScaling(boolean v) { return toBuilder().windowScaling(v).build(); }
    public StackProfile withSyncookies(int v) { return toBuilder().syncookies(v).build(); }
    public StackProfile withSynackRetries(int v) { return toBuilder().synackRetries(v).build(); }
    public StackProfile withSynRetries(int v) { return toBuilder().synRetries(v).build(); }
    public StackProfile withBacklog(int v) { return toBuilder().backlog(v).build(); }
    public StackProfile withSomaxconn(int v) { return toBuilder().somaxconn(v).build(); }
    public StackProfile withAbortOnOverflow(boolean v) { return toBuilder().abortOnOverflow(v).build(); }
    public StackProfile withInitialRtoMillis(int v) { return toBuilder().initialRtoMillis(v).build(); }
    public StackProfile withAcceptRate(int v) { return toBuilder().acceptRate(v).build(); }
    public StackProfile withSynLinearTimeouts(int v) { return toBuilder().synLinearTimeouts(v).build(); }
    public StackProfile withInvalidRatelimitMillis(int v) { return toBuilder().invalidRatelimitMillis(v).build(); }
    public StackProfile withEcn(int v) { return toBuilder().ecn(v).build(); }
    public StackProfile withMaxSynBacklog(int v) { return toBuilder().maxSynBacklog(v).build(); }
    public StackProfile withMinSndMss(int v) { return toBuilder().minSndMss(v).build(); }
    public StackProfile withTcpMaxseg(int v) { return toBuilder().tcpMaxseg(v).build(); }
    public StackProfile withDeferAcceptSeconds(int v) { return toBuilder().deferAcceptSeconds(v).build(); }
    public StackProfile withTcpFastopen(int v) { return toBuilder().tcpFastopen(v).build(); }
    public StackProfile withFastOpenQlen(int v) { return toBuilder().fastOpenQlen(v).build(); }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy of a profile; {@link #build()} validates. */
    public static final class Builder {
        private String name;
        private int mtu;
        private int tcpRmemMin;
        private int tcpRmemDefault;
        private int tcpRmemMax;
        private int rmemMax;
        private int scalingRatioPercent;
        private boolean timestamps;
        private boolean sack;
        private boolean windowScaling;
        private int syncookies;
        private int synackRetries;
        private int synRetries;
        private int backlog;
        private int somaxconn;
        private int maxSynBacklog;
        private boolean abortOnOverflow;
        private int initialRtoMillis;
        private int maxRtoMillis;
        private int minSndMss;
        private int acceptRate;
        private OptionLayout optionLayout;
        private int synLinearTimeouts;
        private int invalidRatelimitMillis;
        private int ecn;
        private int tcpMaxseg;
        private int deferAcceptSeconds;
        private int tcpFastopen;
        private int fastOpenQlen;

        private Builder(StackProfile p) {
            name = p.name;
            mtu = p.mtu;
            tcpRmemMin = p.tcpRmemMin;
            tcpRmemDefault = p.tcpRmemDefault;
            tcpRmemMax = p.tcpRmemMax;
            rmemMax = p.rmemMax;
            scalingRatioPercent = p.scalingRatioPercent;
            timestamps = p.timestamps;
            sack = p.sack;
            windowScaling = p.windowScaling;
            syncookies = p.syncookies;
            synackRetries = p.synackRetries;
            synRetries = p.synRetries;
            backlog = p.backlog;
            somaxconn = p.somaxconn;
            maxSynBacklog = p.maxSynBacklog;
            abortOnOverflow = p.abortOnOverflow;
            initialRtoMillis = p.initialRtoMillis;
            maxRtoMillis = p.maxRtoMillis;
            minSndMss = p.minSndMss;
            acceptRate = p.acceptRate;
            optionLayout = p.optionLayout;
            synLinearTimeouts = p.synLinearTimeouts;
            invalidRatelimitMillis = p.invalidRatelimitMillis;
            ecn = p.ecn;
            tcpMaxseg = p.tcpMaxseg;
            deferAcceptSeconds = p.deferAcceptSeconds;
            tcpFastopen = p.tcpFastopen;
            fastOpenQlen = p.fastOpenQlen;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder mtu(int v) { mtu = v; return this; }
        public Builder tcpRmem(int min, int def, int max) { tcpRmemMin = min; tcpRmemDefault = def; tcpRmemMax = max; return this; }
        public Builder rmemMax(int v) { rmemMax = v; return this; }
        public Builder scalingRatioPercent(int v) { scalingRatioPercent = v; return this; }
        public Builder timestamps(boolean v) { timestamps = v; return this; }
        public Builder sack(boolean v) { sack = v; return this; }
        public Builder windowScaling(boolean v) { windowScaling = v; return this; }
        public Builder syncookies(int v) { syncookies = v; return this; }
        public Builder synackRetries(int v) { synackRetries = v; return this; }
        public Builder synRetries(int v) { synRetries = v; return this; }
        public Builder backlog(int v) { backlog = v; return this; }
        public Builder somaxconn(int v) { somaxconn = v; return this; }
        public Builder maxSynBacklog(int v) { maxSynBacklog = v; return this; }
        public Builder abortOnOverflow(boolean v) { abortOnOverflow = v; return this; }
        public Builder initialRtoMillis(int v) { initialRtoMillis = v; return this; }
        public Builder maxRtoMillis(int v) { maxRtoMillis = v; return this; }
        public Builder minSndMss(int v) { minSndMss = v; return this; }
        public Builder acceptRate(int v) { acceptRate = v; return this; }
        public Builder optionLayout(OptionLayout v) { optionLayout = v; return this; }
        public Builder synLinearTimeouts(int v) { synLinearTimeouts = v; return this; }
        public Builder invalidRatelimitMillis(int v) { invalidRatelimitMillis = v; return this; }
        public Builder ecn(int v) { ecn = v; return this; }
        public Builder tcpMaxseg(int v) { tcpMaxseg = v; return this; }
        public Builder deferAcceptSeconds(int v) { deferAcceptSeconds = v; return this; }
        public Builder tcpFastopen(int v) { tcpFastopen = v; return this; }
        public Builder fastOpenQlen(int v) { fastOpenQlen = v; return this; }

        public StackProfile build() {
            return new StackProfile(name, mtu, tcpRmemMin, tcpRmemDefault, tcpRmemMax, rmemMax,
                    scalingRatioPercent, timestamps, sack, windowScaling, syncookies, synackRetries,
                    synRetries, backlog, somaxconn, maxSynBacklog, abortOnOverflow, initialRtoMillis,
                    maxRtoMillis, minSndMss, acceptRate, optionLayout, synLinearTimeouts, invalidRatelimitMillis, ecn,
                    tcpMaxseg, deferAcceptSeconds, tcpFastopen, fastOpenQlen);
        }
    }

    private static void range(String knob, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(knob + " must be between " + min + " and " + max + "; got " + value);
        }
    }

    private static void require(String knob, boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(knob + " must be " + what);
        }
    }
}
