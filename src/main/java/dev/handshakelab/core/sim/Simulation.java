package dev.handshakelab.core.sim;

import dev.handshakelab.core.flood.FloodPlan;
import dev.handshakelab.core.flood.HalfOpenFootprint;
import dev.handshakelab.core.net.IcmpUnreachable;
import dev.handshakelab.core.net.Middlebox;
import dev.handshakelab.core.net.Route;
import dev.handshakelab.core.net.Verdict;
import dev.handshakelab.core.tcp.ConnectionId;
import dev.handshakelab.core.tcp.DropReason;
import dev.handshakelab.core.tcp.EventSink;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.Listener;
import dev.handshakelab.core.tcp.RequestSock;
import dev.handshakelab.core.tcp.SendCause;
import dev.handshakelab.core.tcp.TcpConnection;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpHost;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.tcp.TimerKind;
import dev.handshakelab.core.tcp.Transition;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpDatagram;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A deterministic discrete-event simulation of one lab: a server host with one listener, a
 * client host on which simulated clients run, and a path between them, all on a virtual clock
 * in microseconds. {@link #apply(SimInput)} is the only way to change it; it returns the
 * {@link Reaction} with every event the input caused.
 *
 * <p>Datagrams with zero path delay are delivered at the same virtual instant, in FIFO order,
 * without recursion; delayed ones wait in a queue ordered by (delivery time, send order).
 */
public final class Simulation {

    /** A datagram on its way; with {@code icmp} set it is the quote of an ICMP error sent back to {@code to}. */
    private record Delivery(long at, long order, Host to, IpDatagram datagram, boolean checksumValid, IcmpError icmp,
                            DropReason headerError) {
        Delivery(long at, long order, Host to, IpDatagram datagram, boolean checksumValid) {
            this(at, order, to, datagram, checksumValid, null, null);
        }

        Delivery(long at, long order, Host to, IpDatagram datagram, boolean checksumValid, IcmpError icmp) {
            this(at, order, to, datagram, checksumValid, icmp, null);
        }
    }

    /** An ICMP destination unreachable from the middlebox {@code from}. */
    private record IcmpError(IcmpUnreachable code, String from) {}

    private static final Comparator<Delivery> DELIVERY_ORDER =
            Comparator.comparingLong(Delivery::at).thenComparingLong(Delivery::order);

    private final SimulationConfig config;
    final TcpHost server;
    final TcpHost client;
    private final ArrayDeque<Delivery> ready = new ArrayDeque<>();
    private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>(DELIVERY_ORDER);
    final ArrayList<TcpEvent> recorded = new ArrayList<>();
    /** Every event passes this gate, which a bulk run (a SYN flood) closes or filters. */
    final EventGate sink;
    final boolean recording;
    long now;
    private long sendOrder;
    /** At most this many events are recorded per input; see {@link #limitEvents}. */
    private long eventLimit = Long.MAX_VALUE;

    /** A simulation that records every event into each {@link Reaction}. */
    public Simulation(SimulationConfig config) {
        this(config, null);
    }

    /**
     * A simulation whose events go to {@code sink} instead of the reactions (bulk runs, such as a
     * SYN flood, that sample events); with a null sink every event is recorded.
     */
    public Simulation(SimulationConfig config, EventSink sink) {
        this.config = config;
        this.now = config.startMicros();
        this.recording = sink == null;
        this.sink = new EventGate(recording ? this::record : sink);
        this.server = new TcpHost(Host.SERVER, config.server().address(), config.profile(), config.seed());
        this.client = new TcpHost(Host.CLIENT, config.client(), config.profile(), config.seed());
        server.listen(config.server().port());
        server.setEventSink(this.sink);
        client.setEventSink(this.sink);
        server.setWire(d -> transmit(Host.SERVER, d, true));
        client.setWire(d -> transmit(Host.CLIENT, d, true));
    }

    /**
     * Limits how many events one input may record from now on: the input that would record one
     * more throws {@link EventLimitExceeded}, and the simulation is then mid-step and must be
     * thrown away. {@code Long.MAX_VALUE} lifts the limit.
     */
    public void limitEvents(long max) {
        eventLimit = max;
    }

    private void record(TcpEvent event) {
        if (recorded.size() >= eventLimit) {
            throw new EventLimitExceeded(eventLimit);
        }
        recorded.add(event);
    }

    public SimulationConfig config() { return config; }
    public long now() { return now; }
    public TcpHost server() { return server; }
    public TcpHost client() { return client; }

    /**
     * Heap a world of no connections holds: two hosts with their secrets and counters, a
     * listener, the path and the simulation's queues; measured by {@code WorldFootprint} in the
     * benchmarks (2,582 B on JDK 17 with compressed oops) and rounded up.
     */
    static final long BASE_BYTES = 4 * 1024;
    /**
     * Heap per full connection: the {@code TcpConnection} (about 100 B), its negotiation, its SYN
     * options, its transitions and their cause strings, and its slots in the host's maps;
     * measured by {@code WorldFootprint} (547 B per connection over 40,000) and rounded up.
     */
    static final long CONNECTION_BYTES = 640;
    /** Heap per datagram in flight: the delivery, its datagram, segment, options and payload. */
    static final long DELIVERY_BYTES = 320;

    /**
     * An estimate of the heap this world holds, for a cache of worlds bounded by size rather than
     * by count: a lab world is a few kilobytes, a world a SYN flood left behind can be tens of
     * megabytes. Counts what grows with use (connections, half-open requests, datagrams in
     * flight, middlebox tables) at sizes measured on a 64-bit JVM with compressed oops.
     */
    public long footprintBytes() {
        long bytes = BASE_BYTES
                + (long) (server.connectionCount() + client.connectionCount()) * CONNECTION_BYTES
                + (long) (ready.size() + inFlight.size()) * DELIVERY_BYTES;
        for (TcpHost host : List.of(server, client)) {
            if (host.listener() != null) {
                bytes += (long) host.listener().synQueue().size()
                        * HalfOpenFootprint.bytes(config.server().address() instanceof dev.handshakelab.core.wire.Ipv6Address);
            }
        }
        // a firewall on both routes is one box with one table: count each box once
        Set<Middlebox> boxes = Collections.newSetFromMap(new IdentityHashMap<>());
        boxes.addAll(config.path().forward().middleboxes());
        boxes.addAll(config.path().back().middleboxes());
        for (Middlebox box : boxes) {
            bytes += box.footprintBytes();
        }
        return bytes;
    }

    /** The next time something is due (a timer or an in-flight datagram), if any. */
    public OptionalLong nextDeadline() {
        long next = nextDue();
        return next == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(next);
    }

    /** Applies one input and returns what it caused. Deterministic. */
    public Reaction apply(SimInput input) {
        long startedAt = now;
        recorded.clear();
        if (input instanceof SimInput.InjectSegment inject) {
            inject(inject.datagram(), inject.checksumValid(), inject.headerError());
        } else if (input instanceof SimInput.Connect connect) {
            client.connect(connect.clientPort(), config.server(), connect.preset(), connect.autoAck(), now);
            drain();
        } else if (input instanceof SimInput.AdvanceClock advance) {
            advanceTo(now + advance.micros());
        } else {
            long next = nextDue();
            if (next != Long.MAX_VALUE) {
                advanceTo(next);
            }
        }
        return reaction(startedAt);
    }

    /**
     * The reaction to the input just applied, which takes a copy of the recorded events; the
     * list is emptied, so that a world kept in a cache between steps does not keep its last
     * step's events alive (a flood's are 20,000), and its array is let go when it was large.
     */
    Reaction reaction(long startedAt) {
        Reaction reaction = new Reaction(startedAt, now, recording ? recorded : List.of());
        int count = recorded.size();
        recorded.clear();
        if (count > RECORDED_KEPT_CAPACITY) {
            recorded.trimToSize();
        }
        return reaction;
    }

    /** Events a step usually records at most (a lab step records a dozen): a list this long is kept for the next. */
    private static final int RECORDED_KEPT_CAPACITY = 64;

    /**
     * A student's segment. It leaves from the side whose address it carries: a datagram from the
     * server's address stands for the server host's own socket (the crossing SYN of a
     * simultaneous open), anything else for the student's raw socket on the client side.
     */
    private void inject(IpDatagram d, boolean checksumValid, DropReason headerError) {
        Host sender = d.src().equals(config.server().address()) ? Host.SERVER : Host.CLIENT;
        if (sink.enabled()) {
            sink.accept(new TcpEvent.SegmentSent(now, sender, d, checksumValid, SendCause.STUDENT, 0, 0));
        }
        if (sender == Host.CLIENT) {
            client.studentSent(d, now);
        }
        transmit(sender, d, checksumValid, headerError);
        drain();
    }

    /**
     * Puts a datagram on the path. Addressed to the server it takes the forward route to the
     * server host; anything else takes the return route to the client host (which drops what is
     * not addressed to it).
     */
    void transmit(Host from, IpDatagram d, boolean checksumValid) {
        transmit(from, d, checksumValid, null);
    }

    private void transmit(Host from, IpDatagram d, boolean checksumValid, DropReason headerError) {
        Host to = d.dst().equals(config.server().address()) ? Host.SERVER : Host.CLIENT;
        Route route = to == Host.SERVER ? config.path().forward() : config.path().back();
        long delay = route.latencyMicros();
        for (Middlebox m : route.middleboxes()) {
            Verdict v = m.inspect(d, now);
            if (v instanceof Verdict.Delay dl) {
                delay += dl.delayMicros();
            } else if (v instanceof Verdict.Drop dr) {
                middleboxDrop(to, d, m, dr.reason());
                return;
            } else if (v instanceof Verdict.Reject rj) {
                middleboxDrop(to, d, m, rj.reason());
                // the middlebox's own reply goes straight back to the sender's host
                if (sink.enabled()) {
                    sink.accept(new TcpEvent.SegmentSent(now, to, rj.reply(), true, SendCause.MIDDLEBOX_REJECT, 0, 0));
                }
                ready.add(new Delivery(now, sendOrder++, from, rj.reply(), true));
                return;
            } else if (v instanceof Verdict.Unreachable un) {
                middleboxDrop(to, d, m, un.reason());
                // RFC 792: the ICMP error goes back to the sender at once, quoting the datagram.
                ready.add(new Delivery(now, sendOrder++, from, d, true, new IcmpError(un.code(), m.name())));
                return;
            }
        }
        Delivery delivery = new Delivery(now + delay, sendOrder++, to, d, checksumValid, null, headerError);
        if (delay == 0) {
            ready.add(delivery);
        } else {
            inFlight.add(delivery);
        }
    }

    private void middleboxDrop(Host to, IpDatagram d, Middlebox m, String reason) {
        (to == Host.SERVER ? server : client).counters().drop(DropReason.MIDDLEBOX);
        if (sink.enabled()) {
            String where = (to == Host.SERVER ? "forward route: " : "return route: ") + m.name();
            sink.accept(new TcpEvent.SegmentDropped(now, to, d, DropReason.MIDDLEBOX, where, reason));
        }
    }

    /** Delivers everything due now, including what those deliveries cause, in FIFO order. */
    void drain() {
        Delivery next;
        while ((next = ready.poll()) != null) {
            TcpHost host = next.to() == Host.SERVER ? server : client;
            if (next.icmp() != null) {
                host.icmpUnreachable(next.datagram(), next.icmp().code(), next.icmp().from(), now);
            } else {
                host.receive(next.datagram(), next.checksumValid(), next.headerError(), now);
            }
        }
    }

    long nextDue() {
        long next = Math.min(server.nextDeadline(), client.nextDeadline());
        Delivery d = inFlight.peek();
        return d == null ? next : Math.min(next, d.at());
    }

    void advanceTo(long target) {
        long next;
        while ((next = nextDue()) <= target) {
            now = next;
            Delivery d;
            while ((d = inFlight.peek()) != null && d.at() <= now) {
                ready.add(inFlight.poll());
            }
            drain();
            server.fireTimers(now);
            drain();
            client.fireTimers(now);
            drain();
        }
        now = target;
    }

    /**
     * Runs a SYN flood ({@link FloodRunner}): attack SYNs and legitimate clients over a stretch of
     * virtual time. Returns the events the history keeps (all of the legitimate clients', a
     * sample of the attack's) and the time series. Deterministic like {@link #apply}.
     */
    public FloodOutcome flood(FloodPlan plan) {
        return new FloodRunner(this, plan).run();
    }

    /** The world now: endpoints, listener queues, timers, counters. */
    public SimSnapshot snapshot() {
        List<SimSnapshot.EndpointView> endpoints = new ArrayList<>();
        List<SimSnapshot.TimerView> timers = new ArrayList<>();
        Listener l = server.listener();
        endpoints.add(new SimSnapshot.EndpointView(Host.SERVER, l.local(), null, TcpState.LISTEN, null, null, null, null,
                null, List.of(new Transition(config.startMicros(), TcpState.CLOSED, TcpState.LISTEN, "listen(" + config.profile().backlog() + ")")), false));
        List<SimSnapshot.SynQueueEntry> synQueue = new ArrayList<>();
        for (RequestSock r : l.synQueue().entries()) {
            HostPort remote = new HostPort(r.remoteAddress(), r.remotePort());
            endpoints.add(requestView(l, r));
            synQueue.add(new SimSnapshot.SynQueueEntry(remote, r.iss().value(), r.irs().value(), r.retransmissions(),
                    r.deadlineMicros(), r.acked()));
            timers.add(new SimSnapshot.TimerView(Host.SERVER, new ConnectionId(remote, l.local()),
                    TimerKind.SYNACK_RETRANSMIT, r.deadlineMicros()));
        }
        if (l.nextAcceptAtMicros() != Long.MAX_VALUE) {
            timers.add(new SimSnapshot.TimerView(Host.SERVER, null, TimerKind.ACCEPT, l.nextAcceptAtMicros()));
        }
        List<ConnectionId> acceptQueue = new ArrayList<>();
        for (TcpConnection c : l.acceptQueue()) {
            acceptQueue.add(c.id());
        }
        for (TcpHost h : List.of(server, client)) {
            for (TcpConnection c : h.connections()) {
                endpoints.add(connectionView(h, c));
                if (c.deadlineMicros() != Long.MAX_VALUE) {
                    timers.add(new SimSnapshot.TimerView(h.host(), c.id(), TimerKind.SYN_RETRANSMIT, c.deadlineMicros()));
                }
            }
        }
        List<Delivery> flying = new ArrayList<>(inFlight);
        flying.sort(DELIVERY_ORDER);
        for (Delivery d : flying) {
            timers.add(new SimSnapshot.TimerView(d.to(), null, TimerKind.DELIVERY, d.at()));
        }
        timers.sort(Comparator.comparingLong(SimSnapshot.TimerView::deadlineMicros));
        Map<Host, Map<String, Long>> counters = new EnumMap<>(Host.class);
        counters.put(Host.SERVER, server.counters().nonZero());
        counters.put(Host.CLIENT, client.counters().nonZero());
        return new SimSnapshot(now, nextDeadline(), endpoints,
                new SimSnapshot.ListenerView(l.local(), l.maxAckBacklog(), synQueue, acceptQueue), timers, counters);
    }

    /**
     * The endpoints of these connections as they are now, in the order given, the server's side
     * before the client's; a connection that has ended has none. Looks each one up instead of
     * walking every endpoint, so it costs the same beside a SYN queue of thousands.
     */
    public List<SimSnapshot.EndpointView> endpointsOf(Collection<ConnectionId> connections) {
        List<SimSnapshot.EndpointView> endpoints = new ArrayList<>(connections.size());
        Listener l = server.listener();
        for (ConnectionId id : connections) {
            if (id.server().equals(l.local())) {
                RequestSock r = l.synQueue().find(id.client().address(), id.client().port());
                if (r != null) {
                    endpoints.add(requestView(l, r));
                }
            }
            TcpConnection s = server.connection(id);
            if (s != null) {
                endpoints.add(connectionView(server, s));
            }
            TcpConnection c = client.connection(id);
            if (c != null) {
                endpoints.add(connectionView(client, c));
            }
        }
        return endpoints;
    }

    /** A half-open request as an endpoint: the server side of the connection, in SYN_RECEIVED. */
    private SimSnapshot.EndpointView requestView(Listener l, RequestSock r) {
        return new SimSnapshot.EndpointView(Host.SERVER, l.local(), new HostPort(r.remoteAddress(), r.remotePort()),
                TcpState.SYN_RECEIVED, r.iss().value(), r.irs().value(), r.iss().plus(1).value(), r.irs().plus(1).value(),
                r.negotiation(config.profile()),
                List.of(new Transition(r.createdAtMicros(), TcpState.LISTEN, TcpState.SYN_RECEIVED, "SYN received")), false);
    }

    private static SimSnapshot.EndpointView connectionView(TcpHost h, TcpConnection c) {
        boolean knowsPeer = c.negotiation() != null;
        return new SimSnapshot.EndpointView(h.host(), c.local(), c.remote(), c.state(), c.iss().value(),
                knowsPeer ? c.irs().value() : null, c.sndNxt().value(), knowsPeer ? c.rcvNxt().value() : null,
                c.negotiation(), c.transitions(), c.awaitingStudentAck());
    }
}
