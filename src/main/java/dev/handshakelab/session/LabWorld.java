package dev.handshakelab.session;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.handshakelab.core.net.NetworkPath;
import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.flood.FloodSeries;
import dev.handshakelab.core.sim.FloodOutcome;
import dev.handshakelab.core.sim.Reaction;
import dev.handshakelab.core.sim.SimInput;
import dev.handshakelab.core.sim.SimSnapshot;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import dev.handshakelab.core.tcp.DropReason;
import dev.handshakelab.core.tcp.ConnectionId;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.wire.DecodedDatagram;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.session.api.ClockView;

/**
 * One session's simulated world: the protocol core's {@link Simulation} built from the session's
 * settings, fed with the session's steps. This is the one place where stored steps become the
 * core's inputs and the core's state becomes what the API shows.
 */
final class LabWorld {

    private final Simulation simulation;
    /** Steps the core has accepted. */
    private int stepCount;
    /**
     * The version of the session row this world is the state of, or -1 while a step is being
     * applied and not yet stored. The row's version goes up with every step stored, by any app
     * instance, so a matching version means no step was stored that this world did not run, and
     * it ran none that was not stored.
     */
    private long rowVersion = -1;
    /** Set when a step failed part-way: the world may hold half of it and must never be used again. */
    private volatile boolean discarded;

    private LabWorld(Simulation simulation) {
        this.simulation = simulation;
    }

    static LabWorld build(LabSession s, StackProfile profile, NetworkPath path) {
        SimulationConfig config = new SimulationConfig(profile, s.getSeed(), s.getStartMicros(),
                new HostPort(IpAddress.parse(s.getServerAddress()), s.getServerPort()),
                IpAddress.parse(s.getClientAddress()), path);
        return new LabWorld(new Simulation(config));
    }

    /** What one step did; {@code floodSeries} only for a flood step. */
    record Outcome(long startedAtMicros, long endedAtMicros, List<TcpEvent> events, FloodSeries floodSeries) {}

    /**
     * Runs one step through the core. If the core refuses it or anything fails part-way, the
     * world is discarded: the core has no undo, and a world that ran part of a step the database
     * never stored would store wrong events for every later step.
     */
    Outcome apply(StepInput input) {
        if (discarded) {
            throw new IllegalStateException("a discarded world is never used again");
        }
        rowVersion = -1;
        try {
            Outcome outcome = run(input);
            stepCount++;
            return outcome;
        } catch (RuntimeException | Error e) {
            discarded = true;
            throw e;
        }
    }

    private Outcome run(StepInput input) {
        if (input instanceof StepInput.Flood flood) {
            FloodOutcome f = simulation.flood(flood.plan());
            return new Outcome(f.reaction().startedAt(), f.reaction().endedAt(), f.reaction().events(), f.series());
        }
        Reaction r = simulation.apply(toSimInput(input));
        return new Outcome(r.startedAt(), r.endedAt(), r.events(), null);
    }

    /**
     * Limits the events the next {@link #apply} may produce; past it, apply throws
     * {@link dev.handshakelab.core.sim.EventLimitExceeded} and this world must be dropped.
     */
    void limitEvents(long max) {
        simulation.limitEvents(max);
    }

    /** Applies a stored step while rebuilding the world; its events were stored when it first ran. */
    void replay(StepInput input) {
        apply(input);
    }

    /** Records that the session row, as this transaction leaves it, is this world's state. */
    void stateOf(LabSession session) {
        if (session.getStepCount() != stepCount) {
            throw new IllegalStateException("world ran " + stepCount + " steps, session stores " + session.getStepCount());
        }
        rowVersion = session.getVersion();
    }

    /** Whether this world is exactly what the stored steps of {@code session}, as read under its row lock, build. */
    boolean isStateOf(LabSession session) {
        return !discarded && rowVersion == session.getVersion() && stepCount == session.getStepCount();
    }

    /** Whether this world may still run steps: it has not been discarded. */
    boolean isUsable() {
        return !discarded;
    }

    /** Never use this world again: its step was rolled back, or failed. */
    void discard() {
        discarded = true;
    }

    /** An estimate of the heap this world holds, for the size-bounded cache of worlds. */
    long footprintBytes() {
        return simulation.footprintBytes();
    }

    long now() {
        return simulation.now();
    }

    Long nextDeadline() {
        var next = simulation.nextDeadline();
        return next.isPresent() ? next.getAsLong() : null;
    }

    private static SimInput toSimInput(StepInput input) {
        if (input instanceof StepInput.Segment seg) {
            DecodedDatagram d = SegmentCodec.decodeIp(HexFormat.of().parseHex(seg.ipHex()));
            // raw bytes with an impossible data offset are a lesson too: the receiver drops them
            return new SimInput.InjectSegment(d.datagram(), d.tcp().checksumValid(),
                    d.tcp().dataOffsetValid() ? null : DropReason.BAD_DATA_OFFSET);
        }
        if (input instanceof StepInput.Connect c) {
            return new SimInput.Connect(c.clientPort(), ClientPreset.named(c.preset()), c.autoAck());
        }
        StepInput.Clock clock = (StepInput.Clock) input;
        return clock.toNext() ? new SimInput.AdvanceToNext() : new SimInput.AdvanceClock(clock.advanceMicros());
    }

    // ------------------------------------------------------------------ views

    /**
     * The endpoints of the connections these events touched, as they are now: the "states after"
     * of a step. A touched connection missing here has ended. Only the touched ones, so a step's
     * answer stays the same size however many connections the session holds.
     */
    List<Object> endpointsTouchedBy(List<TcpEvent> events) {
        Set<ConnectionId> touched = new LinkedHashSet<>();
        for (TcpEvent e : events) {
            if (e.connection() != null) {
                touched.add(e.connection());
            }
        }
        return new ArrayList<>(endpointViews(simulation.endpointsOf(touched)));
    }

    SnapshotView snapshot() {
        SimSnapshot s = simulation.snapshot();
        SimSnapshot.ListenerView l = s.listener();
        ListenerView listener = l == null ? null : new ListenerView(l.local().toString(), l.backlog(),
                l.synQueue().stream().map(e -> new SynQueueEntryView(e.remote().toString(), e.iss(), e.irs(),
                        e.retransmissions(), e.expiresAtMicros(), e.acked())).toList(),
                l.acceptQueue().stream().map(Object::toString).toList());
        List<TimerView> timers = s.timers().stream().map(t -> new TimerView(t.owner().label(),
                t.connection() == null ? null : t.connection().toString(), t.timer().label(), t.deadlineMicros())).toList();
        Map<String, Map<String, Long>> counters = new java.util.LinkedHashMap<>();
        s.counters().forEach((host, c) -> counters.put(host.label(), c));
        return new SnapshotView(new ClockView(s.nowMicros(), s.nextDeadlineMicros().isPresent() ? s.nextDeadlineMicros().getAsLong() : null),
                endpointViews(s), listener, timers, counters);
    }

    private static List<EndpointView> endpointViews(SimSnapshot s) {
        return endpointViews(s.endpoints());
    }

    private static List<EndpointView> endpointViews(List<SimSnapshot.EndpointView> endpoints) {
        return endpoints.stream().map(e -> new EndpointView(e.host().label(), e.local().toString(),
                e.remote() == null ? null : e.remote().toString(), e.state().name(), e.iss(), e.irs(), e.sndNxt(), e.rcvNxt(),
                NegotiationViews.view(e.negotiation()),
                e.transitions().stream().map(t -> new TransitionView(t.atMicros(), t.from().name(), t.to().name(), t.cause())).toList(),
                e.awaitingStudentAck())).toList();
    }

    /** An endpoint as the API shows it: the listener has no remote and state LISTEN. */
    record EndpointView(String host, String local, String remote, String state, Long iss, Long irs, Long sndNxt, Long rcvNxt,
            Map<String, Object> negotiation, List<TransitionView> transitions, boolean awaitingStudentAck) {}

    record TransitionView(long atMicros, String from, String to, String cause) {}

    record SynQueueEntryView(String remote, long iss, long irs, int retransmissions, long expiresAtMicros, boolean acked) {}

    record ListenerView(String local, int backlog, List<SynQueueEntryView> synQueue, List<String> acceptQueue) {}

    record TimerView(String owner, String connection, String timer, long deadlineMicros) {}

    /** The whole world at one instant. */
    record SnapshotView(ClockView clock, List<EndpointView> endpoints, ListenerView listener, List<TimerView> timers,
            Map<String, Map<String, Long>> counters) {}
}
