package dev.handshakelab.kernel;

import dev.handshakelab.core.wire.DecodedDatagram;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SegmentCodec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The machine's kernel as a {@link Stack}: one network namespace of the {@link KernelPeer},
 * with a TUN device whose far end is this class. Datagrams are encoded and decoded by the lab's
 * own {@link SegmentCodec} (so the checksums the kernel verifies are the codec's); times are the
 * peer's monotonic clock, read where the datagram is read.
 */
final class KernelStack implements Stack {

    /** After an injection, how long to wait for the kernel's answer, and the quiet that says it is complete. */
    private static final long ANSWER_WAIT_MICROS = 30_000;
    private static final long ANSWER_QUIET_MICROS = 3_000;

    private final KernelPeer peer;
    private final List<Sent> sent = new ArrayList<>();
    private long now;
    private long lastActionAt;
    private boolean open = true;

    KernelStack(KernelPeer peer) {
        this.peer = peer;
        peer.request(Map.of("op", "scenario"));
    }

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public void sysctl(String name, String value) {
        peer.request(Map.of("op", "sysctl", "name", name, "value", value));
    }

    @Override
    public void start(Scenario network) {
        request(Map.of("op", "start", "local", network.local().toString(), "remote", network.remote().toString(), "mtu", network.mtu()));
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public long lastActionAt() {
        return lastActionAt;
    }

    /** A request in the scenario; its reply says when it began and ended on the peer's clock. */
    private JsonNode request(Map<String, ?> request) {
        JsonNode reply = peer.request(request);
        now = reply.get("t").asLong();
        return reply;
    }

    @Override
    public void inject(IpDatagram d) {
        lastActionAt = request(Map.of("op", "inject", "hex", HexFormat.of().formatHex(SegmentCodec.encodeIp(d)))).get("t0").asLong();
        // the answer is usually written before the write returns; wait for it so that what
        // comes next (an accept(), another packet) sees the state the answer left
        collect(request(Map.of("op", "wait", "first", sent.size(), "until", now + ANSWER_WAIT_MICROS, "quiet", ANSWER_QUIET_MICROS)));
    }

    @Override
    public void injectIcmp(IpDatagram quoted, int code) {
        lastActionAt = request(Map.of("op", "icmp", "code", code, "hex", HexFormat.of().formatHex(SegmentCodec.encodeIp(quoted)))).get("t0").asLong();
        collect(request(Map.of("op", "wait", "first", sent.size(), "until", now + ANSWER_WAIT_MICROS, "quiet", ANSWER_QUIET_MICROS)));
    }

    @Override
    public List<Sent> awaitSent(int count, long until) {
        if (sent.size() > count) {
            return List.copyOf(sent);
        }
        do {
            collect(request(Map.of("op", "wait", "first", sent.size(), "until", until)));
        } while (sent.size() <= count && now < until);
        return List.copyOf(sent);
    }

    private void collect(JsonNode reply) {
        for (JsonNode p : reply.get("packets")) {
            byte[] bytes = HexFormat.of().parseHex(p.get("hex").asString());
            DecodedDatagram d = SegmentCodec.decodeIp(bytes);
            sent.add(new Sent(p.get("t").asLong(), d.datagram(), d.dscp()));
        }
    }

    private Result call(Map<String, ?> request) {
        JsonNode r = request(request);
        lastActionAt = r.get("t0").asLong();
        return r.has("errno") ? Result.error(r.get("errno").asString()) : Result.ok(r.get("result").asLong());
    }

    @Override
    public int socket() {
        return (int) call(Map.of("op", "socket")).value();
    }

    @Override
    public Result setsockopt(int fd, String name, int value) {
        return call(Map.of("op", "setsockopt", "fd", fd, "name", name, "value", value));
    }

    @Override
    public Result bind(int fd, int port) {
        return call(Map.of("op", "bind", "fd", fd, "port", port));
    }

    @Override
    public Result listen(int fd, int backlog) {
        return call(Map.of("op", "listen", "fd", fd, "backlog", backlog));
    }

    @Override
    public Result accept(int fd) {
        return call(Map.of("op", "accept", "fd", fd));
    }

    @Override
    public Result connect(int fd, int localPort, int port) {
        return call(Map.of("op", "connect", "fd", fd, "local_port", localPort, "port", port));
    }

    @Override
    public Result soError(int fd) {
        return call(Map.of("op", "so_error", "fd", fd));
    }

    @Override
    public Result read(int fd, int bytes) {
        return call(Map.of("op", "read", "fd", fd, "n", bytes));
    }

    @Override
    public Result close(int fd) {
        return call(Map.of("op", "close", "fd", fd));
    }

    /** Ends the scenario: the peer's child exits and its namespace, TUN and sockets go with it. */
    @Override
    public void close() {
        if (open) {
            open = false;
            if (peer.usable()) {
                peer.request(Map.of("op", "quit"));
            }
        }
    }

}
