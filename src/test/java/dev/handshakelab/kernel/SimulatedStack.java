package dev.handshakelab.kernel;

import dev.handshakelab.core.net.IcmpUnreachable;
import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.TcpConnection;
import dev.handshakelab.core.tcp.TcpHost;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.tcp.Transition;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.packetdrill.SysctlBridge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated host as a {@link Stack}: a {@link TcpHost} on a virtual clock, driven the way
 * the packetdrill runner drives it ({@code ScriptRunner}): made at the first call or packet that
 * needs it, so that the preamble's sysctls and listen()'s backlog are in its profile.
 */
final class SimulatedStack implements Stack {

    private enum Kind { NEW, LISTENER, CONNECTED, CONNECTING }

    private static final class Sock {
        Kind kind = Kind.NEW;
        int port;
        TcpConnection connection;
    }

    private final StackProfile.Builder profile;
    private final long seed;
    private TcpHost host;
    private Scenario network;
    private long now;
    private final List<Sent> sent = new ArrayList<>();
    private final Map<Integer, Sock> socks = new HashMap<>();
    private int nextFd = 3;

    /** {@code base} should already carry what the kernel's namespace cannot change (e.g. {@code net.core.rmem_max}). */
    SimulatedStack(StackProfile base, long seed) {
        // the scenario is the application: it calls accept() itself
        this.profile = base.toBuilder().acceptRate(0);
        this.seed = seed;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public void sysctl(String name, String value) {
        if (host != null) {
            throw new Unsupported("a sysctl after the host started is not modelled");
        }
        try {
            if (!SysctlBridge.apply(profile, name, value)) {
                throw new Unsupported("the sysctl " + name + " is not modelled by the simulated server");
            }
        } catch (IllegalArgumentException e) {
            throw new Unsupported("sysctl " + name + "=" + value + " refused: " + e.getMessage());
        }
    }

    @Override
    public void start(Scenario scenario) {
        network = scenario;
        profile.mtu(scenario.mtu());
        now = 0;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public long lastActionAt() {
        return now;
    }

    private TcpHost host(Host role) {
        if (host == null) {
            host = new TcpHost(role, network.local(), profile.build(), seed);
            host.setWire(d -> sent.add(new Sent(now, d)));
        }
        return host;
    }

    @Override
    public void inject(IpDatagram d) {
        host(Host.SERVER).receive(d, true, now);
    }

    @Override
    public void injectIcmp(IpDatagram quoted, int code) {
        IcmpUnreachable unreachable = java.util.Arrays.stream(IcmpUnreachable.values())
                .filter(u -> u.ipv6() == quoted.ipv6() && u.code() == code).findFirst()
                .orElseThrow(() -> new Unsupported((quoted.ipv6() ? "ICMPv6" : "ICMP") + " unreachable code " + code + " is not modelled"));
        host.icmpUnreachable(quoted, unreachable, "the client's host", now);
    }

    @Override
    public List<Sent> awaitSent(int count, long until) {
        while (sent.size() <= count && host != null && host.nextDeadline() <= until) {
            now = Math.max(now, host.nextDeadline());
            host.fireTimers(now);
        }
        if (sent.size() <= count) {
            now = Math.max(now, until);
        }
        return List.copyOf(sent);
    }

    @Override
    public int socket() {
        socks.put(nextFd, new Sock());
        return nextFd++;
    }

    private Sock sock(int fd) {
        Sock s = socks.get(fd);
        if (s == null) {
            throw new Unsupported("no socket " + fd);
        }
        return s;
    }

    @Override
    public Result setsockopt(int fd, String name, int value) {
        switch (name) {
            case "SO_REUSEADDR", "SO_REUSEPORT", "TCP_NODELAY" -> {
                return Result.ok(0); // no effect on a handshake with one listener
            }
            case "TCP_MAXSEG", "TCP_DEFER_ACCEPT", "TCP_FASTOPEN" -> {
                if (host != null) {
                    throw new Unsupported(name + " after the host started is not modelled");
                }
                if (name.equals("TCP_MAXSEG")) {
                    profile.tcpMaxseg(value);
                } else if (name.equals("TCP_FASTOPEN")) {
                    profile.fastOpenQlen(value);
                } else {
                    profile.deferAcceptSeconds(value);
                }
                return Result.ok(0);
            }

            default -> throw new Unsupported("the socket option " + name + " is not modelled by the simulated server");
        }
    }

    @Override
    public Result bind(int fd, int port) {
        sock(fd).port = port;
        return Result.ok(0);
    }

    @Override
    public Result listen(int fd, int backlog) {
        Sock s = sock(fd);
        if (host != null && host.profile().backlog() != Math.max(0, backlog)) {
            throw new Unsupported("listen() after the host started with another backlog is not modelled");
        }
        profile.backlog(Math.max(0, backlog));
        host(Host.SERVER).listen(s.port);
        s.kind = Kind.LISTENER;
        return Result.ok(0);
    }

    @Override
    public Result accept(int fd) {
        if (sock(fd).kind != Kind.LISTENER) {
            return Result.error("EINVAL");
        }
        TcpConnection c = host.accept(now);
        if (c == null) {
            return Result.error("EAGAIN");
        }
        Sock child = new Sock();
        child.kind = Kind.CONNECTED;
        child.connection = c;
        socks.put(nextFd, child);
        return Result.ok(nextFd++);
    }

    @Override
    public Result connect(int fd, int localPort, int port) {
        Sock s = sock(fd);
        if (host != null && host.host() != Host.CLIENT) {
            throw new Unsupported("connect() on a host that already listens or received a packet is not modelled");
        }
        s.kind = Kind.CONNECTING;
        s.connection = host(Host.CLIENT).connect(localPort, new HostPort(network.remote(), port), ClientPreset.LINUX, true, now);
        return Result.error("EINPROGRESS");
    }

    /** The errno a failed connect left on the socket, from the cause of its last transition (as ScriptRunner reads it). */
    @Override
    public Result soError(int fd) {
        Sock s = sock(fd);
        if (s.connection == null || s.connection.state() != TcpState.CLOSED) {
            return Result.ok(0);
        }
        List<Transition> t = s.connection.transitions();
        String cause = t.get(t.size() - 1).cause();
        int colon = cause.indexOf(':');
        return Result.error(colon > 0 && cause.substring(0, colon).matches("E[A-Z]+") ? cause.substring(0, colon) : "ECONNRESET");
    }

    @Override
    public Result read(int fd, int bytes) {
        Sock s = sock(fd);
        if (s.kind != Kind.CONNECTED) {
            return Result.error("ENOTCONN");
        }
        long n = host.read(s.connection, bytes);
        return n < 0 ? Result.error("EAGAIN") : Result.ok(n);
    }

    @Override
    public Result close(int fd) {
        Sock s = sock(fd);
        if (s.kind == Kind.LISTENER) {
            if (host.listener().synQueue().size() > 0 || host.listener().acceptQueueLength() > 0) {
                throw new Unsupported("closing a listener with queued connections (inet_csk_listen_stop) is not modelled");
            }
            host.stopListening();
        } else if (s.connection != null && host.connection(s.connection.id()) != null) {
            throw new Unsupported("close() of an open connection (FIN, or RST with unread data) is not modelled");
        }
        socks.remove(fd);
        return Result.ok(0);
    }

    @Override
    public void close() {
        // nothing to release: the host is garbage
    }
}
