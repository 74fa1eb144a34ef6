package dev.handshakelab.kernel;

import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.core.wire.SegmentFormat;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import dev.handshakelab.kernel.Stack.Result;
import dev.handshakelab.kernel.Stack.Sent;
import dev.handshakelab.kernel.Trace.Entry;
import dev.handshakelab.kernel.Trace.Kind;
import dev.handshakelab.packetdrill.Script;
import dev.handshakelab.packetdrill.Script.Timing;
import dev.handshakelab.packetdrill.SysctlBridge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one {@link Scenario} against one {@link Stack} and records a {@link Trace}. Time and
 * number mapping follow packetdrill ({@code run.c}, {@code run_packet.c}, {@code socket.h}), as
 * the lab's own {@code ScriptRunner} does, with one connection state per remote port:
 * <ul>
 *   <li>an inbound SYN's seq is absolute and fixes that client's ISN; other inbound seqs count
 *       from it; inbound acks (and SACK blocks) count from the ISN the stack chose, learnt from
 *       its first SYN or SYN-ACK to that client;</li>
 *   <li>an inbound TS ecr is the live TS val of the outbound line where the scenario wrote that
 *       value, else it counts from the first outbound TS val (packetdrill's
 *       {@code --tcp_ts_ecr_scaled}), which is how a scenario with {@code <...>} outbound lines
 *       echoes TS vals;</li>
 *   <li>a relative time counts from the previous event: its scheduled time, or for an outbound
 *       line the time the packet it waited for was sent;</li>
 *   <li>an outbound line waits for the next packet to that client, until its time plus
 *       {@link #WAIT_SLACK_MICROS} (a quarter of the wait if larger), and goes on without one;</li>
 *   <li>a blocking call ({@code start...end}) runs non-blocking at its end time; a blocking
 *       {@code connect()} starts at once and reads {@code SO_ERROR} at the end.</li>
 * </ul>
 * Every socket call is made non-blocking, so the kernel side never hangs.
 */
final class DifferentialRunner {

    /** How long past its time an expected packet is waited for before going on without it. */
    static final long WAIT_SLACK_MICROS = 250_000;
    /** How long the trace goes on after the last event. */
    static final long SETTLE_MICROS = 100_000;
    /** How long a {@code *} outbound line waits. */
    static final long ANY_WAIT_MICROS = 3_000_000;

    private static final class Conn {
        Long remoteIsn;
        final Map<Long, Long> tsVals = new HashMap<>();
        Long tsAnchorScript;
        Long tsAnchorLive;
    }

    /** A step to run; {@code deferred} for the return of a blocking call, run where its end time falls among the steps. */
    private record Action(Scenario.Step step, boolean deferred) {}

    private final Scenario scenario;
    private final Stack stack;
    private final Map<Integer, Conn> conns = new HashMap<>();
    private final Map<Long, Integer> fds = new HashMap<>();
    private final Set<Integer> consumed = new HashSet<>();
    /** The distinct IPv6 flow labels sent to each remote port, in the order first seen. */
    private final Map<Integer, List<Integer>> flowLabels = new HashMap<>();
    private final List<Entry> inputs = new ArrayList<>();
    private final List<Entry> calls = new ArrayList<>();
    /** When each injection and call began, in the order they were made, and how many packets had been sent by then. */
    private final List<Long> stimulusAt = new ArrayList<>();
    private final List<Integer> stimulusSent = new ArrayList<>();
    /** The remote port an injection came from; -1 for a call. */
    private final List<Integer> stimulusPort = new ArrayList<>();
    /** How far behind its schedule the stack ran at worst (the kernel on a busy machine): the trace runs on by as much. */
    private long lag;
    private List<Sent> sent = List.of();
    private boolean activeOpen;
    private long base;

    private DifferentialRunner(Scenario scenario, Stack stack) {
        this.scenario = scenario;
        this.stack = stack;
    }

    static Trace run(Scenario scenario, Stack stack) {
        return new DifferentialRunner(scenario, stack).run();
    }

    private Trace run() {
        try {
            for (Scenario.Step s : scenario.steps()) {
                if (s.event().timing() == null) {
                    preamble((Script.CommandEvent) s.event());
                }
            }
            stack.start(scenario);
            long last = 0;
            for (Action a : schedule()) {
                if (a.deferred) {
                    returnOf(a.step);
                } else {
                    execute(a.step);
                }
                last = Math.max(last, Math.max(base, stack.now()));
            }
            long end = last + SETTLE_MICROS + lag;
            sent = stack.awaitSent(Integer.MAX_VALUE, end);
            return new Trace(stack.name(), inputs, normalise(end), calls, List.copyOf(stimulusAt), null);
        } catch (Stack.Unsupported e) {
            return Trace.unsupported(stack.name(), e.getMessage());
        }
    }

    private void preamble(Script.CommandEvent c) {
        for (String part : c.command().split("\\n|;|&&")) {
            String cmd = part.strip();
            if (cmd.startsWith("sysctl")) {
                SysctlBridge.settings(cmd).forEach((name, value) ->
                        stack.sysctl(name.startsWith("net.") ? name : "net.ipv4." + name, value));
            } else if (!cmd.isEmpty()) {
                throw new Stack.Unsupported("only sysctl commands are run: '" + cmd + "'");
            }
        }
    }

    private int remotePort(Scenario.Step s) {
        return activeOpen ? Scenario.SERVER_PORT : s.remotePort();
    }

    private Conn conn(int remotePort) {
        return conns.computeIfAbsent(remotePort, p -> new Conn());
    }

    private void execute(Scenario.Step s) {
        Script.Event e = s.event();
        Timing t = e.timing();
        boolean absolute = t.kind() == Timing.Kind.ABSOLUTE || t.kind() == Timing.Kind.ABSOLUTE_RANGE;
        long start = absolute ? t.micros() : base + t.micros();
        long end = absolute ? t.endMicros() : base + t.endMicros();
        if (e instanceof Script.PacketEvent p && p.inbound()) {
            waitUntil(start);
            inject(s, p, start);
            base = start;
        } else if (e instanceof Script.PacketEvent p) {
            expect(s, p, start, end);
        } else if (e instanceof Script.SyscallEvent call) {
            waitUntil(start);
            if (call.endTiming() == null || call.name().equals("connect")) {
                syscall(call); // a blocking connect() starts now; SO_ERROR at its end says how it ended
            }
            base = start;
        } else if (e instanceof Script.CommandEvent c && c.command().startsWith(Scenario.ICMP_COMMAND)) {
            waitUntil(start);
            icmp(s, Integer.parseInt(c.command().substring(Scenario.ICMP_COMMAND.length()).strip()), start);
            base = start;
        } else {
            throw new Stack.Unsupported("a command in the middle of a scenario: " + e.text());
        }
    }

    /**
     * A destination unreachable (ICMP type 3, or ICMPv6 type 1, with {@code code}) from the
     * client's address, quoting the last datagram the stack sent to that client, as a router
     * or the client's host would send it: the stack's {@code tcp_v4_err} / {@code tcp_v6_err}.
     */
    private void icmp(Scenario.Step s, int code, long at) {
        int port = remotePort(s);
        IpDatagram quoted = null;
        for (Sent live : sent) {
            if (live.datagram().segment().dstPort() == port) {
                quoted = live.datagram();
            }
        }
        if (quoted == null) {
            throw new Stack.Unsupported("an ICMP error quoting nothing: the stack sent nothing to port " + port);
        }
        int before = sent.size();
        stack.injectIcmp(quoted, code);
        stimulus(before, port);
        lag = Math.max(lag, stack.lastActionAt() - at);
        inputs.add(new Entry(Kind.INPUT, stack.lastActionAt(), (s.client() == 0 ? "" : "[client " + s.client() + "] ")
                + "< " + (quoted.ipv6() ? "icmp6" : "icmp") + " unreachable code " + code + " quoting " + SegmentFormat.format(quoted.segment()), null, -1));
    }

    /**
     * The steps in the order they run. A blocking call ({@code start...end}) returns among the
     * steps by its end time on the script's own clock (outbound lines at their written times),
     * after any step at that same time: packetdrill's blocking call returns once the kernel has
     * processed what came in. Worked out from the script alone, so that both stacks run the same
     * order however late the kernel side falls behind its schedule.
     */
    private List<Action> schedule() {
        List<Action> out = new ArrayList<>();
        List<long[]> due = new ArrayList<>(); // {end time, index into steps}
        List<Scenario.Step> steps = scenario.steps();
        long clock = 0;
        for (int i = 0; i < steps.size(); i++) {
            Scenario.Step s = steps.get(i);
            Timing t = s.event().timing();
            if (t == null) {
                continue;
            }
            boolean absolute = t.kind() == Timing.Kind.ABSOLUTE || t.kind() == Timing.Kind.ABSOLUTE_RANGE;
            long start = t.kind() == Timing.Kind.ANY ? clock : absolute ? t.micros() : clock + t.micros();
            flushDue(out, due, start, false);
            clock = start;
            out.add(new Action(s, false));
            if (s.event() instanceof Script.SyscallEvent call && call.endTiming() != null) {
                long end = absolute ? call.endTiming().micros() : start - t.micros() + call.endTiming().micros();
                due.add(new long[] {end, i});
            }
        }
        flushDue(out, due, Long.MAX_VALUE, true);
        return out;
    }

    private void flushDue(List<Action> out, List<long[]> due, long before, boolean all) {
        due.sort((a, b) -> Long.compare(a[0], b[0]));
        while (!due.isEmpty() && (all || due.get(0)[0] < before)) {
            out.add(new Action(scenario.steps().get((int) due.remove(0)[1]), true));
        }
    }

    /** The return of a blocking call: a non-blocking accept() or read() now, or the SO_ERROR a connect() ended with. */
    private void returnOf(Scenario.Step s) {
        Script.SyscallEvent call = (Script.SyscallEvent) s.event();
        sent = stack.awaitSent(Integer.MAX_VALUE, stack.now());
        if (call.name().equals("connect")) {
            int before = sent.size();
            record(call, before, "connect(" + call.args().get(0) + ") returns " + stack.soError(fd(call)));
        } else {
            syscall(call);
        }
    }

    /** Lets time run to {@code t}, collecting what the stack sends. */
    private void waitUntil(long t) {
        sent = stack.awaitSent(Integer.MAX_VALUE, t);
    }

    // ---------------------------------------------------------------- packets

    private void inject(Scenario.Step s, Script.PacketEvent p, long at) {
        int port = remotePort(s);
        Conn c = conn(port);
        boolean syn = (p.flags() & TcpFlags.SYN) != 0;
        if (syn && c.remoteIsn == null) {
            c.remoteIsn = p.startSeq();
        }
        long seqOffset = syn || c.remoteIsn == null ? 0 : c.remoteIsn;
        Long localIsn = localIsn(port, sent.size());
        long ackOffset = localIsn == null ? 0 : localIsn;
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
                options.add(new TcpOption.Timestamps(ts.tsVal(), liveTsEcr(port, c, ts.tsEcr())));
            } else {
                options.add(liveCookie(o));
            }
        }
        int src = activeOpen ? Scenario.SERVER_PORT : port;
        int dst = activeOpen ? Scenario.FIRST_REMOTE_PORT : Scenario.SERVER_PORT;
        TcpSegment seg = new TcpSegment(src, dst, SeqNum.of(p.startSeq() + seqOffset), SeqNum.of(ack), new TcpFlags(p.flags()),
                p.window(), p.urgentPointer(), options, Bytes.of(new byte[p.payloadLength()]));
        int before = sent.size();
        stack.inject(new IpDatagram(scenario.remote(), scenario.local(), IpDatagram.DEFAULT_TTL, Math.max(p.ecn(), 0), seg));
        stimulus(before, port);
        lag = Math.max(lag, stack.lastActionAt() - at);
        inputs.add(new Entry(Kind.INPUT, stack.lastActionAt(), (s.client() == 0 ? "" : "[client " + s.client() + "] ")
                + "< " + p.text().replaceFirst("^\\S+\\s+<\\s*", ""), null, -1));
    }

    private void stimulus(int sentBefore, int port) {
        stimulusAt.add(stack.lastActionAt());
        stimulusSent.add(sentBefore);
        stimulusPort.add(port);
    }

    /** The last injection from the packet's client, or call, made before the packet was sent: what its timing counts from. */
    private int anchor(int packet, int port) {
        int k = -1;
        for (int i = 0; i < stimulusSent.size() && stimulusSent.get(i) <= packet; i++) {
            if (stimulusPort.get(i) == port || stimulusPort.get(i) < 0) {
                k = i;
            }
        }
        return k;
    }

    // ---------------------------------------------------------------- Fast Open cookies
    // Each stack has its own cookie key, so cookies are compared like ISNs: what a stack sent is
    // written as cc bytes of the same length, and an inbound cookie of eight cc bytes is the
    // last cookie that stack sent.

    private static final Bytes SCRIPT_COOKIE = placeholder(8);

    private static Bytes placeholder(int length) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) 0xcc);
        return Bytes.of(b);
    }

    /** The cookie of a Fast Open option (kind 34, or 254 with magic 0xF989), or null. */
    private static Bytes cookieBytes(TcpOption o) {
        if (o instanceof TcpOption.FastOpenCookie fo && fo.cookie().length() > 0) {
            return fo.cookie();
        }
        if (o instanceof TcpOption.Unknown u && u.kind() == 254 && u.data().length() > 2
                && u.data().unsigned(0) == 0xF9 && u.data().unsigned(1) == 0x89) {
            return Bytes.copyOf(u.data().toArray(), 2, u.data().length());
        }
        return null;
    }

    private static TcpOption withCookie(TcpOption o, Bytes cookie) {
        if (o instanceof TcpOption.FastOpenCookie) {
            return new TcpOption.FastOpenCookie(cookie);
        }
        byte[] b = new byte[2 + cookie.length()];
        b[0] = (byte) 0xF9;
        b[1] = (byte) 0x89;
        cookie.copyTo(b, 2);
        return new TcpOption.Unknown(254, Bytes.of(b));
    }

    /** An inbound option, with the script's placeholder cookie replaced by the stack's last one. */
    private TcpOption liveCookie(TcpOption o) {
        if (!SCRIPT_COOKIE.equals(cookieBytes(o))) {
            return o;
        }
        for (int i = sent.size() - 1; i >= 0; i--) {
            for (TcpOption sentOption : sent.get(i).datagram().segment().options()) {
                Bytes live = cookieBytes(sentOption);
                if (live != null) {
                    return withCookie(o, live);
                }
            }
        }
        return o;
    }

    private long liveTsEcr(int port, Conn c, long scriptEcr) {
        Long exact = c.tsVals.get(scriptEcr);
        if (exact != null) {
            return exact;
        }
        if (c.tsAnchorLive == null) {
            Long first = firstTsVal(port, sent.size());
            if (first == null) {
                return scriptEcr; // nothing sent with a TS val yet: the ecr goes out as written
            }
            c.tsAnchorScript = 0L;
            c.tsAnchorLive = first;
        }
        return (c.tsAnchorLive + scriptEcr - c.tsAnchorScript) & 0xFFFF_FFFFL;
    }

    private void expect(Scenario.Step s, Script.PacketEvent p, long start, long end) {
        long deadline = p.timing().kind() == Timing.Kind.ANY ? base + ANY_WAIT_MICROS
                : end + Math.max(WAIT_SLACK_MICROS, (end - base) / 4);
        int port = remotePort(s);
        int found;
        while ((found = nextUnconsumed(port)) < 0 && stack.now() < deadline) {
            sent = stack.awaitSent(sent.size(), deadline);
        }
        if (found < 0) {
            base = Math.max(stack.now(), deadline);
            return;
        }
        consumed.add(found);
        Sent live = sent.get(found);
        base = live.at();
        TcpOption.Timestamps liveTs = live.datagram().segment().option(TcpOption.Timestamps.class);
        if (liveTs != null && p.options() != null) {
            for (TcpOption o : p.options()) {
                if (o instanceof TcpOption.Timestamps ts) {
                    Conn c = conn(port);
                    c.tsVals.put(ts.tsVal(), liveTs.tsVal());
                    if (c.tsAnchorLive == null) {
                        c.tsAnchorScript = ts.tsVal();
                        c.tsAnchorLive = liveTs.tsVal();
                    }
                }
            }
        }
    }

    private int nextUnconsumed(int port) {
        for (int i = 0; i < sent.size(); i++) {
            if (!consumed.contains(i) && sent.get(i).datagram().segment().dstPort() == port) {
                return i;
            }
        }
        return -1;
    }

    /** The seq of the first SYN (or SYN-ACK) the stack sent to {@code port} among the first {@code limit} datagrams. */
    private Long localIsn(int port, int limit) {
        for (int i = 0; i < limit; i++) {
            TcpSegment seg = sent.get(i).datagram().segment();
            if (seg.dstPort() == port && seg.flags().syn()) {
                return seg.seq().value();
            }
        }
        return null;
    }

    private Long firstTsVal(int port, int limit) {
        for (int i = 0; i < limit; i++) {
            TcpSegment seg = sent.get(i).datagram().segment();
            TcpOption.Timestamps ts = seg.option(TcpOption.Timestamps.class);
            if (seg.dstPort() == port && ts != null) {
                return ts.tsVal();
            }
        }
        return null;
    }

    /**
     * Every datagram sent up to {@code end}, in scenario numbering: seq from the stack's ISN to
     * that client, ack from the client's ISN (a SYN-ACK's ack as written, as packetdrill shows
     * it), SACK blocks likewise, TS val as the milliseconds since the first TS val to that client.
     */
    private List<Entry> normalise(long end) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Sent live = sent.get(i);
            if (live.at() > end) {
                break;
            }
            TcpSegment a = live.datagram().segment();
            int port = a.dstPort();
            Conn c = conn(port);
            Long localIsn = localIsn(port, i + 1);
            // an RST answering a segment without ACK has seq 0 (tcp_v4_send_reset), not a number from the ISN
            boolean absolute = localIsn == null || (a.flags().rst() && a.seq().value() == 0);
            long seq = (a.seq().value() - (absolute ? 0 : localIsn)) & 0xFFFF_FFFFL;
            long ackOffset = a.flags().syn() || c.remoteIsn == null ? 0 : c.remoteIsn;
            long ack = a.flags().ack() ? (a.ack().value() - ackOffset) & 0xFFFF_FFFFL : a.ack().value();
            Long tsDelta = null;
            List<TcpOption> options = new ArrayList<>();
            for (TcpOption o : a.options()) {
                if (o instanceof TcpOption.Sack sack) {
                    List<TcpOption.SackBlock> blocks = new ArrayList<>();
                    for (TcpOption.SackBlock b : sack.blocks()) {
                        blocks.add(new TcpOption.SackBlock(b.left().plus(-ackOffset), b.right().plus(-ackOffset)));
                    }
                    options.add(new TcpOption.Sack(blocks));
                } else if (o instanceof TcpOption.Timestamps ts) {
                    tsDelta = (long) (int) (ts.tsVal() - firstTsVal(port, i + 1));
                    options.add(new TcpOption.Timestamps(0, ts.tsEcr()));
                } else {
                    options.add(cookieBytes(o) == null ? o : withCookie(o, placeholder(cookieBytes(o).length())));
                }
            }
            TcpSegment mapped = new TcpSegment(a.srcPort(), a.dstPort(), SeqNum.of(seq), SeqNum.of(ack), a.flags(), a.window(),
                    a.urgentPointer(), options, a.payload());
            String client = port == Scenario.SERVER_PORT || port == Scenario.FIRST_REMOTE_PORT ? "" : "[client " + (port - Scenario.FIRST_REMOTE_PORT) + "] ";
            String text = client + "> " + ipv6Header(live, port) + SegmentFormat.format(new IpDatagram(live.datagram().src(), live.datagram().dst(),
                    live.datagram().ttl(), live.datagram().ecn(), mapped)).replace("TS val 0 ", "TS val * ");
            out.add(new Entry(Kind.SENT, live.at(), text, tsDelta, anchor(i, port)));
        }
        return out;
    }

    /**
     * An IPv6 datagram's header as compared: hop limit, traffic class (DSCP and ECN), payload
     * length, and the flow label normalised like an ISN: 0, or {@code #k} for the k-th distinct
     * label sent to that client. Linux draws it from a hash of the flow with a random key
     * ({@code ip6_make_flowlabel}, {@code skb_get_hash_flowi6}), so only whether it is set and
     * when it changes can match. Empty for IPv4, whose traces stay as they were.
     */
    private String ipv6Header(Sent live, int port) {
        IpDatagram d = live.datagram();
        if (!d.ipv6()) {
            return "";
        }
        String label = "0";
        if (d.flowLabel() != 0) {
            List<Integer> labels = flowLabels.computeIfAbsent(port, p -> new ArrayList<>());
            if (!labels.contains(d.flowLabel())) {
                labels.add(d.flowLabel());
            }
            label = "#" + (labels.indexOf(d.flowLabel()) + 1);
        }
        return "[ip6 hlim " + d.ttl() + " tclass 0x" + Integer.toHexString(live.dscp() << 2 | d.ecn()) + " flow " + label
                + " plen " + SegmentCodec.tcpLength(d.segment()) + "] ";
    }

    // ---------------------------------------------------------------- system calls

    private int fd(Script.SyscallEvent call) {
        String arg = call.args().isEmpty() ? "" : call.args().get(0);
        Integer fd = arg.matches("\\d{1,9}") ? fds.get(Long.parseLong(arg)) : null;
        if (fd == null) {
            throw new Stack.Unsupported(call.name() + "() on a descriptor the scenario never opened: " + call.text());
        }
        return fd;
    }

    private static int intArg(Script.SyscallEvent call, int index) {
        String v = call.args().size() > index ? call.args().get(index).replaceAll("[\\[\\]\\s]", "") : "";
        return v.matches("-?\\d{1,9}") ? Integer.parseInt(v) : 0;
    }

    private void syscall(Script.SyscallEvent call) {
        String name = call.name();
        int before = sent.size();
        Result r;
        switch (name) {
            case "socket" -> {
                fds.put(call.result(), stack.socket());
                record(call, before, "socket() = " + call.result());
                return;
            }
            case "setsockopt" -> r = stack.setsockopt(fd(call), call.args().get(2), intArg(call, 3));
            case "fcntl" -> r = Result.ok(0); // every socket is non-blocking here
            case "bind" -> r = stack.bind(fd(call), Scenario.SERVER_PORT);
            case "listen" -> r = stack.listen(fd(call), intArg(call, 1));
            case "accept" -> {
                r = stack.accept(fd(call));
                if (r.errno() == null) {
                    fds.put(call.result() >= 0 ? call.result() : r.value(), (int) r.value());
                    record(call, before, "accept(" + call.args().get(0) + ") = a new socket");
                    return;
                }
            }
            case "connect" -> {
                activeOpen = true;
                r = stack.connect(fd(call), Scenario.FIRST_REMOTE_PORT, Scenario.SERVER_PORT);
            }
            case "getsockopt" -> {
                if (!call.args().get(2).equals("SO_ERROR")) {
                    throw new Stack.Unsupported("getsockopt() is run for SO_ERROR only");
                }
                r = stack.soError(fd(call));
            }
            case "read", "recv" -> r = stack.read(fd(call), intArg(call, 2));
            case "close" -> r = stack.close(fd(call));
            default -> throw new Stack.Unsupported(name + "() is not run by the differential harness");
        }
        record(call, before, name + "(" + String.join(", ", call.args().subList(0, Math.min(1, call.args().size()))) + ") = " + r);
    }

    private void record(Script.SyscallEvent call, int sentBefore, String text) {
        stimulus(sentBefore, -1);
        calls.add(new Entry(Kind.CALL, stack.lastActionAt(), text, null, -1));
    }
}
