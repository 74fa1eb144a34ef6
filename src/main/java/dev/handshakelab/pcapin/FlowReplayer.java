package dev.handshakelab.pcapin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.handshakelab.core.net.NetworkPath;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.sim.Reaction;
import dev.handshakelab.core.sim.SimInput;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.Negotiation;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.SegmentFormat;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import dev.handshakelab.pcapin.ReplayReport.ReplayAnswer;
import dev.handshakelab.pcapin.ReplayReport.ReplayExchange;
import dev.handshakelab.pcapin.ReplayReport.ReplayField;
import dev.handshakelab.pcapin.ReplayReport.ReplayedSegment;

/**
 * Replays a captured flow's client segments against a simulated server and compares its answers
 * with the captured server's.
 *
 * <p>The client segments go in as captured, at the capture's times on the virtual clock (the
 * flow's first packet is time 0), so retransmission timers fire when the real ones did. Only
 * what refers to the server's random numbers is translated: a client's ACK number and SACK
 * blocks from the captured server's ISN to the simulated one's, its TS echo from the captured
 * server's first TSval to the simulated one's. Likewise the answers are compared relative to
 * each server's ISN and first TSval (RFC 6528 ISNs and RFC 7323 §5.4 TS offsets are random),
 * and times within {@link #toleranceMillis a tolerance}.
 */
final class FlowReplayer {

    /** The seed of the simulated server's secrets: any will do, numbers are compared relatively. */
    static final long SEED = 1;

    private final Flow flow;
    private final StackProfile profile;
    private final boolean verifyChecksums;
    private final Simulation sim;
    private final long startNanos;
    private final boolean listening;

    private Long capturedIss;
    private Long simulatedIss;
    private Long capturedTs0;
    private Long simulatedTs0;
    private Long clientIss;
    private Long clientTs0;
    private Negotiation negotiation;

    private FlowReplayer(Flow flow, StackProfile profile, boolean verifyChecksums, long maxEvents) {
        this.flow = flow;
        this.profile = profile;
        this.verifyChecksums = verifyChecksums;
        this.startNanos = flow.packets().get(0).atNanos();
        this.listening = !refusedFirstSyn(flow);
        // A closed port is simulated by a listener on another port of the same host.
        HostPort listener = listening ? flow.server() : new HostPort(flow.server().address(), flow.server().port() % 65535 + 1);
        this.sim = new Simulation(new SimulationConfig(profile, SEED, 0, listener, clientAddress(flow), NetworkPath.DIRECT));
        sim.limitEvents(maxEvents);
    }

    /**
     * Replays {@code flow} against a server of {@code profile}. With {@code verifyChecksums} a
     * client segment whose captured checksum is wrong reaches the simulated server as wrong (and
     * is dropped, as {@code tcp_v4_rcv} does); without, checksums are taken as right, since a
     * capture taken on the sending host sees them before checksum offload fills them in.
     *
     * @throws dev.handshakelab.core.sim.EventLimitExceeded past {@code maxEvents} simulated events in one step
     */
    static ReplayReport replay(Flow flow, StackProfile profile, boolean verifyChecksums, long maxEvents) {
        if (flow.notReplayable() != null) {
            throw new IllegalStateException(flow.notReplayable());
        }
        return new FlowReplayer(flow, profile, verifyChecksums, maxEvents).run();
    }

    /**
     * The simulation needs two hosts: a flow over loopback (127.0.0.1 to 127.0.0.1) gets another
     * client address, which changes nothing the comparison looks at.
     */
    private static IpAddress clientAddress(Flow flow) {
        IpAddress client = flow.client().address();
        if (!client.equals(flow.server().address())) {
            return client;
        }
        if (client instanceof Ipv4Address v4) {
            return new Ipv4Address(v4.bits() ^ 1);
        }
        return IpAddress.parse(client.toString().equals("fd00::1") ? "fd00::2" : "fd00::1");
    }

    /**
     * Whether the captured server answered the first SYN with a RST: nothing listened on its
     * port (RFC 9293 §3.10.7.1), so nothing listens on the simulated one either.
     */
    static boolean refusedFirstSyn(Flow flow) {
        boolean synSeen = false;
        for (TcpPacket p : flow.packets()) {
            TcpSegment s = p.datagram().segment();
            if (flow.fromClient(p)) {
                synSeen |= s.flags().syn() && !s.flags().ack();
            } else if (synSeen) {
                return s.flags().rst();
            }
        }
        return false;
    }

    /** The captured and simulated answers to one client segment, as they accumulate. */
    private static final class Pending {
        final ReplayedSegment client;
        final List<ReplayedSegment> captured = new ArrayList<>();
        final List<ReplayedSegment> simulated = new ArrayList<>();

        Pending(ReplayedSegment client) {
            this.client = client;
        }
    }

    private ReplayReport run() {
        List<Pending> exchanges = new ArrayList<>();
        Pending current = new Pending(null);
        exchanges.add(current);
        long lastMicros = 0;
        long lastServerAt = -1;
        for (TcpPacket p : flow.packets()) {
            // a capture's clock may step back (several interfaces, NTP): the virtual clock does not
            long at = Math.max(lastMicros, (p.atNanos() - startNanos) / 1_000);
            lastMicros = at;
            TcpSegment s = p.datagram().segment();
            if (flow.fromClient(p)) {
                // A timer due at the very instant the segment arrives: the file's order says which
                // came first. Unless a server segment of that instant precedes it, the segment goes
                // in a microsecond early, before the timer fires.
                long due = sim.nextDeadline().orElse(Long.MAX_VALUE);
                long injectAt = due == at && at > sim.now() && lastServerAt != at ? at - 1 : at;
                collect(current, sim.apply(new SimInput.AdvanceClock(injectAt - sim.now())));
                if (clientIss == null && s.flags().syn()) {
                    clientIss = s.seq().value();
                }
                TcpOption.Timestamps ts = s.option(TcpOption.Timestamps.class);
                if (clientTs0 == null && ts != null) {
                    clientTs0 = ts.tsVal();
                }
                current = new Pending(view(p.record(), at, s, clientIss, clientTs0, capturedIss, capturedTs0));
                exchanges.add(current);
                boolean checksumValid = !verifyChecksums || p.checksumValid();
                collect(current, sim.apply(new SimInput.InjectSegment(toSimulation(p.datagram()), checksumValid)));
            } else {
                if (s.flags().syn() && capturedIss == null) {
                    capturedIss = s.seq().value();
                }
                TcpOption.Timestamps ts = s.option(TcpOption.Timestamps.class);
                if (capturedTs0 == null && ts != null) {
                    capturedTs0 = ts.tsVal();
                }
                current.captured.add(view(p.record(), at, s, capturedIss, capturedTs0, clientIss, clientTs0));
                lastServerAt = at;
            }
        }
        collect(current, sim.apply(new SimInput.AdvanceClock(lastMicros - sim.now())));
        return report(exchanges);
    }

    /** The simulated server's segments in a reaction go to the exchange they answer. */
    private void collect(Pending exchange, Reaction reaction) {
        for (TcpEvent e : reaction.events()) {
            if (e instanceof TcpEvent.Negotiated n && n.host() == Host.SERVER) {
                negotiation = n.negotiation();
            }
            if (e instanceof TcpEvent.SegmentSent sent && sent.host() == Host.SERVER) {
                TcpSegment s = sent.datagram().segment();
                if (s.flags().syn() && simulatedIss == null) {
                    simulatedIss = s.seq().value();
                }
                TcpOption.Timestamps ts = s.option(TcpOption.Timestamps.class);
                if (simulatedTs0 == null && ts != null) {
                    simulatedTs0 = ts.tsVal();
                }
                exchange.simulated.add(view(null, sent.atMicros(), s, simulatedIss, simulatedTs0, clientIss, clientTs0));
            }
        }
    }

    /**
     * A client datagram as the simulated server must see it: between the simulation's hosts,
     * its numbers that echo the server's (ACK, SACK blocks, TS echo) moved from the captured
     * server's ISN and TSval to the simulated server's.
     */
    private IpDatagram toSimulation(IpDatagram captured) {
        TcpSegment s = captured.segment();
        long seqShift = capturedIss != null && simulatedIss != null ? simulatedIss - capturedIss : 0;
        long tsShift = capturedTs0 != null && simulatedTs0 != null ? simulatedTs0 - capturedTs0 : 0;
        List<TcpOption> options = new ArrayList<>(s.options().size());
        for (TcpOption o : s.options()) {
            if (o instanceof TcpOption.Timestamps ts && ts.tsEcr() != 0) {
                options.add(new TcpOption.Timestamps(ts.tsVal(), (ts.tsEcr() + tsShift) & 0xFFFF_FFFFL));
            } else if (o instanceof TcpOption.Sack sack) {
                List<TcpOption.SackBlock> blocks = new ArrayList<>();
                for (TcpOption.SackBlock b : sack.blocks()) {
                    blocks.add(new TcpOption.SackBlock(b.left().plus(seqShift), b.right().plus(seqShift)));
                }
                options.add(new TcpOption.Sack(blocks));
            } else {
                options.add(o);
            }
        }
        SeqNum ack = s.flags().ack() ? s.ack().plus(seqShift) : s.ack();
        TcpSegment moved = new TcpSegment(s.srcPort(), s.dstPort(), s.seq(), ack, s.flags(), s.window(), s.urgentPointer(),
                options, s.payload());
        return new IpDatagram(sim.config().client(), sim.config().server().address(), captured.ttl(), captured.ecn(), moved);
    }

    private ReplayedSegment view(Integer record, long atMicros, TcpSegment s, Long ownIss, Long ownTs0, Long peerIss, Long peerTs0) {
        List<String> options = new ArrayList<>();
        for (TcpOption o : s.options()) {
            if (o instanceof TcpOption.Timestamps ts) {
                options.add("TS val " + relative(ts.tsVal(), ownTs0) + " ecr " + (ts.tsEcr() == 0 ? "0" : relative(ts.tsEcr(), peerTs0)));
            } else {
                options.add(SegmentFormat.option(o));
            }
        }
        return new ReplayedSegment(record, atMicros / 1000.0, s.flags().letters(),
                ownIss == null ? s.seq().value() : s.seq().minus(SeqNum.of(ownIss)),
                s.flags().ack() ? (Long) (peerIss == null ? s.ack().value() : (long) s.ack().minus(SeqNum.of(peerIss))) : null,
                s.window(), options, s.payload().length(), SegmentFormat.format(s));
    }

    /** {@code +n} from the first value, in 32-bit modular arithmetic (RFC 7323 §5.2). */
    private static String relative(long value, Long first) {
        if (first == null) {
            return Long.toString(value);
        }
        int d = (int) (value - first);
        return d >= 0 ? "+" + d : Integer.toString(d);
    }

    // ---------------------------------------------------------------- comparison

    /** Times within this many milliseconds, or 2 % of the time, count as the same. */
    static double toleranceMillis(double atMillis) {
        return Math.max(10.0, atMillis * 0.02);
    }

    private ReplayReport report(List<Pending> pending) {
        List<ReplayExchange> exchanges = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        int compared = 0;
        int differing = 0;
        // set once the captured server's application closed or wrote (a FIN or data the lab does not
        // model): from then on the client acknowledges what the simulated server never sent, and
        // the simulated server answers that as Linux would (tcp_ack: an ACK of unsent data is
        // discarded with an ACK), so every later difference follows from that one
        String afterApplication = null;
        for (Pending p : pending) {
            if (p.client == null && p.captured.isEmpty() && p.simulated.isEmpty()) {
                continue;
            }
            List<ReplayAnswer> answers = new ArrayList<>();
            int n = Math.max(p.captured.size(), p.simulated.size());
            for (int i = 0; i < n; i++) {
                ReplayedSegment c = i < p.captured.size() ? p.captured.get(i) : null;
                ReplayedSegment s = i < p.simulated.size() ? p.simulated.get(i) : null;
                List<ReplayField> fields = compare(c, s, i);
                boolean same = fields.stream().allMatch(ReplayField::same);
                compared++;
                if (!same) {
                    differing++;
                    String where = "answer " + (i + 1) + (p.client == null ? "" : " to the client's " + p.client.summary())
                            + (c != null && c.record() != null ? " (record " + c.record() + ")" : "");
                    for (ReplayField f : fields) {
                        if (!f.same()) {
                            differences.add(where + ": " + f.explanation() + (afterApplication == null ? "" : afterApplication));
                        }
                    }
                }
                answers.add(new ReplayAnswer(c, s, same, fields));
                if (afterApplication == null && c != null && s == null && !notModelled(c).isEmpty()) {
                    afterApplication = " (this follows from the captured server's " + (c.flags().contains("F") ? "FIN" : "data")
                            + (c.record() == null ? "" : " in record " + c.record())
                            + ", which the lab does not model: the simulated server never sent it, so what the client "
                            + "acknowledges after it is data the simulated server has not sent)";
                }
            }
            exchanges.add(new ReplayExchange(p.client, answers));
        }
        String socket = listening ? "A listener on " + flow.server()
                : "No listener on " + flow.server() + ": the captured server refused the first SYN with a RST, so the "
                        + "simulated port is closed too";
        return new ReplayReport(flow.id(), profile.name(), profile.knobs(), socket, verifyChecksums ? "verify" : "ignore",
                negotiation == null ? null : negotiation.summary(), compared, differing, differences, exchanges,
                "Sequence numbers are relative to each server's ISN and the client's ISN, TS values to each side's first "
                        + "TSval; times are milliseconds from the flow's first packet and agree within max(10 ms, 2 %).");
    }

    private List<ReplayField> compare(ReplayedSegment c, ReplayedSegment s, int index) {
        List<ReplayField> fields = new ArrayList<>();
        if (c == null || s == null) {
            String mine = c == null ? null : c.summary();
            String theirs = s == null ? null : s.summary();
            String why = c == null
                    ? "the simulated " + profile.name() + " server sends " + s.summary() + " at " + ms(s.atMillis())
                            + ", the captured server sent nothing more before the client's next segment"
                            + (s.atMillis() > 0 && index > 0 ? " (a retransmission the capture does not show?)" : "")
                    : "the captured server sent " + c.summary() + " at " + ms(c.atMillis()) + ", the simulated "
                            + profile.name() + " server sends nothing" + notModelled(c);
            fields.add(new ReplayField("segment", mine, theirs, false, why));
            return fields;
        }
        double dt = s.atMillis() - c.atMillis();
        boolean timeSame = Math.abs(dt) <= toleranceMillis(c.atMillis());
        fields.add(new ReplayField("time", ms(c.atMillis()), ms(s.atMillis()), timeSame, timeSame ? null
                : "the simulated server sends at " + ms(s.atMillis()) + ", the captured one at " + ms(c.atMillis())
                        + (index > 0 ? ": the simulated " + profile.name() + " retransmits after its RTO (initial "
                                + profile.initialRtoMillis() + " ms, doubling each time, RFC 6298 §5.5)" : "")));
        fields.add(field("flags", c.flags(), s.flags(), "the captured server answered " + c.flags() + ", the simulated "
                + profile.name() + " answers " + s.flags()));
        fields.add(field("seq", Long.toString(c.relSeq()), Long.toString(s.relSeq()),
                "the sequence numbers relative to the server's ISN differ: captured " + c.relSeq() + ", simulated " + s.relSeq()));
        fields.add(field("ack", Objects.toString(c.relAck(), "none"), Objects.toString(s.relAck(), "none"),
                "the acknowledgment numbers relative to the client's ISN differ: captured " + Objects.toString(c.relAck(), "none")
                        + ", simulated " + Objects.toString(s.relAck(), "none")));
        fields.add(field("window", Integer.toString(c.window()), Integer.toString(s.window()),
                "the captured server offered a window of " + c.window() + ", the simulated " + profile.name() + " offers "
                        + s.window() + (negotiation != null && c.flags().contains("S") ? ": " + negotiation.windowReason() : "")));
        fields.add(field("options", String.join(",", kinds(c.options())), String.join(",", kinds(s.options())),
                "the options differ in kind or order: captured <" + String.join(",", c.options()) + ">, simulated <"
                        + String.join(",", s.options()) + "> (the " + profile.name() + " profile lays them out "
                        + profile.optionLayout() + ")"));
        Map<String, String> co = optionValues(c.options());
        Map<String, String> so = optionValues(s.options());
        for (String kind : union(co, so)) {
            String cv = co.getOrDefault(kind, "absent");
            String sv = so.getOrDefault(kind, "absent");
            boolean same = cv.equals(sv) || kind.equals("TS val") && tsValsAgree(cv, sv, c.atMillis());
            fields.add(new ReplayField(kind, cv, sv, same, same ? null : explainOption(kind, cv, sv)));
        }
        fields.add(field("payload", Integer.toString(c.payloadBytes()), Integer.toString(s.payloadBytes()),
                "the captured server sent " + c.payloadBytes() + " payload bytes, the simulated " + s.payloadBytes()
                        + ": the lab's server application writes nothing"));
        return fields;
    }

    private static ReplayField field(String name, String captured, String simulated, String explanation) {
        boolean same = captured.equals(simulated);
        return new ReplayField(name, captured, simulated, same, same ? null : explanation);
    }

    /** Why a captured segment has no simulated counterpart, when the lab does not model it. */
    private static String notModelled(ReplayedSegment c) {
        if (c.flags().contains("F") || c.payloadBytes() > 0) {
            return ": the lab models the handshake; its server application neither writes nor closes";
        }
        return "";
    }

    private String explainOption(String kind, String captured, String simulated) {
        String sim = "the simulated " + profile.name() + " server";
        String head = "captured server " + ("absent".equals(captured) ? "sent no " + kind : "offered " + kind + " " + captured)
                + ", " + sim + ("absent".equals(simulated) ? " sends none" : " offers " + simulated);
        if (negotiation == null) {
            return head;
        }
        return switch (kind) {
            case "mss" -> head + ": " + negotiation.mssReason()
                    + (captured.matches("\\d+") ? " (the captured server's MSS fits an MTU of " + (Integer.parseInt(captured)
                            + (flow.ipVersion() == 6 ? 60 : 40)) + "; the mtu knob sets the simulated one)" : "");
            case "wscale" -> head + ": " + negotiation.windowScaleReason() + (captured.matches("\\d+")
                    ? " (the captured wscale " + captured + " fits a receive buffer limit, max(tcp_rmem[2], rmem_max), of 2^"
                            + (Integer.parseInt(captured) + 15) + " bytes; the tcp_rmem knob sets the simulated one)" : "");
            case "sackOK" -> head + ": " + negotiation.sackReason();
            case "TS val", "TS ecr" -> head + ": " + negotiation.timestampsReason();
            default -> head;
        };
    }

    /** TSvals tick once a millisecond on Linux (tcp_time_stamp_ms): they agree if the times do. */
    private static boolean tsValsAgree(String captured, String simulated, double atMillis) {
        try {
            return Math.abs(Long.parseLong(captured.replace("+", "")) - Long.parseLong(simulated.replace("+", "")))
                    <= toleranceMillis(atMillis);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The option kinds in order, nop and EOL included: the layout. */
    private static List<String> kinds(List<String> options) {
        List<String> kinds = new ArrayList<>();
        for (String o : options) {
            int space = o.indexOf(' ');
            kinds.add(space < 0 ? o : o.substring(0, space));
        }
        return kinds;
    }

    /** Each option's value by name: {@code mss → 1460}, {@code TS val → +0}, {@code sackOK → present}. */
    private static Map<String, String> optionValues(List<String> options) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String o : options) {
            if (o.startsWith("TS val ")) {
                String[] parts = o.split(" ");
                values.put("TS val", parts[2]);
                values.put("TS ecr", parts[4]);
            } else if (!o.equals("nop") && !o.equals("eol")) {
                int space = o.indexOf(' ');
                values.putIfAbsent(space < 0 ? o : o.substring(0, space), space < 0 ? "present" : o.substring(space + 1));
            }
        }
        return values;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        for (String k : b.keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static String ms(double millis) {
        return String.format(java.util.Locale.ROOT, "%.3f ms", millis);
    }
}
