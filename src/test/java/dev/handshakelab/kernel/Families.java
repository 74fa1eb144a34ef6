package dev.handshakelab.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Differential scenarios generated in families, in packetdrill's syntax: every combination of
 * the SYN's options, MSS and window-scale values, the sysctls that shape a SYN-ACK, the RST
 * rules for closed ports, listeners and half-open requests, the SYN-ACK retransmission schedule,
 * the queues and SYN cookies, and the active open. Outbound lines are written {@code <...>}: they
 * only say when to look, and what each stack sent is compared with the other; an inbound
 * {@code TS ecr N} echoes the first TS val the stack sent plus N.
 */
final class Families {

    private static final String ORIGIN = "generated in Families.java";
    private static final String SYN_ACK = "+0 > S. 0:0(0) ack 1 <...>";

    private Families() {}

    static List<Scenario> all() {
        List<Scenario> out = new ArrayList<>();
        out.addAll(optionCombinations());
        out.addAll(mssValues());
        out.addAll(windowScales());
        out.addAll(sysctls());
        out.addAll(closedPort());
        out.addAll(listenerRules());
        out.addAll(synRecvRules());
        out.addAll(synackSchedule());
        out.addAll(queues());
        out.addAll(activeOpen());
        out.addAll(secondWave());
        out.addAll(fastOpen());
        out.addAll(ipv6(List.copyOf(out)));
        out.addAll(icmp(false));
        out.addAll(icmp(true));
        return out;
    }

    private static Scenario.Builder scenario(String name) {
        return new Scenario.Builder(name, ORIGIN);
    }

    /** The options a Linux client would send for the chosen features, in Linux's order (tcp_options_write). */
    static String synOptions(Integer mss, boolean sack, boolean ts, Integer wscale) {
        List<String> o = new ArrayList<>();
        if (mss != null) {
            o.add("mss " + mss);
        }
        if (sack && ts) {
            o.add("sackOK,TS val 100 ecr 0");
        } else if (ts) {
            o.add("nop,nop,TS val 100 ecr 0");
        } else if (sack) {
            o.add("nop,nop,sackOK");
        }
        if (wscale != null) {
            o.add("nop,wscale " + wscale);
        }
        return o.isEmpty() ? "" : " <" + String.join(",", o) + ">";
    }

    /** SYN, SYN-ACK, third ACK, accept(); with {@code data}, 100 bytes acknowledged and read. */
    private static Scenario.Builder handshake(Scenario.Builder b, String synOptions, boolean ts, boolean data) {
        String tsAck = ts ? " <nop,nop,TS val 110 ecr 0>" : "";
        b.line("+0 < S 0:0(0) win 64240" + synOptions).line(SYN_ACK)
                .line("+.01 < . 1:1(0) ack 1 win 502" + tsAck)
                .line("+0 accept(3, ..., ...) = 4");
        if (data) {
            b.line("+.01 < P. 1:101(100) ack 1 win 502" + (ts ? " <nop,nop,TS val 120 ecr 0>" : ""))
                    .line("+0 > . 1:1(0) ack 101 <...>")
                    .line("+0 read(4, ..., 1000) = 100");
        }
        return b;
    }

    // ---------------------------------------------------------------- options

    /** All 16 subsets of {MSS, SACK-permitted, timestamps, window scale} on the SYN. */
    static List<Scenario> optionCombinations() {
        List<Scenario> out = new ArrayList<>();
        for (int bits = 0; bits < 16; bits++) {
            boolean mss = (bits & 1) != 0;
            boolean sack = (bits & 2) != 0;
            boolean ts = (bits & 4) != 0;
            boolean ws = (bits & 8) != 0;
            String name = "options/" + (mss ? "mss" : "") + (sack ? "+sack" : "") + (ts ? "+ts" : "") + (ws ? "+wscale" : "");
            name = name.replace("/+", "/");
            if (bits == 0) {
                name = "options/none";
            }
            String opts = synOptions(mss ? 1460 : null, sack, ts, ws ? 7 : null);
            out.add(handshake(scenario(name).listener(8), opts, ts, false).build());
        }
        // the same with data on the connection: the window and TS ecr of an established ACK
        out.add(handshake(scenario("options/data-none").listener(8), "", false, true).build());
        out.add(handshake(scenario("options/data-mss+sack+wscale").listener(8), synOptions(1460, true, false, 7), false, true).build());
        out.add(handshake(scenario("options/data-all").listener(8), synOptions(1460, true, true, 7), true, true).build());
        out.add(handshake(scenario("options/data-mss+ts").listener(8), synOptions(1460, false, true, null), true, true).build());
        return out;
    }

    /** MSS values on the SYN, from 0 (ignored) and below the kernel's floor to a jumbo frame's and the largest. */
    static List<Scenario> mssValues() {
        List<Scenario> out = new ArrayList<>();
        for (int mss : new int[] {0, 48, 88, 536, 1000, 1440, 1460, 1500, 8960, 65535}) {
            out.add(handshake(scenario("mss/" + mss).listener(8), synOptions(mss, true, false, 7), false, false).build());
        }
        // a jumbo frame's MTU: the window clamp keeps one advmss in reserve (tcp_init_buffer_space)
        out.add(handshake(scenario("mss/client-1460").listener(8), synOptions(1460, true, true, 7), true, true).build().withMtu(9000));
        return out;
    }

    /** Window-scale shifts on the SYN: none, small, Linux's, the largest (14) and beyond it (15, clamped to 14 by RFC 7323 section 2.3). */
    static List<Scenario> windowScales() {
        List<Scenario> out = new ArrayList<>();
        for (int ws : new int[] {0, 1, 7, 14, 15}) {
            out.add(handshake(scenario("wscale/" + ws).listener(8), synOptions(1460, true, false, ws), false, false).build());
        }
        return out;
    }

    /** The sysctls that change what a SYN-ACK offers. */
    static List<Scenario> sysctls() {
        String all = synOptions(1460, true, true, 7);
        List<Scenario> out = new ArrayList<>();
        out.add(handshake(scenario("sysctl/tcp_timestamps=0").listener(8, "net.ipv4.tcp_timestamps=0"), all, false, false).build());
        out.add(handshake(scenario("sysctl/tcp_sack=0").listener(8, "net.ipv4.tcp_sack=0"), all, true, false).build());
        out.add(handshake(scenario("sysctl/tcp_window_scaling=0").listener(8, "net.ipv4.tcp_window_scaling=0"), all, true, false).build());
        out.add(handshake(scenario("sysctl/tcp_rmem-small").listener(8, "net.ipv4.tcp_rmem='4096 16384 65536'"), all, true, false).build());
        out.add(handshake(scenario("sysctl/tcp_rmem-large").listener(8, "net.ipv4.tcp_rmem='4096 262144 16777216'"), all, true, false).build());
        out.add(handshake(scenario("sysctl/tcp_rmem-no-timestamps").listener(8, "net.ipv4.tcp_rmem='4096 87380 6291456'"),
                synOptions(1460, true, false, 7), false, true).build());
        return out;
    }

    // ---------------------------------------------------------------- RST rules

    /** Segments to a port nobody listens on: tcp_v4_send_reset's seq and ack rules (RFC 9293 section 3.10.7.1). */
    static List<Scenario> closedPort() {
        List<Scenario> out = new ArrayList<>();
        String[][] cases = {
                {"syn", "0 < S 300:300(0) win 1000 <mss 1460>"},
                {"syn-with-data", "0 < S 300:310(10) win 1000"},
                {"ack", "0 < . 1:1(0) ack 777 win 1000"},
                {"data-with-ack", "0 < P. 1:101(100) ack 55 win 1000"},
                {"data-without-ack", "0 < P 500:600(100) win 1000"},
                {"fin-ack", "0 < F. 1:1(0) ack 99 win 1000"},
                {"fin-without-ack", "0 < F 40:40(0) win 1000"},
                {"syn-ack", "0 < S. 300:300(0) ack 1234 win 1000 <mss 1460>"},
                {"rst", "0 < R 1:1(0) win 0"},
                {"rst-ack", "0 < R. 1:1(0) ack 5 win 0"},
                {"no-flags", "0 < - 20:20(0) win 1000"},
        };
        for (String[] c : cases) {
            out.add(scenario("closed-port/" + c[0]).line(c[1]).line("+0 > R 0:0(0) <...>").build());
        }
        return out;
    }

    /** Segments that reach a listener without a request: tcp_rcv_state_process in LISTEN. */
    static List<Scenario> listenerRules() {
        List<Scenario> out = new ArrayList<>();
        String[][] cases = {
                {"ack", "+0 < . 1:1(0) ack 1 win 502"},
                {"syn-ack", "+0 < S. 0:0(0) ack 1 win 502"},
                {"rst", "+0 < R 1:1(0) win 0"},
                {"fin", "+0 < F 1:1(0) win 502"},
                {"data-without-ack", "+0 < P 1:11(10) win 502"},
                {"syn-fin", "+0 < SF 0:0(0) win 502"},
                {"syn-rst", "+0 < SR 0:0(0) win 502"},
        };
        for (String syncookies : new String[] {"0", "1"}) {
            for (String[] c : cases) {
                out.add(scenario("listener/" + c[0] + "-syncookies=" + syncookies)
                        .listener(8, "net.ipv4.tcp_syncookies=" + syncookies)
                        .line(c[1]).line("+0 > R 0:0(0) <...>")
                        .line("+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)").build());
            }
        }
        return out;
    }

    /** Segments that reach a request in SYN_RECEIVED: tcp_check_req. */
    static List<Scenario> synRecvRules() {
        List<Scenario> out = new ArrayList<>();
        String[][] cases = {
                {"ack-too-high", "+.01 < . 1:1(0) ack 5000 win 502"},
                {"ack-too-low", "+.01 < . 1:1(0) ack 0 win 502"},
                {"ack-seq-beyond-window", "+.01 < . 200000:200000(0) ack 1 win 502"},
                {"ack-seq-before-window", "+.01 < . 4294960000:4294960000(0) ack 1 win 502"},
                {"rst-beyond-window", "+.01 < R 200000:200000(0) win 0"},
                {"rst-ack-exact", "+.01 < R. 1:1(0) ack 1 win 0"},
                {"syn-other-seq-in-window", "+.01 < S 5:5(0) win 64240 <mss 1460>"},
                {"syn-other-seq-before-window", "+.01 < S 4294960000:4294960000(0) win 64240 <mss 1460>"},
                {"syn-ack-from-client", "+.01 < S. 0:0(0) ack 1 win 64240 <mss 1460>"},
                {"fin-without-ack", "+.01 < F 1:1(0) win 502"},
        };
        for (String[] c : cases) {
            out.add(scenario("syn-recv/" + c[0]).listener(8, "net.ipv4.tcp_syncookies=0")
                    .line("+0 < S 0:0(0) win 64240 <mss 1460>").line(SYN_ACK)
                    .line(c[1]).line("+0 > R 0:0(0) <...>")
                    .line("+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)")
                    // what is left of the request: a good third ACK completes it, or is reset
                    .line("+.05 < . 1:1(0) ack 1 win 502").line("+0 > . 0:0(0) <...>")
                    .line("+0 accept(3, ..., ...) = 4").build());
        }
        return out;
    }

    // ---------------------------------------------------------------- timers, queues, cookies

    /** reqsk_timer_handler with few retries, so that the whole schedule fits in seconds. */
    static List<Scenario> synackSchedule() {
        List<Scenario> out = new ArrayList<>();
        out.add(scenario("synack/retries-0").listener(8, "net.ipv4.tcp_synack_retries=0", "net.ipv4.tcp_syncookies=0")
                .line("+0 < S 0:0(0) win 64240 <mss 1460>").line(SYN_ACK)
                .line("1.3 < . 1:1(0) ack 1 win 502").line("+0 > R 0:0(0) <...>").build());
        out.add(scenario("synack/retries-1").listener(8, "net.ipv4.tcp_synack_retries=1", "net.ipv4.tcp_syncookies=0")
                .line("+0 < S 0:0(0) win 64240 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>").line(SYN_ACK)
                .line("1 > S. 0:0(0) ack 1 <...>")
                .line("3.3 < . 1:1(0) ack 1 win 502 <nop,nop,TS val 3400 ecr 0>").line("+0 > R 0:0(0) <...>").build());
        out.add(scenario("synack/retries-2").listener(8, "net.ipv4.tcp_synack_retries=2", "net.ipv4.tcp_syncookies=0")
                .line("+0 < S 0:0(0) win 64240 <mss 1460>").line(SYN_ACK)
                .line("1 > S. 0:0(0) ack 1 <...>").line("3 > S. 0:0(0) ack 1 <...>")
                .line("3.2 < . 1:1(0) ack 1 win 502").line("+0 > . 0:0(0) <...>")
                .line("+0 accept(3, ..., ...) = 4").build());
        out.add(scenario("synack/late-ack-after-cookie-check").listener(8, "net.ipv4.tcp_synack_retries=0")
                .line("+0 < S 0:0(0) win 64240 <mss 1460>").line(SYN_ACK)
                .line("1.3 < . 1:1(0) ack 1 win 502").line("+0 > R 0:0(0) <...>")
                .line("+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)").build());
        return out;
    }

    private static void syn(Scenario.Builder b, int client, String time) {
        b.line(client, time + " < S 0:0(0) win 64240 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>");
    }

    private static void thirdAck(Scenario.Builder b, int client, String time) {
        b.line(client, time + " < . 1:1(0) ack 1 win 502 <nop,nop,TS val 120 ecr 0>");
    }

    /** The accept queue (sk_acceptq_is_full), the SYN queue (inet_csk_reqsk_queue_is_full) and cookies. */
    static List<Scenario> queues() {
        List<Scenario> out = new ArrayList<>();
        // backlog 0 still takes one connection (ack_backlog > max_ack_backlog), the second SYN is dropped
        Scenario.Builder b = scenario("queue/backlog-0").listener(0);
        syn(b, 0, "+0");
        thirdAck(b, 0, "+.01");
        syn(b, 1, "+.01");
        b.line("+0 accept(3, ..., ...) = 4");
        syn(b, 2, "+.01");
        out.add(b.build());
        for (String abort : new String[] {"0", "1"}) {
            b = scenario("queue/accept-queue-full-abort_on_overflow=" + abort).listener(1, "net.ipv4.tcp_abort_on_overflow=" + abort);
            syn(b, 0, "+0");
            syn(b, 1, "+0");
            syn(b, 2, "+0");
            thirdAck(b, 0, "+.01");
            thirdAck(b, 1, "+.01");
            thirdAck(b, 2, "+.01");
            b.line("+.01 accept(3, ..., ...) = 4");
            out.add(b.build());
        }
        b = scenario("queue/somaxconn-caps-backlog").listener(100, "net.core.somaxconn=1");
        for (int c = 0; c < 3; c++) {
            syn(b, c, "+0");
            thirdAck(b, c, "+.01");
        }
        out.add(b.build());
        // a full SYN queue: dropped without cookies, answered with a cookie with them
        for (String cookies : new String[] {"0", "1"}) {
            b = scenario("queue/syn-queue-full-syncookies=" + cookies).listener(2, "net.ipv4.tcp_syncookies=" + cookies);
            for (int c = 0; c < 4; c++) {
                syn(b, c, "+0");
            }
            // the queued requests' SYN-ACKs are resent at 1 s; a cookie's is not
            b.line("1.2 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)");
            thirdAck(b, 3, "+0");
            out.add(b.build());
        }
        b = scenario("queue/tcp_max_syn_backlog-without-cookies").listener(128, "net.ipv4.tcp_syncookies=0", "net.ipv4.tcp_max_syn_backlog=4");
        for (int c = 0; c < 6; c++) {
            syn(b, c, "+0");
        }
        out.add(b.build());
        b = scenario("queue/syncookies=2-every-syn").listener(8, "net.ipv4.tcp_syncookies=2");
        syn(b, 0, "+0");
        syn(b, 1, "+0");
        b.line(1, "+0 < S 0:0(0) win 64240 <mss 1000,nop,nop,sackOK>");
        b.line("1.2 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)");
        thirdAck(b, 0, "+0");
        b.line("+.01 accept(3, ..., ...) = 4");
        out.add(b.build());
        b = scenario("queue/syncookies=2-mss-table").listener(8, "net.ipv4.tcp_syncookies=2");
        int client = 0;
        for (int mss : new int[] {536, 1200, 1440, 8960}) {
            b.line(client, "+0 < S 0:0(0) win 64240 <mss " + mss + ",sackOK,TS val 100 ecr 0,nop,wscale 7>");
            client++;
        }
        out.add(b.build());
        b = scenario("queue/syncookies=2-bad-cookie").listener(8, "net.ipv4.tcp_syncookies=2");
        syn(b, 0, "+0");
        b.line("+.01 < . 1:1(0) ack 12345 win 502 <nop,nop,TS val 120 ecr 0>");
        b.line("+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)");
        out.add(b.build());
        return out;
    }

    // ---------------------------------------------------------------- active open

    static List<Scenario> activeOpen() {
        List<Scenario> out = new ArrayList<>();
        String connect = "0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n"
                + "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
                + "+0 > S 0:0(0) <...>";
        String[][] answers = {
                {"synack-no-options", "+.02 < S. 500:500(0) ack 1 win 65535"},
                {"synack-mss-only", "+.02 < S. 500:500(0) ack 1 win 65535 <mss 1400>"},
                {"synack-no-timestamps", "+.02 < S. 500:500(0) ack 1 win 65535 <mss 1460,nop,nop,sackOK,nop,wscale 9>"},
                {"synack-bad-ack", "+.02 < S. 500:500(0) ack 99 win 65535 <mss 1460>"},
                {"rst-without-ack", "+.02 < R 500:500(0) win 0"},
                {"ack-without-syn", "+.02 < . 500:500(0) ack 1 win 65535"},
        };
        for (String[] a : answers) {
            out.add(Scenario.ofScript("active-open/" + a[0], ORIGIN, connect + "\n" + a[1] + "\n+0 > . 0:0(0) <...>\n"
                    + "+.01 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0\n"));
        }
        out.add(Scenario.ofScript("active-open/syn-retransmissions", ORIGIN, connect + "\n1 > S 0:0(0) <...>\n3.2 > S 0:0(0) <...>\n"));
        return out;
    }

    // ---------------------------------------------------------------- issue 18's second wave

    /** A listener with one socket option set before bind() and listen(fd, 8), after optional sysctls. */
    private static Scenario.Builder listenerWith(String name, String option, int value, String... sysctls) {
        Scenario.Builder b = scenario(name);
        for (String s : sysctls) {
            b.line("`sysctl -q " + s + "`");
        }
        return b.line("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3")
                .line("+0 setsockopt(3, IPPROTO_TCP, " + option + ", [" + value + "], 4) = 0")
                .line("+0 bind(3, ..., ...) = 0").line("+0 listen(3, 8) = 0");
    }

    static List<Scenario> secondWave() {
        List<Scenario> out = new ArrayList<>();
        String all = synOptions(1460, true, true, 7);
        out.add(scenario("wave2/data-on-third-ack").listener(8)
                .line("+0 < S 0:0(0) win 64240" + all).line(SYN_ACK)
                .line("+.01 < P. 1:51(50) ack 1 win 502 <nop,nop,TS val 110 ecr 0>").line("+0 > . 1:1(0) ack 51 <...>")
                .line("+0 accept(3, ..., ...) = 4").line("+0 read(4, ..., 1000) = 50").build());
        out.add(scenario("wave2/fin-on-third-ack").listener(8)
                .line("+0 < S 0:0(0) win 64240" + all).line(SYN_ACK)
                .line("+.01 < F. 1:1(0) ack 1 win 502 <nop,nop,TS val 110 ecr 0>").line("+0 > . 1:1(0) ack 2 <...>")
                .line("+0 accept(3, ..., ...) = 4").line("+0 read(4, ..., 1000) = 0").build());
        out.add(scenario("wave2/data-on-third-ack-no-options").listener(8)
                .line("+0 < S 0:0(0) win 64240").line(SYN_ACK)
                .line("+.01 < P. 1:101(100) ack 1 win 502").line("+0 > . 1:1(0) ack 101 <...>")
                .line("+0 accept(3, ..., ...) = 4").line("+0 read(4, ..., 1000) = 100")
                .line("+0 read(4, ..., 1000) = -1 EAGAIN (Resource temporarily unavailable)").build());
        // tcp_select_window over a few segments: the free space falls by each skb's truesize, the
        // window never shrinks, and a read gives the space back
        for (String ws : new String[] {"", ",nop,wscale 7"}) {
            out.add(handshake(scenario("wave2/window-as-data-queues" + (ws.isEmpty() ? "-no-wscale" : "-wscale")).listener(8),
                    " <mss 1460" + ws + ">", false, false)
                    .line("+.01 < P. 1:101(100) ack 1 win 502").line("+0 > . 1:1(0) ack 101 <...>")
                    .line("+0 read(4, ..., 1000) = 100")
                    .line("+.01 < P. 101:201(100) ack 1 win 502").line("+0 > . 1:1(0) ack 201 <...>")
                    .line("+.01 < P. 201:1201(1000) ack 1 win 502").line("+0 > . 1:1(0) ack 1201 <...>")
                    .line("+0 read(4, ..., 5000) = 1100").build());
        }
        // tcp_ack: "If the ack includes data we haven't sent yet, discard this segment": a FIN or
        // data that acknowledges more than SND.NXT (as a client answering a FIN this server never
        // sent would) is neither queued nor acknowledged
        out.add(scenario("wave2/fin-acking-unsent-data").listener(8)
                .line("+0 < S 0:0(0) win 64240 <mss 1460>").line(SYN_ACK)
                .line("+.01 < . 1:1(0) ack 1 win 502").line("+0 accept(3, ..., ...) = 4")
                .line("+.01 < F. 1:1(0) ack 2 win 502")
                .line("+0 read(4, ..., 1000) = -1 EAGAIN (Resource temporarily unavailable)").build());
        out.add(scenario("wave2/data-acking-unsent-data").listener(8)
                .line("+0 < S 0:0(0) win 64240 <mss 1460>").line(SYN_ACK)
                .line("+.01 < . 1:1(0) ack 1 win 502").line("+0 accept(3, ..., ...) = 4")
                .line("+.01 < P. 1:11(10) ack 1001 win 502")
                .line("+0 read(4, ..., 1000) = -1 EAGAIN (Resource temporarily unavailable)").build());
        out.add(scenario("wave2/data-and-fin-on-third-ack").listener(8)
                .line("+0 < S 0:0(0) win 64240" + all).line(SYN_ACK)
                .line("+.01 < FP. 1:21(20) ack 1 win 502 <nop,nop,TS val 110 ecr 0>").line("+0 > . 1:1(0) ack 22 <...>")
                .line("+0 accept(3, ..., ...) = 4").line("+0 read(4, ..., 1000) = 20").line("+0 read(4, ..., 1000) = 0").build());
        out.add(scenario("wave2/fin-after-data").listener(8)
                .line("+0 < S 0:0(0) win 64240 <mss 1460>").line(SYN_ACK)
                .line("+.01 < . 1:1(0) ack 1 win 502").line("+0 accept(3, ..., ...) = 4")
                .line("+.01 < P. 1:11(10) ack 1 win 502").line("+0 > . 1:1(0) ack 11 <...>")
                .line("+.01 < F. 11:11(0) ack 1 win 502").line("+0 > . 1:1(0) ack 12 <...>")
                .line("+0 read(4, ..., 1000) = 10").line("+0 read(4, ..., 1000) = 0").build());
        out.add(scenario("wave2/paws-third-ack-older-tsval").listener(8, "net.ipv4.tcp_syncookies=0")
                .line("+0 < S 0:0(0) win 64240" + all).line(SYN_ACK)
                .line("+.01 < . 1:1(0) ack 1 win 502 <nop,nop,TS val 50 ecr 0>").line("+0 > . 1:1(0) <...>")
                .line("+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)").build());
        out.add(scenario("wave2/paws-syn-retransmission-older-tsval").listener(8, "net.ipv4.tcp_syncookies=0")
                .line("+0 < S 0:0(0) win 64240" + all).line(SYN_ACK)
                .line("+.01 < S 0:0(0) win 64240 <mss 1460,sackOK,TS val 50 ecr 0,nop,wscale 7>").line("+0 > . 1:1(0) <...>").build());
        out.add(scenario("wave2/ts-ecr-follows-ts-recent").listener(8)
                .line("+0 < S 0:0(0) win 64240" + all).line(SYN_ACK)
                .line("+.01 < . 1:1(0) ack 1 win 502 <nop,nop,TS val 110 ecr 0>").line("+0 accept(3, ..., ...) = 4")
                .line("+.01 < P. 1:11(10) ack 1 win 502 <nop,nop,TS val 130 ecr 0>").line("+0 > . 1:1(0) ack 11 <...>")
                .line("+.01 < P. 11:21(10) ack 1 win 502 <nop,nop,TS val 140 ecr 0>").line("+0 > . 1:1(0) ack 21 <...>").build());
        out.add(listenerWith("wave2/defer-accept", "TCP_DEFER_ACCEPT", 1)
                .line("+0 < S 0:0(0) win 64240 <mss 1460>").line(SYN_ACK)
                .line("+.01 < . 1:1(0) ack 1 win 502")
                .line("+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)")
                .line("+.1 < P. 1:11(10) ack 1 win 502").line("+0 > . 1:1(0) ack 11 <...>")
                .line("+0 accept(3, ..., ...) = 4").build());
        // syn_ack_recalc with rskq_defer_accept: 1 s is one timeout, whose SYN-ACK is still sent
        // (the deferral's last), after which a bare ACK completes; 3 s is two timeouts, and the
        // SYN-ACK held back at 1 s comes at 3 s
        out.add(listenerWith("wave2/defer-accept-1s-synack-resent", "TCP_DEFER_ACCEPT", 1)
                .line("+0 < S 0:0(0) win 64240 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>").line(SYN_ACK)
                .line("+.01 < . 1:1(0) ack 1 win 502 <nop,nop,TS val 110 ecr 0>")
                .line("1 > S. 0:0(0) ack 1 <...>")
                .line("1.1 < . 1:1(0) ack 1 win 502 <nop,nop,TS val 1200 ecr 1000>")
                .line("+0 accept(3, ..., ...) = 4").build());
        out.add(listenerWith("wave2/defer-accept-3s-synack-held-back", "TCP_DEFER_ACCEPT", 3)
                .line("+0 < S 0:0(0) win 64240 <mss 1460>").line(SYN_ACK)
                .line("+.01 < . 1:1(0) ack 1 win 502")
                .line("1.5 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)")
                .line("3 > S. 0:0(0) ack 1 <...>")
                .line("3.1 < . 1:1(0) ack 1 win 502")
                .line("+0 accept(3, ..., ...) = 4").build());
        out.add(listenerWith("wave2/tcp_maxseg-on-listener", "TCP_MAXSEG", 1000)
                .line("+0 < S 0:0(0) win 64240 <mss 1460>").line(SYN_ACK).build());
        // TCP_MAXSEG on the listener (tcp_mss_clamp, rx_opt.user_mss): with timestamps the window
        // is a multiple of 988; a cookie encodes the client's MSS lowered to it (1000 → 536)
        for (String[] m : new String[][] {{"ts", all, ""}, {"client-536", " <mss 536>", ""},
                {"syncookies=2", all, "net.ipv4.tcp_syncookies=2"}}) {
            out.add(listenerWith("wave2/tcp_maxseg-on-listener-" + m[0], "TCP_MAXSEG", 1000, m[2].isEmpty() ? new String[0] : new String[] {m[2]})
                    .line("+0 < S 0:0(0) win 64240" + m[1]).line(SYN_ACK)
                    .line("+.01 < . 1:1(0) ack 1 win 502" + (m[1].contains("TS") ? " <nop,nop,TS val 110 ecr 0>" : ""))
                    .line("+0 accept(3, ..., ...) = 4").build());
        }
        out.add(scenario("wave2/tcp_min_snd_mss").listener(8, "net.ipv4.tcp_min_snd_mss=1000")
                .line("+0 < S 0:0(0) win 64240 <mss 536>").line(SYN_ACK)
                .line("+.01 < . 1:1(0) ack 1 win 502").line("+0 accept(3, ..., ...) = 4").build());
        return out;
    }

    // ---------------------------------------------------------------- IPv6

    /**
     * The first and second waves over IPv6 (issue 18): the same steps between packetdrill's IPv6
     * addresses, where the MSS is the MTU minus 60 (tcp_v6_syn_recv_sock, {@code tcp_mss_clamp}
     * with {@code IPV6_MIN_MTU}), the checksum covers the IPv6 pseudo-header, RSTs come from
     * tcp_v6_send_reset, cookies from cookie_v6_init_sequence, and the IPv6 header (hop limit,
     * traffic class, payload length, flow label) is compared too. The families left out here take
     * the same code paths as the ones kept, or wait long on real timers.
     */
    static List<Scenario> ipv6(List<Scenario> v4) {
        java.util.function.Predicate<String> over = name -> name.startsWith("options/")
                || name.startsWith("closed-port/") || name.startsWith("syn-recv/") || name.startsWith("active-open/")
                || name.matches("mss/(0|536|1220|1440|1460|8960|65535)") || name.matches("wscale/(0|14|15)")
                || name.matches("listener/.*-syncookies=1") || name.matches("sysctl/tcp_(timestamps|sack|window_scaling)=0")
                || name.matches("synack/retries-(1|2)") || name.matches("queue/(syn-queue-full-syncookies=.|syncookies=2-.*|backlog-0)")
                || name.startsWith("wave2/") && !name.matches("wave2/defer-accept-.*") || name.startsWith("tfo/")
                || name.matches("sysctl/tcp_rmem-.*|queue/(accept-queue-full-.*|somaxconn-caps-backlog)|synack/retries-0");
        List<Scenario> out = new ArrayList<>();
        for (Scenario s : v4) {
            if (over.test(s.name()) && !s.ipv6() && s.network().mtu() == 0) {
                out.add(s.overIpv6());
            }
        }
        // the MSS from the device's MTU: IPv6's smallest (1280, so 1220) and a jumbo frame's, on
        // both sides of a client's MSS; and packetdrill's selftests' 1520 (so 1460, as over IPv4)
        String all = synOptions(1460, true, true, 7);
        for (int mtu : new int[] {1280, 1520, 9000}) {
            for (int clientMss : new int[] {1000, 1460, 8940}) {
                out.add(handshake(scenario("mss/client-" + clientMss).listener(8), synOptions(clientMss, true, true, 7), true, true)
                        .build().overIpv6().withMtu(mtu));
            }
        }
        out.add(Scenario.ofScript("active-open/syn-mss", ORIGIN, "0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n"
                + "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n+0 > S 0:0(0) <...>\n"
                + "+.02 < S. 500:500(0) ack 1 win 65535 <mss 1200," + all.substring(all.indexOf("sackOK"), all.length() - 1) + ">\n"
                + "+0 > . 0:0(0) <...>\n").overIpv6().withMtu(1280));
        return out;
    }

    // ---------------------------------------------------------------- ICMP and ICMPv6

    /**
     * Destination unreachable about what the stack sent: in SYN_SENT, connect() fails with the
     * code's errno ({@code icmp_err_convert}, {@code icmpv6_err_convert}); for a listener's
     * half-open request, {@code tcp_req_err} drops it (no SYN-ACK retransmission, the late third
     * ACK is reset) on IPv4's net and host unreachable and on the codes ICMPv6 calls fatal
     * (administratively prohibited, port unreachable), and keeps it otherwise.
     */
    static List<Scenario> icmp(boolean ipv6) {
        int[] codes = ipv6 ? new int[] {0, 1, 3, 4} : new int[] {0, 1, 3, 13};
        String family = ipv6 ? "icmp6" : "icmp";
        List<Scenario> out = new ArrayList<>();
        for (int code : codes) {
            Scenario connect = scenario(family + "/syn-sent-code-" + code)
                    .line("0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3")
                    .line("+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)").line("+0 > S 0:0(0) <...>")
                    .icmp(0, "+.01", code)
                    .line("+.01 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0").build();
            Scenario request = scenario(family + "/request-code-" + code).listener(8, "net.ipv4.tcp_syncookies=0")
                    .line("+0 < S 0:0(0) win 64240 <mss 1460>").line(SYN_ACK)
                    .icmp(0, "+.01", code)
                    .line("1 > S. 0:0(0) ack 1 <...>")
                    .line("1.1 < . 1:1(0) ack 1 win 502").line("+0 > R 0:0(0) <...>")
                    .line("+0 accept(3, ..., ...) = 4").build();
            out.add(ipv6 ? connect.overIpv6() : connect);
            out.add(ipv6 ? request.overIpv6() : request);
        }
        return out;
    }

    // ---------------------------------------------------------------- TCP Fast Open, server side

    /**
     * tcp_try_fastopen and its modes (net.ipv4.tcp_fastopen): a cookie request answered with a
     * cookie (kind 34, or 254 with the magic when asked so), data on a SYN with a valid cookie
     * acknowledged in the SYN-ACK and readable before the third ACK, an invalid cookie answered
     * with a fresh one and the data not acknowledged, 0x200 without any cookie, 0x400 without
     * TCP_FASTOPEN. A cookie {@code cccccccccccccccc} is the last one the stack sent.
     */
    static List<Scenario> fastOpen() {
        String opts = "mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7";
        String request = "+0 < S 0:0(0) win 64240 <" + opts + ",FO>";
        String third = "+.01 < . 1:1(0) ack 1 win 502 <nop,nop,TS val 110 ecr 0>";
        List<Scenario> out = new ArrayList<>();
        out.add(listenerWith("tfo/cookie-request", "TCP_FASTOPEN", 8, "net.ipv4.tcp_fastopen=3")
                .line(request).line(SYN_ACK).line(third).line("+0 accept(3, ..., ...) = 4").build());
        out.add(listenerWith("tfo/cookie-request-experimental", "TCP_FASTOPEN", 8, "net.ipv4.tcp_fastopen=3")
                .line("+0 < S 0:0(0) win 64240 <" + opts + ",FOEXP>").line(SYN_ACK).line(third).build());
        out.add(listenerWith("tfo/valid-cookie-with-data", "TCP_FASTOPEN", 8, "net.ipv4.tcp_fastopen=3")
                .line(request).line(SYN_ACK)
                .line(1, "+.01 < S 0:100(100) win 64240 <mss 1460,sackOK,TS val 200 ecr 0,nop,wscale 7,FO cccccccccccccccc>")
                .line(1, "+0 > S. 0:0(0) ack 101 <...>")
                .line("+0 accept(3, ..., ...) = 4").line("+0 read(4, ..., 1000) = 100")
                .line(1, "+.01 < . 101:101(0) ack 1 win 502 <nop,nop,TS val 210 ecr 0>")
                .line(1, "+.01 < P. 101:111(10) ack 1 win 502 <nop,nop,TS val 220 ecr 0>").line(1, "+0 > . 1:1(0) ack 111 <...>")
                .line("+0 read(4, ..., 1000) = 10").build());
        out.add(listenerWith("tfo/valid-cookie-without-data", "TCP_FASTOPEN", 8, "net.ipv4.tcp_fastopen=3")
                .line(request).line(SYN_ACK)
                .line(1, "+.01 < S 0:0(0) win 64240 <mss 1460,nop,nop,FO cccccccccccccccc>").line(1, SYN_ACK)
                .line("+0 accept(3, ..., ...) = 4").build());
        out.add(listenerWith("tfo/invalid-cookie-with-data", "TCP_FASTOPEN", 8, "net.ipv4.tcp_fastopen=3")
                .line("+0 < S 0:100(100) win 64240 <" + opts + ",FO 0102030405060708>").line(SYN_ACK)
                .line("+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)")
                .line(third).line("+0 accept(3, ..., ...) = 4")
                .line("+0 read(4, ..., 1000) = -1 EAGAIN (Resource temporarily unavailable)").build());
        out.add(listenerWith("tfo/cookie-not-required-0x200", "TCP_FASTOPEN", 8, "net.ipv4.tcp_fastopen=515")
                .line("+0 < S 0:100(100) win 64240 <mss 1460>").line("+0 > S. 0:0(0) ack 101 <...>")
                .line("+0 accept(3, ..., ...) = 4").line("+0 read(4, ..., 1000) = 100").build());
        out.add(listenerWith("tfo/server-bit-off", "TCP_FASTOPEN", 8, "net.ipv4.tcp_fastopen=1")
                .line("+0 < S 0:100(100) win 64240 <" + opts + ",FO>").line(SYN_ACK)
                .line("+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)").build());
        // tcp_fastopen_synack_timer: one retry more than tcp_synack_retries (0 here), the data acknowledged again
        out.add(listenerWith("tfo/child-synack-retransmission", "TCP_FASTOPEN", 8, "net.ipv4.tcp_fastopen=515",
                "net.ipv4.tcp_synack_retries=0")
                .line("+0 < S 0:100(100) win 64240 <mss 1460>").line("+0 > S. 0:0(0) ack 101 <...>")
                .line("+0 accept(3, ..., ...) = 4").line("1 > S. 0:0(0) ack 101 <...>").build());
        out.add(scenario("tfo/without-sockopt-0x400").listener(8, "net.ipv4.tcp_fastopen=1027")
                .line(request).line(SYN_ACK).build());
        out.add(scenario("tfo/listener-without-tcp_fastopen").listener(8, "net.ipv4.tcp_fastopen=3")
                .line(request).line(SYN_ACK).build());
        return out;
    }
}
