package dev.handshakelab.packetdrill;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.ConnectionId;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.TcpConnection;
import dev.handshakelab.core.tcp.TcpHost;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.tcp.Transition;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.SegmentFormat;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import dev.handshakelab.packetdrill.LineResult.Status;
import dev.handshakelab.packetdrill.Script.Timing;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a packetdrill script against the simulated server host on the virtual clock, as
 * packetdrill drives a kernel: inbound lines are injected into the host, outbound lines are
 * compared with what the host sent, system calls act on the host's sockets. The semantics follow
 * google/packetdrill's {@code run.c}, {@code run_packet.c}, {@code socket.h} and
 * {@code run_system_call.c}; each method names what it follows. One connection is under test at
 * a time, as in packetdrill.
 *
 * <p>Not thread-safe: one runner per run.
 */
public final class ScriptRunner {

    /** The kernel's address: the kernel selftests' {@code --local_ip=192.168.0.1} (IPv6: {@link ScriptAddresses}). */
    public static final Ipv4Address LOCAL_IP = ScriptAddresses.LOCAL_IPV4;
    /** packetdrill's default remote address ({@code config.c}: 192.0.2.1). */
    public static final Ipv4Address REMOTE_IP = ScriptAddresses.REMOTE_IPV4;
    /** {@code live_bind_port} and {@code live_connect_port}: 8080. */
    public static final int SCRIPT_PORT = 8080;
    /** The remote's port for a passive open, and the kernel's for an active one: packetdrill picks an ephemeral port. */
    public static final int EPHEMERAL_PORT = 48_879;
    /** {@code config->tolerance_usecs} default. */
    static final long DEFAULT_TOLERANCE_USECS = 4000;
    /**
     * {@code config->tolerance_percent} default on Linux, 12.5 %: the worst-case inaccuracy of the
     * non-cascading timer wheel, allowed on top of the gap since the previous event.
     */
    static final double DEFAULT_TOLERANCE_PERCENT = 12.5;

    private record Sniffed(IpDatagram datagram, long at) {}

    private enum SockKind { NEW, LISTENER, CONNECTED, CONNECTING }

    private static final class Sock {
        SockKind kind = SockKind.NEW;
        boolean nonblocking;
        TcpConnection connection;
    }

    /** A blocking system call in progress ({@code start...end}): packetdrill's syscall thread. */
    private record Pending(Script.SyscallEvent event, int resultIndex, long startedAt, long expectedEnd, Sock sock) {}

    /** Ends the run at a line, with its result. */
    private static class Stop extends RuntimeException {
        final Status status;
        final String expected;
        final String actual;

        Stop(Status status, String message, String expected, String actual) {
            super(message, null, false, false);
            this.status = status;
            this.expected = expected;
            this.actual = actual;
        }
    }

    private final Script script;
    private final long seed;
    /** The server's and the remote's addresses, IPv4 or IPv6 ({@code --ip_version}). */
    private final IpAddress localIp;
    private final IpAddress remoteIp;
    private final long toleranceUsecs;
    private final double tolerancePercent;
    private final long tsTickUsecs;
    private final boolean tsEcrScaled;
    private StackProfile.Builder profile;
    private StackProfile built;
    private TcpHost host;
    private long now;
    private final ArrayDeque<Sniffed> sniffed = new ArrayDeque<>();
    private final Map<Long, Sock> fds = new HashMap<>();
    private final List<LineResult> results = new ArrayList<>();
    private Pending pending;

    // The socket under test (socket.h's struct socket): ports and ISN mappings.
    private int localPort = SCRIPT_PORT;
    private int remotePort = EPHEMERAL_PORT;
    private Long remoteIsn;
    private Long liveLocalIsn;
    private Long scriptLocalIsn;
    private final Map<Long, Long> tsValMap = new HashMap<>();
    private Long firstScriptTsVal;
    private Long firstActualTsVal;

    // run.c's state->last_event
    private Long lastEventTime;
    private boolean lastEventInbound;
    private boolean lastEventAbsolute;
    private boolean sawTimedEvent;

    private ScriptRunner(Script script, StackProfile base, long seed) {
        this.script = script;
        this.seed = seed;
        // The script is the application: it calls accept() itself, so nothing else drains the queue.
        this.profile = base.toBuilder().acceptRate(0);
        ScriptAddresses addresses = script.addresses();
        this.localIp = addresses.local();
        this.remoteIp = addresses.remote();
        if (addresses.mtu() > 0) {
            profile.mtu(addresses.mtu()); // packetdrill's --mtu sets the TUN device's
        }
        this.built = profile.build();
        Map<String, String> o = script.options();
        this.toleranceUsecs = longOption(o, "tolerance_usecs", DEFAULT_TOLERANCE_USECS);
        this.tolerancePercent = o.containsKey("tolerance_percent") ? parseDouble(o.get("tolerance_percent")) : DEFAULT_TOLERANCE_PERCENT;
        this.tsTickUsecs = longOption(o, "tcp_ts_tick_usecs", 0);
        this.tsEcrScaled = o.containsKey("tcp_ts_ecr_scaled");
    }

    private static long longOption(Map<String, String> o, String name, long otherwise) {
        String v = o.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static double parseDouble(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return DEFAULT_TOLERANCE_PERCENT;
        }
    }

    /** Runs {@code script} against a fresh server host of {@code profile}; ISNs and TS offsets come from {@code seed}. */
    public static RunResult run(Script script, StackProfile profile, long seed) {
        return new ScriptRunner(script, profile, seed).run();
    }

    private RunResult run() {
        List<Script.Event> events = script.events();
        Integer failedLine = null;
        int i = 0;
        for (; i < events.size(); i++) {
            Script.Event e = events.get(i);
            int index = results.size();
            results.add(null);
            try {
                LineResult r = execute(e, index);
                if (results.get(index) == null) {
                    results.set(index, r);
                }
            } catch (Stop s) {
                failedLine = recordStop(e, index, s);
                i++;
                break;
            }
        }
        if (failedLine == null && pending != null) {
            try {
                awaitPending();
            } catch (PendingStop s) {
                failedLine = recordStop(s.pending.event(), s.pending.resultIndex(), s);
            }
        }
        for (; i < events.size(); i++) {
            Script.Event e = events.get(i);
            results.add(new LineResult(e.line(), e.text(), Status.NOT_RUN, "the run stopped at line " + failedLine, null, null, null));
        }
        List<LineResult> lines = new ArrayList<>();
        for (LineResult r : results) {
            if (r != null) {
                lines.add(r);
            }
        }
        return new RunResult(failedLine == null, failedLine, built.name(), lines);
    }

    private Integer recordStop(Script.Event e, int index, Stop s) {
        Script.Event failing = e;
        int at = index;
        if (s instanceof PendingStop ps) {
            // the blocking call failed while a later line ran: that later line did not finish
            failing = ps.pending.event();
            at = ps.pending.resultIndex();
            results.set(index, new LineResult(e.line(), e.text(), Status.NOT_RUN, "the run stopped at line " + failing.line(), null, null, null));
        }
        results.set(at, new LineResult(failing.line(), failing.text(), s.status, s.getMessage(), s.expected, s.actual, now));
        if (pending != null && pending.resultIndex() != at) {
            Script.SyscallEvent p = pending.event();
            results.set(pending.resultIndex(), new LineResult(p.line(), p.text(), Status.NOT_RUN,
                    "still blocked when the run stopped at line " + failing.line(), null, null, null));
        }
        pending = null;
        return failing.line();
    }

    /** A {@link Stop} raised by the blocking call in progress, not by the line being run. */
    private static final class PendingStop extends Stop {
        final Pending pending;

        PendingStop(Pending pending, Stop cause) {
            super(cause.status, cause.getMessage(), cause.expected, cause.actual);
            this.pending = pending;
        }
    }

    private LineResult execute(Script.Event e, int index) {
        if (e.timing() == null) {
            // an untimed command in the preamble (`./defaults.sh`)
            return command((Script.CommandEvent) e, now);
        }
        long[] times = adjust(e);
        long start = times[0];
        long end = times[1];
        LineResult r;
        if (e instanceof Script.PacketEvent p && p.inbound()) {
            r = inbound(p, start);
        } else if (e instanceof Script.PacketEvent p) {
            r = outbound(p, start, end);
        } else if (e instanceof Script.SyscallEvent s) {
            r = syscall(s, index, start);
        } else {
            waitForEvent(e, start);
            r = command((Script.CommandEvent) e, start);
        }
        lastEventTime = start;
        lastEventInbound = e instanceof Script.PacketEvent p && p.inbound();
        lastEventAbsolute = e.timing().kind() == Timing.Kind.ABSOLUTE || e.timing().kind() == Timing.Kind.ABSOLUTE_RANGE;
        return r;
    }

    /**
     * {@code get_next_event} and {@code adjust_relative_event_times}: the first event must be at
     * 0; absolute times may not go backwards; a relative time counts from the previous event's
     * script time when both are inbound packets ({@code is_event_start_time_anchored}), otherwise
     * from now.
     */
    private long[] adjust(Script.Event e) {
        Timing t = e.timing();
        boolean absolute = t.kind() == Timing.Kind.ABSOLUTE || t.kind() == Timing.Kind.ABSOLUTE_RANGE;
        if (!sawTimedEvent) {
            sawTimedEvent = true;
            if (absolute && t.micros() != 0) {
                throw new Stop(Status.ERROR, "the first event must be at time 0 (packetdrill: \"first event should be at time 0\")", null, null);
            }
        } else if (absolute && lastEventAbsolute && lastEventTime != null && t.micros() < lastEventTime) {
            throw new Stop(Status.ERROR, "time goes backward in script from " + seconds(lastEventTime) + " s to " + seconds(t.micros()) + " s", null, null);
        }
        if (absolute) {
            return new long[] {t.micros(), t.endMicros()};
        }
        boolean inbound = e instanceof Script.PacketEvent p && p.inbound();
        long offset = lastEventTime != null && lastEventInbound && inbound ? lastEventTime : now;
        return new long[] {offset + t.micros(), offset + t.endMicros()};
    }

    /**
     * {@code verify_time}: {@code *} matches any time; otherwise the tolerance is
     * {@code tolerance_usecs}, or {@code tolerance_percent} of the gap since the previous event
     * if that is larger; a range widens by the tolerance on both sides. Null when on time.
     */
    private String verifyTime(Timing.Kind kind, long start, long end, long actual, String what) {
        if (kind == Timing.Kind.ANY) {
            return null;
        }
        long tolerance = toleranceUsecs;
        if (lastEventTime != null) {
            long dynamic = (long) (tolerancePercent / 100.0 * (start - lastEventTime));
            tolerance = Math.max(tolerance, dynamic);
        }
        if (kind == Timing.Kind.ABSOLUTE_RANGE || kind == Timing.Kind.RELATIVE_RANGE) {
            if (actual < start - tolerance || actual > end + tolerance) {
                return "timing error: expected " + what + " in time range " + seconds(start) + "~" + seconds(end)
                        + " s but it happened at " + seconds(actual) + " s";
            }
            return null;
        }
        if (actual < start - tolerance || actual > start + tolerance) {
            return "timing error: expected " + what + " at " + seconds(start) + " s but it happened at " + seconds(actual)
                    + " s; tolerance " + seconds(tolerance) + " s";
        }
        return null;
    }

    /** {@code wait_for_event} then {@code check_event_time}: run the clock to the event's time, and check it is not already past. */
    private void waitForEvent(Script.Event e, long start) {
        advanceTo(start);
        String late = verifyTime(e.timing().kind(), start, start, now, describe(e));
        if (late != null) {
            throw new Stop(Status.MISMATCH, late, null, null);
        }
    }

    private static String describe(Script.Event e) {
        if (e instanceof Script.PacketEvent p) {
            return p.inbound() ? "inbound packet" : "outbound packet";
        }
        return e instanceof Script.SyscallEvent ? "system call start" : "command";
    }

    // ---------------------------------------------------------------- the host and its clock

    private TcpHost host() {
        return host(Host.SERVER);
    }

    /**
     * The kernel under test, made at the first call or packet that needs it (so the preamble's
     * sysctls and listen()'s backlog are in its profile). A host made by connect() is the core's
     * client-side host, which keys its connections by (local, remote); the server-side host
     * answers closed ports with RST.
     */
    private TcpHost host(Host role) {
        if (host == null) {
            built = profile.build();
            host = new TcpHost(role, localIp, built, seed);
            host.setWire(d -> sniffed.add(new Sniffed(d, now)));
        }
        return host;
    }

    /** Runs every timer due up to {@code target} (each at its own time), then sets the clock to {@code target}. */
    private void advanceTo(long target) {
        if (host != null) {
            long next;
            while ((next = host.nextDeadline()) <= target) {
                now = Math.max(now, next);
                host.fireTimers(now);
                checkPending();
            }
        }
        now = Math.max(now, target);
    }

    // ---------------------------------------------------------------- inbound packets

    /** {@code run_packet_event} for an inbound packet: map script values to live ones and inject. */
    private LineResult inbound(Script.PacketEvent p, long start) {
        waitForEvent(p, start);
        TcpHost h = host();
        boolean syn = (p.flags() & TcpFlags.SYN) != 0;
        if ((p.flags() & TcpFlags.FIN) != 0 && h.connection(connectionId()) != null) {
            throw new Stop(Status.UNSUPPORTED, "a FIN on an open connection starts connection teardown, which the lab does not model", null, null);
        }
        if (syn && remoteIsn == null) {
            // handle_listen_for_script_packet / the SYN-ACK of an active open: the remote ISN is the script's, absolute
            remoteIsn = p.startSeq();
        }
        IpDatagram d = mapInbound(p);
        h.receive(d, true, now);
        checkPending();
        return new LineResult(p.line(), p.text(), Status.PASSED, null, null, "< " + SegmentFormat.format(d), now);
    }

    private ConnectionId connectionId() {
        HostPort remote = new HostPort(remoteIp, remotePort);
        HostPort local = new HostPort(localIp, localPort);
        return host.host() == Host.CLIENT ? new ConnectionId(local, remote) : new ConnectionId(remote, local);
    }

    /**
     * {@code map_inbound_packet} with {@code socket.h}'s offsets: a SYN's seq is absolute, any
     * other seq counts from the remote ISN; ack (and SACK blocks) count from the kernel's ISN, a
     * SYN's by the difference between the live and the script ISN; a TS ecr is replaced by the
     * live TS val an earlier outbound packet carried where the script wrote that value.
     */
    private IpDatagram mapInbound(Script.PacketEvent p) {
        boolean syn = (p.flags() & TcpFlags.SYN) != 0;
        long seqOffset = syn || remoteIsn == null ? 0 : remoteIsn;
        long live = liveLocalIsn == null ? 0 : liveLocalIsn;
        long ackOffset = syn ? live - (scriptLocalIsn == null ? 0 : scriptLocalIsn) : live;
        boolean ackFlag = (p.flags() & TcpFlags.ACK) != 0;
        long ack = p.ack() == null ? 0 : p.ack();
        if (ackFlag) {
            ack += ackOffset;
        }
        List<TcpOption> options = new ArrayList<>();
        for (TcpOption o : p.options()) {
            if (o instanceof TcpOption.Sack sack) {
                List<TcpOption.SackBlock> blocks = new ArrayList<>();
                for (TcpOption.SackBlock b : sack.blocks()) {
                    blocks.add(new TcpOption.SackBlock(b.left().plus(ackOffset), b.right().plus(ackOffset)));
                }
                options.add(new TcpOption.Sack(blocks));
            } else if (o instanceof TcpOption.Timestamps ts && ackFlag) {
                options.add(new TcpOption.Timestamps(ts.tsVal(), liveTsEcr(ts.tsEcr())));
            } else {
                options.add(o);
            }
        }
        TcpSegment s = new TcpSegment(remotePort, localPort, SeqNum.of(p.startSeq() + seqOffset), SeqNum.of(ack),
                new TcpFlags(p.flags()), p.window(), p.urgentPointer(), options, Bytes.of(new byte[p.payloadLength()]));
        return new IpDatagram(remoteIp, localIp, IpDatagram.DEFAULT_TTL, Math.max(p.ecn(), 0), s);
    }

    private long liveTsEcr(long scriptEcr) {
        Long live = tsValMap.get(scriptEcr);
        if (live != null) {
            return live; // "TS ecr refers to an exact outbound TS val"
        }
        if (tsEcrScaled && firstScriptTsVal != null) {
            return (scriptEcr - firstScriptTsVal + firstActualTsVal) & 0xFFFF_FFFFL;
        }
        throw new Stop(Status.ERROR, "unable to infer live TS ecr for script TS ecr " + scriptEcr
                + "; no matching or preceding outbound TS val", null, null);
    }

    // ---------------------------------------------------------------- outbound packets

    /**
     * {@code run_packet_event} for an outbound packet: sniff the next packet the host sent
     * (running the clock until it sends one), map it into script space
     * ({@code map_outbound_live_packet}) and verify it field by field
     * ({@code verify_outbound_live_packet}, strict), then its options and its time.
     */
    private LineResult outbound(Script.PacketEvent p, long start, long end) {
        Sniffed live = sniff();
        String expected = "> " + p.text().replaceFirst("^\\S+\\s+>\\s*", "");
        if (live == null) {
            throw new Stop(Status.MISMATCH, "expected an outbound packet, but the server sent none and has no timer left to send one",
                    expected, null);
        }
        TcpSegment a = live.datagram().segment();
        boolean syn = a.flags().syn();
        if (syn && liveLocalIsn == null) {
            // the first SYN or SYN-ACK fixes the kernel's ISN mapping (socket->live.local_isn / script.local_isn)
            liveLocalIsn = a.seq().value();
            scriptLocalIsn = p.startSeq();
        }
        long localLive = liveLocalIsn == null ? 0 : liveLocalIsn;
        long seqOffset = syn ? localLive - (scriptLocalIsn == null ? 0 : scriptLocalIsn) : localLive;
        long ackOffset = syn || remoteIsn == null ? 0 : remoteIsn;
        long seq = (a.seq().value() - seqOffset) & 0xFFFF_FFFFL;
        long ack = a.flags().ack() ? (a.ack().value() - ackOffset) & 0xFFFF_FFFFL : a.ack().value();
        List<TcpOption> options = mapOutboundOptions(a.options(), p.options(), ackOffset);
        TcpSegment actual = new TcpSegment(a.srcPort(), a.dstPort(), SeqNum.of(seq), SeqNum.of(ack), a.flags(), a.window(),
                a.urgentPointer(), options, a.payload());
        String actualText = "> " + SegmentFormat.format(new IpDatagram(live.datagram().src(), live.datagram().dst(),
                live.datagram().ttl(), live.datagram().ecn(), actual));
        String diff = verify(p, actual, live.datagram().ecn());
        if (diff == null) {
            diff = verifyTime(p.timing().kind(), start, end, live.at(), "outbound packet");
        }
        if (diff != null) {
            throw new Stop(Status.MISMATCH, diff, expected, actualText + " at " + seconds(live.at()) + " s");
        }
        return new LineResult(p.line(), p.text(), Status.PASSED, null, expected, actualText, live.at());
    }

    /** The next packet the host sent, running its timers until it sends one; null if it never will. */
    private Sniffed sniff() {
        while (sniffed.isEmpty()) {
            if (host == null || host.nextDeadline() == Long.MAX_VALUE) {
                return null;
            }
            advanceTo(host.nextDeadline());
        }
        return sniffed.poll();
    }

    /** SACK blocks back into script space; a TS val recorded for later ecr mapping and shifted into script space. */
    private List<TcpOption> mapOutboundOptions(List<TcpOption> live, List<TcpOption> scripted, long ackOffset) {
        TcpOption.Timestamps scriptTs = null;
        if (scripted != null) {
            for (TcpOption o : scripted) {
                if (o instanceof TcpOption.Timestamps ts) {
                    scriptTs = ts;
                }
            }
        }
        List<TcpOption> out = new ArrayList<>();
        for (TcpOption o : live) {
            if (o instanceof TcpOption.Sack sack) {
                List<TcpOption.SackBlock> blocks = new ArrayList<>();
                for (TcpOption.SackBlock b : sack.blocks()) {
                    blocks.add(new TcpOption.SackBlock(b.left().plus(-ackOffset), b.right().plus(-ackOffset)));
                }
                out.add(new TcpOption.Sack(blocks));
            } else if (o instanceof TcpOption.Timestamps ts && scriptTs != null) {
                tsValMap.put(scriptTs.tsVal(), ts.tsVal());
                if (firstScriptTsVal == null) {
                    firstScriptTsVal = scriptTs.tsVal();
                    firstActualTsVal = ts.tsVal();
                }
                out.add(new TcpOption.Timestamps((firstScriptTsVal + ts.tsVal() - firstActualTsVal) & 0xFFFF_FFFFL, ts.tsEcr()));
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * {@code verify_outbound_live_headers} (strict) and {@code verify_outbound_live_tcp_options}:
     * the first field that differs, worded as packetdrill's {@code check_field}, or null.
     */
    private String verify(Script.PacketEvent p, TcpSegment a, int actualEcn) {
        List<TcpOption> scriptOptions = p.options();
        int scriptOptionBytes = scriptOptions == null ? a.optionBytes() : optionBytes(scriptOptions);
        int scriptDoff = (20 + scriptOptionBytes + 3) / 4;
        String d = field("ipv4_total_length", 20 + scriptDoff * 4 + p.payloadLength(), 20 + a.dataOffsetWords() * 4 + a.payload().length());
        if (d == null && p.ecn() >= 0) {
            if (p.ecn() == 4) {
                d = actualEcn == 1 || actualEcn == 2 ? null : "live packet field ip_ecn: expected: 0x1 or 0x2 vs actual: 0x" + Integer.toHexString(actualEcn);
            } else {
                d = field("ip_ecn", p.ecn(), actualEcn);
            }
        }
        int sf = p.flags();
        int af = a.flags().bits();
        if (d == null) d = field("tcp_data_offset", scriptDoff, a.dataOffsetWords());
        if (d == null) d = flag("tcp_fin", sf, af, TcpFlags.FIN);
        if (d == null) d = flag("tcp_syn", sf, af, TcpFlags.SYN);
        if (d == null) d = flag("tcp_rst", sf, af, TcpFlags.RST);
        if (d == null) d = flag("tcp_psh", sf, af, TcpFlags.PSH);
        if (d == null) d = flag("tcp_ack", sf, af, TcpFlags.ACK);
        if (d == null) d = flag("tcp_urg", sf, af, TcpFlags.URG);
        if (d == null) d = flag("tcp_ece", sf, af, TcpFlags.ECE);
        if (d == null) d = flag("tcp_cwr", sf, af, TcpFlags.CWR);
        if (d == null) d = flag("tcp_ae", sf, af, TcpFlags.NS);
        if (d == null) d = field("tcp_seq", p.startSeq(), a.seq().value());
        if (d == null) d = field("tcp_ack_seq", p.ack() == null ? 0 : p.ack(), a.ack().value());
        if (d == null && p.window() != null) d = field("tcp_window", p.window(), a.window());
        if (d == null) d = field("tcp_urg_ptr", p.urgentPointer(), a.urgentPointer());
        if (d == null && scriptOptions != null) d = verifyOptions(scriptOptions, a.options());
        return d;
    }

    private static int optionBytes(List<TcpOption> options) {
        int n = 0;
        for (TcpOption o : options) {
            n += o.wireLength();
        }
        return n;
    }

    private static String field(String name, long expected, long actual) {
        return expected == actual ? null
                : "live packet field " + name + ": expected: " + expected + " (0x" + Long.toHexString(expected) + ") vs actual: "
                + actual + " (0x" + Long.toHexString(actual) + ")";
    }

    private static String flag(String name, int scriptFlags, int actualFlags, int bit) {
        return field(name, (scriptFlags & bit) != 0 ? 1 : 0, (actualFlags & bit) != 0 ? 1 : 0);
    }

    /**
     * {@code verify_outbound_live_tcp_options}: the kinds in the same order, NOPs included; TS val
     * compared only with {@code --tcp_ts_tick_usecs} (within the tolerance), TS ecr never; every
     * other option by length and value.
     */
    private String verifyOptions(List<TcpOption> scripted, List<TcpOption> actual) {
        List<TcpOption> a = withoutPadding(actual);
        for (int i = 0; i < Math.max(scripted.size(), a.size()); i++) {
            if (i >= scripted.size() || i >= a.size() || scripted.get(i).kind() != a.get(i).kind()) {
                return "bad outbound TCP options: expected <" + SegmentFormat.options(scripted) + "> vs actual <"
                        + SegmentFormat.options(a) + ">";
            }
            TcpOption s = scripted.get(i);
            TcpOption o = a.get(i);
            if (s instanceof TcpOption.Timestamps st && o instanceof TcpOption.Timestamps at) {
                if (tsTickUsecs != 0 && Math.abs((int) (at.tsVal() - st.tsVal())) * tsTickUsecs > toleranceUsecs) {
                    return "bad outbound TCP timestamp value " + at.tsVal() + " (script " + st.tsVal() + "), tolerance " + toleranceUsecs;
                }
            } else if (!s.equals(o)) {
                return "bad value outbound TCP option " + s.kind() + ": expected " + SegmentFormat.option(s) + " vs actual "
                        + SegmentFormat.option(o);
            }
        }
        return null;
    }

    private static List<TcpOption> withoutPadding(List<TcpOption> options) {
        List<TcpOption> out = new ArrayList<>();
        for (TcpOption o : options) {
            if (!(o instanceof TcpOption.Padding)) {
                out.add(o);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- system calls

    /** {@code run_system_call_event}: a call starts at its time; a blocking one ({@code ...}) may return later. */
    private LineResult syscall(Script.SyscallEvent s, int index, long start) {
        if (pending != null) {
            // await_idle_thread: one blocking call at a time; the next call waits for it
            awaitPending();
        }
        waitForEvent(s, start);
        Sock sock = null;
        List<String> args = s.args();
        if (!s.name().equals("socket")) {
            long fd = fd(s, args);
            sock = fds.get(fd);
            if (sock == null) {
                return result(s, -1, "EBADF", null);
            }
        }
        switch (s.name()) {
            case "socket" -> {
                if (args.size() != 3 || !args.get(1).contains("SOCK_STREAM")) {
                    throw unsupported("only TCP stream sockets (socket(..., SOCK_STREAM, IPPROTO_TCP)) are modelled");
                }
                if (s.result() < 0) {
                    return result(s, 0, null, null);
                }
                Sock created = new Sock();
                created.nonblocking = args.get(1).contains("SOCK_NONBLOCK");
                fds.put(s.result(), created);
                return result(s, s.result(), null, null);
            }
            case "setsockopt" -> {
                return setsockopt(s, args);
            }
            case "getsockopt" -> {
                return getsockopt(s, args, sock);
            }
            case "fcntl" -> {
                if (args.size() == 3 && args.get(1).equals("F_SETFL")) {
                    sock.nonblocking = args.get(2).contains("O_NONBLOCK");
                    return result(s, 0, null, null);
                }
                throw unsupported("only fcntl(fd, F_SETFL, flags) is modelled");
            }
            case "bind" -> {
                return result(s, 0, null, null);
            }
            case "listen" -> {
                return listen(s, args, sock);
            }
            case "accept" -> {
                return accept(s, index, start, sock);
            }
            case "connect" -> {
                return connect(s, index, start, sock);
            }
            case "close" -> {
                return close(s, sock, args);
            }
            case "read", "recv" -> {
                return read(s, index, start, sock, args);
            }
            default -> throw unsupported(s.name() + "() sends data, and the lab's endpoints carry no data of their own: data transfer is not modelled");
        }
    }

    private long fd(Script.SyscallEvent s, List<String> args) {
        if (args.isEmpty() || !args.get(0).matches("\\d{1,9}")) {
            throw new Stop(Status.ERROR, s.name() + "() needs a file descriptor as its first argument", null, null);
        }
        return Long.parseLong(args.get(0));
    }

    private static Stop unsupported(String message) {
        return new Stop(Status.UNSUPPORTED, message, null, null);
    }

    /** Compares a call's return with the script's ({@code syscall->result} and errno), as run_system_call.c does. */
    private LineResult result(Script.SyscallEvent s, long actual, String errno, Long at) {
        String expected = describeResult(s.result(), s.errno());
        String got = describeResult(actual, errno);
        boolean ok = s.result() < 0 ? actual < 0 && s.errno().equals(errno) : actual == s.result()
                || (actual >= 0 && s.result() >= 0 && isFdReturning(s.name()));
        if (!ok) {
            throw new Stop(Status.MISMATCH, "expected result " + expected + " but got " + got, expected, got);
        }
        return new LineResult(s.line(), s.text(), Status.PASSED, null, expected, got, at == null ? now : at);
    }

    private static boolean isFdReturning(String name) {
        return name.equals("socket") || name.equals("accept");
    }

    private static String describeResult(long value, String errno) {
        return errno == null ? Long.toString(value) : value + " " + errno;
    }

    private LineResult setsockopt(Script.SyscallEvent s, List<String> args) {
        if (args.size() != 5) {
            throw new Stop(Status.ERROR, "setsockopt() takes 5 arguments: fd, level, name, [value], length", null, null);
        }
        String name = args.get(2);
        String value = args.get(3).replaceAll("[\\[\\]\\s]", "");
        switch (name) {
            case "SO_REUSEADDR", "SO_REUSEPORT", "TCP_NODELAY" -> {
                // no effect on a handshake in a world of one listener
                return result(s, 0, null, null);
            }
            case "TCP_MAXSEG", "TCP_DEFER_ACCEPT", "TCP_FASTOPEN" -> {
                // listener options: they go into the profile the host is made with
                if (!value.matches("\\d{1,9}")) {
                    throw unsupported(name + " takes a number: setsockopt(fd, IPPROTO_TCP, " + name + ", [N], 4)");
                }
                int v = Integer.parseInt(value);
                if (host != null) {
                    throw unsupported(name + " after the host started (after listen() or the first packet) is not modelled");
                }
                if (name.equals("TCP_MAXSEG")) {
                    if (v != 0 && (v < 88 || v > 65535)) {
                        return result(s, -1, "EINVAL", null); // do_tcp_setsockopt: val < TCP_MIN_MSS
                    }
                    profile.tcpMaxseg(v);
                } else if (name.equals("TCP_FASTOPEN")) {
                    profile.fastOpenQlen(Math.min(v, 1 << 24)); // fastopen_queue_tune: the qlen
                } else {
                    profile.deferAcceptSeconds(Math.min(v, 3600));
                }
                return result(s, 0, null, null);
            }
            default -> throw unsupported("the socket option " + name + " is not modelled; the lab knows SO_REUSEADDR, TCP_MAXSEG, TCP_DEFER_ACCEPT and TCP_FASTOPEN");
        }
    }

    private LineResult getsockopt(Script.SyscallEvent s, List<String> args, Sock sock) {
        if (args.size() == 5 && args.get(2).equals("SO_ERROR")) {
            String errno = socketError(sock);
            long actualValue = errno == null ? 0 : errnoNumber(errno);
            String expected = args.get(3).replaceAll("[\\[\\]\\s]", "");
            if (!expected.equals(Long.toString(actualValue)) && !expected.equals(errno)) {
                throw new Stop(Status.MISMATCH, "SO_ERROR: expected " + expected + " but the socket's error is " + (errno == null ? "0" : errno),
                        expected, errno == null ? "0" : errno);
            }
            return result(s, 0, null, null);
        }
        throw unsupported("getsockopt() is modelled for SO_ERROR only");
    }

    /** The errno a failed connect left on the socket, from the cause of its last transition. */
    private static String socketError(Sock sock) {
        if (sock.connection == null || sock.connection.state() != TcpState.CLOSED) {
            return null;
        }
        List<Transition> t = sock.connection.transitions();
        String cause = t.get(t.size() - 1).cause();
        int colon = cause.indexOf(':');
        return colon > 0 && cause.substring(0, colon).matches("E[A-Z]+") ? cause.substring(0, colon) : "ECONNRESET";
    }

    private static long errnoNumber(String errno) {
        return switch (errno) {
            case "ECONNREFUSED" -> 111;
            case "ETIMEDOUT" -> 110;
            case "ECONNRESET" -> 104;
            case "EHOSTUNREACH" -> 113;
            case "ENETUNREACH" -> 101;
            default -> -1;
        };
    }

    private LineResult listen(Script.SyscallEvent s, List<String> args, Sock sock) {
        if (args.size() != 2 || !args.get(1).matches("-?\\d{1,9}")) {
            throw new Stop(Status.ERROR, "listen() takes a file descriptor and a backlog", null, null);
        }
        int backlog = Math.max(0, Integer.parseInt(args.get(1)));
        if (host != null && built.backlog() != backlog) {
            throw unsupported("listen() after the host started (a connect() or a packet before it) with a backlog other than the profile's is not modelled");
        }
        profile.backlog(backlog);
        host().listen(SCRIPT_PORT);
        sock.kind = SockKind.LISTENER;
        localPort = SCRIPT_PORT;
        remotePort = EPHEMERAL_PORT;
        return result(s, 0, null, null);
    }

    private LineResult accept(Script.SyscallEvent s, int index, long start, Sock sock) {
        if (sock.kind != SockKind.LISTENER) {
            return result(s, -1, "EINVAL", null);
        }
        TcpConnection c = host.accept(now);
        if (c != null) {
            fds.put(s.result(), connected(c));
            return result(s, s.result() >= 0 ? s.result() : 4, null, null);
        }
        return block(s, index, start, sock, "accept() found the accept queue empty");
    }

    private Sock connected(TcpConnection c) {
        Sock child = new Sock();
        child.kind = SockKind.CONNECTED;
        child.connection = c;
        return child;
    }

    /**
     * A call that cannot complete now: {@code EAGAIN} on a non-blocking socket, a pending call
     * when the script wrote {@code start...end}, and a mismatch otherwise (packetdrill's main
     * thread would hang in it).
     */
    private LineResult block(Script.SyscallEvent s, int index, long start, Sock sock, String why) {
        if (sock.nonblocking) {
            return result(s, -1, "EAGAIN", null);
        }
        if (s.endTiming() == null) {
            throw new Stop(Status.MISMATCH, why + " and the socket is blocking: the call would block here; write start...end for a blocking call",
                    describeResult(s.result(), s.errno()), "blocks");
        }
        // adjust_relative_event_times: a blocking call whose start is relative has its end moved by
        // the same offset as its start
        long offset = s.timing().kind() == Timing.Kind.RELATIVE ? start - s.timing().micros() : 0;
        long expectedEnd = offset + s.endTiming().micros();
        pending = new Pending(s, index, start, expectedEnd, sock);
        return null;
    }

    private LineResult connect(Script.SyscallEvent s, int index, long start, Sock sock) {
        if (sock.kind != SockKind.NEW) {
            return result(s, -1, sock.kind == SockKind.CONNECTING ? "EALREADY" : "EISCONN", null);
        }
        localPort = EPHEMERAL_PORT;
        remotePort = SCRIPT_PORT;
        remoteIsn = null;
        liveLocalIsn = null;
        scriptLocalIsn = null;
        sock.kind = SockKind.CONNECTING;
        // tcp_v4_connect: the kernel's SYN with Linux's own option layout
        if (host != null && host.host() != Host.CLIENT) {
            throw unsupported("connect() after a listen() or a packet in the same script is not modelled: the lab's host is either a listener or a client");
        }
        sock.connection = host(Host.CLIENT).connect(localPort, new HostPort(remoteIp, remotePort), ClientPreset.LINUX, true, now);
        if (sock.nonblocking) {
            return result(s, -1, "EINPROGRESS", null);
        }
        return block(s, index, start, sock, "connect() waits for the handshake");
    }

    private LineResult close(Script.SyscallEvent s, Sock sock, List<String> args) {
        long fd = Long.parseLong(args.get(0));
        switch (sock.kind) {
            case LISTENER -> {
                if (host.listener() != null && (host.listener().synQueue().size() > 0 || host.listener().acceptQueueLength() > 0)) {
                    throw unsupported("closing a listener with connections still queued (Linux resets them, inet_csk_listen_stop) is not modelled");
                }
                host.stopListening();
            }
            case CONNECTED, CONNECTING -> {
                if (host.connection(sock.connection.id()) != null) {
                    throw unsupported("close() of an open connection sends FIN (or drops a SYN_SENT socket): connection teardown is not modelled");
                }
            }
            default -> { }
        }
        fds.remove(fd);
        return result(s, 0, null, null);
    }

    private LineResult read(Script.SyscallEvent s, int index, long start, Sock sock, List<String> args) {
        if (sock.kind != SockKind.CONNECTED || args.size() < 3 || !args.get(2).matches("\\d{1,9}")) {
            throw unsupported(s.name() + "() is modelled on an accepted connection with a byte count: " + s.name() + "(fd, ..., N)");
        }
        long n = host.read(sock.connection, Long.parseLong(args.get(2)));
        if (n >= 0) {
            return result(s, n, null, null);
        }
        return block(s, index, start, sock, s.name() + "() found no data to read");
    }

    /** Completes the blocking call in progress if it can return now. */
    private void checkPending() {
        Pending p = pending;
        if (p == null) {
            return;
        }
        Script.SyscallEvent s = p.event();
        long ret;
        String errno = null;
        switch (s.name()) {
            case "accept" -> {
                TcpConnection c = host.accept(now);
                if (c == null) {
                    return;
                }
                fds.put(s.result(), connected(c));
                ret = s.result() >= 0 ? s.result() : 4;
            }
            case "connect" -> {
                TcpState state = p.sock().connection.state();
                if (state == TcpState.ESTABLISHED) {
                    p.sock().kind = SockKind.CONNECTED;
                    ret = 0;
                } else if (state == TcpState.CLOSED) {
                    ret = -1;
                    errno = socketError(p.sock());
                } else {
                    return;
                }
            }
            default -> {
                // tcp_recvmsg: the bytes queued, or 0 at end of file; -1 blocks on
                ret = host.read(p.sock().connection, Long.parseLong(s.args().get(2)));
                if (ret < 0) {
                    return;
                }
            }
        }
        pending = null;
        try {
            LineResult r = result(s, ret, errno, now);
            String late = verifyTimeOfReturn(p);
            if (late != null) {
                throw new Stop(Status.MISMATCH, late, r.expected(), r.actual());
            }
            results.set(p.resultIndex(), r);
        } catch (Stop stop) {
            throw new PendingStop(p, stop);
        }
    }

    /** run_system_call.c checks a blocking call's return against its end time, with the usual tolerance. */
    private String verifyTimeOfReturn(Pending p) {
        long tolerance = Math.max(toleranceUsecs, (long) (tolerancePercent / 100.0 * (p.expectedEnd() - p.startedAt())));
        if (Math.abs(now - p.expectedEnd()) > tolerance) {
            return "timing error: expected the system call to return at " + seconds(p.expectedEnd()) + " s but it returned at "
                    + seconds(now) + " s; tolerance " + seconds(tolerance) + " s";
        }
        return null;
    }

    /** Runs the clock until the blocking call returns; a mismatch if it never can. */
    private void awaitPending() {
        while (pending != null) {
            if (host == null || host.nextDeadline() == Long.MAX_VALUE) {
                Pending p = pending;
                throw new PendingStop(p, new Stop(Status.MISMATCH, p.event().name() + "() never returns: nothing is left that could complete it",
                        describeResult(p.event().result(), p.event().errno()), "blocks forever"));
            }
            advanceTo(host.nextDeadline());
        }
    }

    // ---------------------------------------------------------------- commands and sysctls

    /**
     * A shell command, one or more lines: {@code sysctl} settings (and the selftests'
     * {@code set_sysctls.py /proc/sys/net/...=v}) map to the profile's knobs, {@code defaults.sh} to
     * the selftests' defaults; anything else is passed over.
     */
    private LineResult command(Script.CommandEvent c, long at) {
        List<String> applied = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String part : c.command().split("\\n|;|&&")) {
            String cmd = part.replaceFirst("#.*$", "").strip();
            if (cmd.isEmpty()) {
                continue;
            }
            if (cmd.endsWith("defaults.sh")) {
                requireNoHost();
                SysctlKnobs.applyDefaults(profile);
                built = profile.build();
                applied.add("defaults.sh (" + SysctlKnobs.DEFAULTS_SUMMARY + ")");
                continue;
            }
            Map<String, String> settings;
            if (cmd.startsWith("sysctl")) {
                settings = SysctlKnobs.settings(cmd);
            } else if (cmd.contains("set_sysctls.py")) {
                settings = SysctlKnobs.settings(cmd.replace("/proc/sys/", "").replace('/', '.'));
            } else {
                ignored.add("'" + cmd + "' (the lab runs no shell commands)");
                continue;
            }
            if (settings.isEmpty()) {
                throw new Stop(Status.ERROR, "expected sysctl -q name=value, got '" + cmd + "'", null, null);
            }
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                requireNoHost();
                try {
                    if (SysctlKnobs.apply(profile, setting.getKey(), setting.getValue())) {
                        applied.add(setting.getKey() + "=" + setting.getValue());
                    } else {
                        ignored.add(setting.getKey() + " (not modelled)");
                    }
                    built = profile.build();
                } catch (IllegalArgumentException e) {
                    throw new Stop(Status.ERROR, "sysctl " + setting.getKey() + "=" + setting.getValue() + ": " + e.getMessage(), null, null);
                }
            }
        }
        String message = (applied.isEmpty() ? "" : "applied " + String.join(", ", applied))
                + (ignored.isEmpty() ? "" : (applied.isEmpty() ? "" : "; ") + "ignored " + String.join(", ", ignored));
        return new LineResult(c.line(), c.text(), applied.isEmpty() ? Status.SKIPPED : Status.PASSED, message, null, null, at);
    }

    private void requireNoHost() {
        if (host != null) {
            throw unsupported("sysctl settings after the host started (a listen(), connect() or packet before them) are not modelled");
        }
    }

    static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.6f", micros / 1e6);
    }
}
