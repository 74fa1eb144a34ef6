package dev.handshakelab.core.sim;

import dev.handshakelab.core.flood.AttackSources;
import dev.handshakelab.core.flood.AttackStream;
import dev.handshakelab.core.flood.FloodPlan;
import dev.handshakelab.core.flood.FloodSeries;
import dev.handshakelab.core.flood.HalfOpenFootprint;
import dev.handshakelab.core.net.Route;
import dev.handshakelab.core.tcp.ConnectionId;
import dev.handshakelab.core.tcp.Counters;
import dev.handshakelab.core.tcp.Counters.Counter;
import dev.handshakelab.core.tcp.DropReason;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.Listener;
import dev.handshakelab.core.tcp.SynOptions;
import dev.handshakelab.core.tcp.TcpConnection;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpHost;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.Ipv6Address;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Drives one SYN flood through a {@link Simulation}: attack SYNs at their times, legitimate
 * connect() calls at theirs, and every timer in between, in virtual-time order (at one instant:
 * timers and deliveries first, then a legitimate connect, then an attack SYN), closing a bucket
 * of the time series at each bucket boundary.
 *
 * <p>Scale comes from three things. An attack SYN the history does not keep goes through
 * {@link TcpHost#floodSyn} with the event gate closed: no datagram, no event, and no allocation
 * at all in cookie mode. The next deadline is recomputed in full only after something that can
 * move it other than the server's own SYN queue. And the history keeps every event of the
 * legitimate clients, but of the attack only the first {@code sampleFirst} SYNs, every
 * {@code sampleEvery}-th one, and any SYN the fast path handed back (each announced by a
 * {@code flood-sample} note), so what is stored does not grow with the number of SYNs.
 *
 * <p>The flood runs in the lab's family: in an IPv6 lab the spoofed sources are IPv6 addresses
 * ({@link dev.handshakelab.core.flood.AttackSources.Cidr6} or random 128-bit ones) and go
 * through {@link TcpHost#floodSyn6}, the legitimate clients connect from the lab's IPv6 client
 * address, and the tables that tell attack from legitimate traffic hold whole addresses.
 */
final class FloodRunner {

    /** Linux's default {@code ip_local_port_range} is 32768..60999: legitimate clients take their ports from it. */
    static final int FIRST_CLIENT_PORT = 32768;
    static final int LAST_CLIENT_PORT = 60999;

    private final Simulation sim;
    private final FloodPlan plan;
    private final TcpHost server;
    private final Listener listener;
    private final HostPort serverPort;
    /** The legitimate clients' address: the lab's client. */
    private final IpAddress clientAddress;
    /** An IPv6 lab: attack SYNs take {@link TcpHost#floodSyn6}, and their sources are 128 bits. */
    private final boolean ipv6;
    private final SynOptions attackOptions;
    private final List<TcpOption> attackOptionList = List.of(new TcpOption.MaxSegmentSize(FloodPlan.ATTACK_MSS));
    private final boolean fastRoute;
    /**
     * Addresses of peers the server already has full connections with: their SYNs take the full
     * path. IPv4: one 32-bit address per element; IPv6: high and low halves in turn.
     */
    private final int[] knownPeers;
    private final long[] knownPeers6;
    /** Sources (address and port) of the attack SYNs whose events the history keeps. */
    private final Set<HostPort> kept = new HashSet<>();
    /** connect() time of this flood's legitimate clients, by local port; -1 for other ports. */
    private final long[] connectAt = new long[65536];
    private final List<FloodSeries.Bucket> buckets = new ArrayList<>();
    private long[] before;
    private long attempts;
    private long successes;
    private long failures;
    private long[] latencies = new long[64];
    private int latencyCount;
    private int nextClientPort = FIRST_CLIENT_PORT;

    FloodRunner(Simulation sim, FloodPlan plan) {
        this.sim = sim;
        this.plan = plan;
        this.server = sim.server;
        this.listener = server.listener();
        this.serverPort = sim.config().server();
        this.clientAddress = sim.config().client();
        this.ipv6 = serverPort.address() instanceof Ipv6Address;
        this.attackOptions = SynOptions.parse(attackOptionList, server.profile());
        Route forward = sim.config().path().forward();
        this.fastRoute = forward.middleboxes().isEmpty() && forward.latencyMicros() == 0;
        List<IpAddress> peers = server.connections().stream().map(TcpConnection::remote).map(HostPort::address).distinct().toList();
        this.knownPeers = peers.stream().filter(a -> a instanceof Ipv4Address).mapToInt(a -> ((Ipv4Address) a).bits()).toArray();
        this.knownPeers6 = peers.stream().filter(a -> a instanceof Ipv6Address)
                .flatMapToLong(a -> java.util.stream.LongStream.of(((Ipv6Address) a).high(), ((Ipv6Address) a).low())).toArray();
        Arrays.fill(connectAt, -1);
    }

    /** The attack's SYNs, from sources of the lab's family that are never the lab's own two addresses. */
    private AttackStream attackStream() {
        IpAddress server = serverPort.address();
        if (ipv6) {
            if (!(clientAddress instanceof Ipv6Address client)) {
                throw new IllegalArgumentException("an IPv6 server needs an IPv6 client address; got " + clientAddress);
            }
            // an IPv4 prefix floods an IPv6 lab from its IPv4-embedded addresses (RFC 6052, 64:ff9b::/96)
            AttackSources sources = plan.sources() instanceof AttackSources.Cidr v4 ? v4.embedded() : plan.sources();
            return AttackStream.ipv6(sources, plan.seed(), (Ipv6Address) server, client);
        }
        if (!(clientAddress instanceof Ipv4Address client)) {
            throw new IllegalArgumentException("an IPv4 server needs an IPv4 client address; got " + clientAddress);
        }
        return new AttackStream(plan.sources(), plan.seed(), ((Ipv4Address) server).bits(), client.bits());
    }

    FloodOutcome run() {
        long start = sim.now;
        long end = start + plan.durationMicros();
        sim.recorded.clear();
        sim.sink.filter(this::keep);
        try {
            note(start, null, "flood-started", startText(start));
            AttackStream attack = attackStream();
            before = counters();
            long i = 0;
            int j = 0;
            long bucketStart = start;
            long bucketEnd = Math.min(start + plan.bucketMicros(), end);
            long due = sim.nextDue();
            // attack SYN i leaves at start + startMicros + floor(i * 10^6 / rate) (FloodPlan.attackAt),
            // stepped without a division per SYN: whole gap q, and the remainder carried as in long division
            long gap = 1_000_000L / plan.ratePerSecond();
            long gapRemainder = 1_000_000L % plan.ratePerSecond();
            long carry = 0;
            long nextAttack = start + plan.startMicros();
            while (true) {
                long attackAt = i < plan.syns() ? nextAttack : Long.MAX_VALUE;
                long legitAt = j < plan.legitClients() ? start + plan.legitAt(j) : Long.MAX_VALUE;
                long next = Math.min(attackAt, legitAt);
                if (bucketEnd <= next) {
                    // everything before the boundary happens first; an input exactly at it belongs to the next bucket
                    if (due < bucketEnd) {
                        sim.advanceTo(bucketEnd - 1);
                        due = sim.nextDue();
                    }
                    closeBucket(bucketStart);
                    if (bucketEnd >= end) {
                        break;
                    }
                    bucketStart = bucketEnd;
                    bucketEnd = Math.min(bucketEnd + plan.bucketMicros(), end);
                    continue;
                }
                if (due <= next) {
                    sim.advanceTo(next);
                    due = sim.nextDue();
                } else {
                    sim.now = next; // nothing is due before next: moving the clock fires nothing
                }
                if (legitAt <= attackAt) {
                    connectLegitimate();
                    j++;
                    due = sim.nextDue();
                } else {
                    due = attackSyn(attack, i++, due);
                    nextAttack += gap;
                    carry += gapRemainder;
                    if (carry >= plan.ratePerSecond()) {
                        carry -= plan.ratePerSecond();
                        nextAttack++;
                    }
                }
            }
            sim.now = end;
            note(end, null, "flood-ended", endText());
        } finally {
            sim.sink.filter(null);
            sim.sink.open(true);
        }
        FloodSeries series = new FloodSeries(plan.bucketMicros(), bytesPerRequest(), buckets);
        return new FloodOutcome(sim.reaction(start), series);
    }

    /** One attack SYN; returns the next deadline afterwards. */
    private long attackSyn(AttackStream attack, long i, long due) {
        attack.next();
        int port = attack.port();
        int seq = attack.seq();
        boolean show = plan.sampled(i);
        String why = null;
        if (!show && fastRoute && !known(attack)) {
            sim.sink.open(false);
            long result = ipv6 ? server.floodSyn6(attack.addressHigh(), attack.addressLow(), port, seq, attackOptions, sim.now)
                    : server.floodSyn(attack.address(), port, seq, attackOptions, sim.now);
            sim.sink.open(true);
            if (result != TcpHost.FLOOD_NEEDS_FULL_PATH) {
                return Math.min(due, server.nextDeadline());
            }
            show = true;
            why = "kept because the listener handled it one by one: the first SYN its full queue turned away "
                    + "(answered with a cookie, or dropped), or its 4-tuple already had a half-open request";
        }
        if (show) {
            if (why == null) {
                why = "the history keeps the first " + plan.sampleFirst() + " attack SYNs and every "
                        + plan.sampleEvery() + "th; the others are only counted in the flood series";
            }
            HostPort from = new HostPort(source(attack), port);
            kept.add(from);
            note(sim.now, new ConnectionId(from, serverPort), "flood-sample", "attack SYN #" + (i + 1) + " of " + plan.syns()
                    + " from " + from + " (spoofed: nobody there answers the SYN-ACK); " + why);
        } else {
            sim.sink.open(false);
        }
        try {
            TcpSegment syn = new TcpSegment(port, serverPort.port(), new SeqNum(seq), SeqNum.ZERO, TcpFlags.SYN_ONLY,
                    FloodPlan.ATTACK_WINDOW, 0, attackOptionList, Bytes.EMPTY);
            sim.transmit(Host.CLIENT, IpDatagram.of(source(attack), serverPort.address(), syn), true);
            sim.drain();
        } finally {
            sim.sink.open(true);
        }
        return sim.nextDue();
    }

    private IpAddress source(AttackStream attack) {
        return ipv6 ? new Ipv6Address(attack.addressHigh(), attack.addressLow()) : new Ipv4Address(attack.address());
    }

    /** Whether the current attack SYN's source is a peer the server has a full connection with. */
    private boolean known(AttackStream attack) {
        if (ipv6) {
            for (int k = 0; k < knownPeers6.length; k += 2) {
                if (knownPeers6[k] == attack.addressHigh() && knownPeers6[k + 1] == attack.addressLow()) {
                    return true;
                }
            }
            return false;
        }
        int address = attack.address();
        for (int a : knownPeers) {
            if (a == address) {
                return true;
            }
        }
        return false;
    }

    private void connectLegitimate() {
        int port = freeClientPort();
        connectAt[port] = sim.now;
        attempts++;
        sim.client.connect(port, serverPort, plan.preset(), true, sim.now);
        sim.drain();
    }

    private int freeClientPort() {
        IpAddress client = sim.config().client();
        while (nextClientPort <= LAST_CLIENT_PORT) {
            int port = nextClientPort++;
            ConnectionId id = new ConnectionId(new HostPort(client, port), serverPort);
            if (sim.client.connection(id) == null && server.connection(id) == null
                    && listener.synQueue().find(client, port) == null) {
                return port;
            }
        }
        throw new IllegalArgumentException("no free client port left in " + FIRST_CLIENT_PORT + ".." + LAST_CLIENT_PORT);
    }

    /** The history filter: the legitimate clients' events, the kept attack SYNs' events, and notes. */
    private boolean keep(TcpEvent e) {
        ConnectionId c = e.connection();
        if (e instanceof TcpEvent.FloodNote || c == null) {
            return true;
        }
        HostPort client = c.client();
        if (client.address().equals(clientAddress)) {
            observeLegitimate(e, client.port());
            return true;
        }
        return kept.contains(client);
    }

    private void observeLegitimate(TcpEvent e, int port) {
        if (connectAt[port] < 0) {
            return;
        }
        if (e instanceof TcpEvent.StateChanged sc && sc.host() == Host.SERVER && sc.to() == TcpState.ESTABLISHED) {
            successes++;
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencyCount * 2);
            }
            latencies[latencyCount++] = e.atMicros() - connectAt[port];
        } else if (e instanceof TcpEvent.ConnectFailed && e.host() == Host.CLIENT) {
            failures++;
        }
    }

    // ------------------------------------------------------------------ the series

    /** The server counters the series is made of, in {@link FloodSeries.Bucket} order. */
    private long[] counters() {
        Counters c = server.counters();
        return new long[] {
            c.get(Counter.SYNS_RECEIVED),
            c.drops(DropReason.SYN_QUEUE_FULL) + c.drops(DropReason.ACCEPT_QUEUE_FULL_SYN) + c.drops(DropReason.SYN_BACKLOG_UNPROVEN),
            c.get(Counter.SYNACKS_SENT) - c.get(Counter.SYNACK_RETRANSMITS) + c.get(Counter.SYNCOOKIES_SENT),
            c.get(Counter.SYNACK_RETRANSMITS),
            c.get(Counter.SYNCOOKIES_SENT),
            c.get(Counter.SYNCOOKIES_RECV)};
    }

    /** What one half-open request of the lab's family costs ({@link HalfOpenFootprint}). */
    private int bytesPerRequest() {
        return HalfOpenFootprint.bytes(ipv6);
    }

    private void closeBucket(long bucketStart) {
        long[] after = counters();
        long[] d = new long[after.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = after[k] - before[k];
        }
        before = after;
        Long p50 = null;
        if (latencyCount > 0) {
            Arrays.sort(latencies, 0, latencyCount);
            p50 = latencies[(latencyCount - 1) / 2];
        }
        int synQueue = listener.synQueue().size();
        buckets.add(new FloodSeries.Bucket(bucketStart, synQueue, listener.acceptQueueLength(), d[0], d[1], d[2], d[3], d[4], d[5],
                attempts, successes, failures, p50, (long) synQueue * bytesPerRequest()));
        attempts = 0;
        successes = 0;
        failures = 0;
        latencyCount = 0;
    }

    // ------------------------------------------------------------------ notes

    private void note(long at, ConnectionId connection, String kind, String text) {
        sim.sink.accept(new TcpEvent.FloodNote(at, Host.SERVER, connection, kind, text));
    }

    private String startText(long start) {
        String attack = plan.syns() == 0 ? "no attack SYNs"
                : plan.syns() + " spoofed SYNs at " + plan.ratePerSecond() + "/s from " + plan.sources().describe()
                        + (ipv6 && plan.sources() instanceof AttackSources.Cidr c
                                ? " (as IPv4-embedded IPv6 addresses, " + c.embedded().describe() + ", RFC 6052)" : "")
                        + ", starting " + (plan.startMicros() / 1000) + " ms in";
        String legit = plan.legitClients() == 0 ? "no legitimate clients"
                : plan.legitClients() + " legitimate " + plan.preset().name().toLowerCase(java.util.Locale.ROOT)
                        + " clients from " + clientAddress + " at " + plan.legitRatePerSecond() + "/s";
        return "SYN flood over " + (plan.durationMicros() / 1000) + " ms of virtual time: " + attack + "; " + legit
                + ". The history keeps every event of the legitimate clients, and of the attack the first "
                + plan.sampleFirst() + " SYNs and every " + plan.sampleEvery() + "th (each after a flood-sample note); "
                + "everything is counted per " + (plan.bucketMicros() / 1000) + " ms bucket in the flood series.";
    }

    private String endText() {
        FloodSeries.Bucket t = new FloodSeries(plan.bucketMicros(), bytesPerRequest(), buckets).totals();
        return "SYN flood over: " + t.synsReceived() + " SYNs reached the listener, " + t.synsDropped() + " dropped, "
                + t.synAcksSent() + " SYN-ACKs sent (" + t.cookiesSent() + " with cookies), " + t.synAcksResent()
                + " retransmitted, " + t.cookiesValidated() + " cookies validated; legitimate clients: "
                + t.legitSuccesses() + " of " + t.legitAttempts() + " completed, " + t.legitFailures() + " gave up. "
                + "SYN queue now " + listener.synQueue().size() + " of " + (listener.maxAckBacklog() + 1) + " slots.";
    }
}
